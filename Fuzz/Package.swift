// swift-tools-version:6.0
import PackageDescription

/// libFuzzer targets: `LabFuzz` for the lab language's lexer, parser, resolver and evaluator,
/// `LabDocFuzz` for the document path (Markdown with math, cmark, TeX to MathML, the three
/// renderers). Build and run commands are in the README's Development section.
let package = Package(
    name: "LabFuzz",
    dependencies: [.package(name: "labrun", path: "..")],
    targets: [
        .executableTarget(
            name: "LabFuzz",
            dependencies: [.product(name: "LabLanguage", package: "labrun")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
        .executableTarget(
            name: "LabDocFuzz",
            dependencies: [.product(name: "LabDocumentPath", package: "labrun")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
    ]
)
