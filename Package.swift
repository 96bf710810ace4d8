// swift-tools-version:6.0
import PackageDescription

/// Modules and their one-directional dependencies are described in docs/architecture.md.
let package = Package(
    name: "labrun",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "labrun", targets: ["labrun"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
    ],
    targets: [
        // C libraries, one system-library target each (apt on Debian, Homebrew on macOS).
        .systemLibrary(
            name: "CCmark", pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"]), .brew(["cmark"])]),
        .systemLibrary(
            name: "CBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"]), .brew(["openblas"])]),

        .target(name: "LabMarkdown", dependencies: ["CCmark"]),
        .target(name: "LabLanguage"),
        .target(name: "TensorCore", dependencies: ["CBLAS"]),
        .target(name: "LabReport", dependencies: ["LabMarkdown"]),
        .target(name: "LabStdlib", dependencies: ["LabLanguage", "TensorCore", "LabData", "LabReport"]),
        .target(
            name: "LabSession",
            dependencies: ["LabMarkdown", "LabLanguage", "TensorCore", "LabStdlib", "LabReport"]),
        .executableTarget(
            name: "labrun",
            dependencies: [
                "LabSession",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "LabMarkdownTests", dependencies: ["LabMarkdown", "TestSupport"]),
        .testTarget(
            name: "LabLanguageTests", dependencies: ["LabLanguage", "TestSupport"],
            exclude: ["Scripts"]),
        .testTarget(
            name: "TensorCoreTests", dependencies: ["TensorCore", "TestSupport"],
            exclude: ["Reference", "Golden"]),
        .testTarget(
            name: "LabReportTests", dependencies: ["LabReport", "LabMarkdown", "TestSupport"],
            exclude: ["Golden"]),
        .testTarget(name: "LabStdlibTests", dependencies: ["LabStdlib", "TestSupport"]),
        .testTarget(
            name: "LabSessionTests", dependencies: ["LabSession", "TestSupport"],
            exclude: ["Fixtures", "Golden"]),
        .testTarget(name: "labrunTests", dependencies: ["labrun", "TestSupport"]),
        .target(name: "LabData", dependencies: [.product(name: "CSV", package: "CSV.swift")]),
        .testTarget(name: "LabDataTests", dependencies: ["LabData", "TestSupport"]),
    ]
)

// Benchmarks (release builds): `swift run -c release TensorBench`, `swift run -c release LabBench`.
package.targets.append(contentsOf: [
    .executableTarget(name: "TensorBench", dependencies: ["TensorCore"], path: "bench/TensorBench"),
    .executableTarget(name: "LabBench", dependencies: ["LabLanguage"], path: "bench/LabBench"),
])

// The fuzz package (Fuzz/, built with libFuzzer) depends on the interpreter through this product.
package.products.append(.library(name: "LabLanguage", targets: ["LabLanguage"]))
