// swift-tools-version:6.0
import PackageDescription

/// A libFuzzer target for the lab language's lexer, parser, resolver and evaluator.
/// Build and run commands are in the README's Development section.
let package = Package(
    name: "LabFuzz",
    dependencies: [.package(name: "labrun", path: "..")],
    targets: [
        .executableTarget(
            name: "LabFuzz",
            dependencies: [.product(name: "LabLanguage", package: "labrun")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
    ]
)
