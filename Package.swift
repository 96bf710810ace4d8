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
        .target(name: "LabStdlib", dependencies: ["LabLanguage", "TensorCore", "LabReport"]),
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
        .testTarget(name: "TensorCoreTests", dependencies: ["TensorCore", "TestSupport"]),
        .testTarget(
            name: "LabReportTests", dependencies: ["LabReport", "LabMarkdown", "TestSupport"],
            exclude: ["Golden"]),
        .testTarget(name: "LabStdlibTests", dependencies: ["LabStdlib", "TestSupport"]),
        .testTarget(name: "LabSessionTests", dependencies: ["LabSession", "TestSupport"]),
        .testTarget(name: "labrunTests", dependencies: ["labrun", "TestSupport"]),
    ]
)

// The interpreter benchmark (release): `swift run -c release LabBench`.
package.targets.append(.executableTarget(name: "LabBench", dependencies: ["LabLanguage"], path: "bench"))
