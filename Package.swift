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
        // `labrun --serve`: a small async HTTP/1.1 server with no SwiftNIO underneath (its whole
        // debug build takes ~20 s here, so README's first line stays within two minutes).
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    targets: [
        // C libraries, one system-library target each (apt on Debian, Homebrew on macOS).
        .systemLibrary(
            name: "CCmark", pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"]), .brew(["cmark"])]),
        .systemLibrary(
            name: "CGraphviz", pkgConfig: "libgvc",
            providers: [.apt(["libgraphviz-dev"]), .brew(["graphviz"])]),
        .systemLibrary(
            name: "CBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"]), .brew(["openblas"])]),

        .target(name: "LabSupport"),
        .target(name: "LabMarkdown", dependencies: ["CCmark", "LabSupport"]),
        .target(name: "LabLanguage", dependencies: ["LabSupport", "CThreadSlots"]),
        .target(name: "CThreadSlots"),
        .target(name: "TensorCore", dependencies: ["CBLAS", "CThreadSlots", "CKernels"]),
        .target(name: "LabOutput"),
        .target(name: "LabReport", dependencies: ["LabMarkdown", "LabOutput", "CGraphviz"], exclude: ["Math/MathFont"]),
        .target(
            name: "LabStdlib", dependencies: ["LabLanguage", "TensorCore", "NeuralNet", "LabData", "LabOutput"]),
        .target(
            name: "LabSession",
            dependencies: ["LabMarkdown", "LabLanguage", "TensorCore", "LabStdlib", "LabOutput", "LabReport"]),
        .target(
            name: "LabServe",
            dependencies: [
                "LabSession", "LabReport",
                .product(name: "FlyingFox", package: "FlyingFox"), .product(name: "FlyingSocks", package: "FlyingFox"),
            ]),
        .executableTarget(
            name: "labrun",
            dependencies: [
                "LabSession",
                "LabServe",
                "TensorCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "LabSupportTests", dependencies: ["LabSupport"]),
        .testTarget(name: "LabMarkdownTests", dependencies: ["LabMarkdown", "TestSupport"]),
        .testTarget(
            name: "LabLanguageTests", dependencies: ["LabLanguage", "TestSupport"],
            exclude: ["Scripts"]),
        .testTarget(
            name: "TensorCoreTests", dependencies: ["TensorCore", "CKernels", "TestSupport"],
            exclude: ["Reference", "Golden"]),
        .testTarget(name: "LabOutputTests", dependencies: ["LabOutput"]),
        .testTarget(
            name: "LabReportTests", dependencies: ["LabReport", "LabOutput", "LabMarkdown", "CCmark", "TestSupport"],
            exclude: ["Golden", "CommonMark"]),
        .testTarget(
            name: "LabStdlibTests",
            dependencies: ["LabStdlib", "LabLanguage", "NeuralNet", "LabOutput", "TestSupport"]),
        .testTarget(
            name: "LabSessionTests",
            dependencies: ["LabSession", "LabOutput", "LabReport", "LabMarkdown", "TestSupport"],
            exclude: ["Fixtures", "Golden", "Browser/probe.js"]),
        .testTarget(name: "labrunTests", dependencies: ["labrun", "TestSupport"], exclude: ["Schemas"]),
        .target(name: "LabData", dependencies: ["LabSupport", .product(name: "CSV", package: "CSV.swift")]),
        .testTarget(name: "LabDataTests", dependencies: ["LabData", "TestSupport"]),
        .target(name: "NeuralNet", dependencies: ["TensorCore"]),
        .testTarget(
            name: "NeuralNetTests", dependencies: ["NeuralNet", "TensorCore", "TestSupport"],
            exclude: ["Reference"]),
    ]
)

// Benchmarks (release builds): `swift run -c release TensorBench`, `swift run -c release LabBench`.
package.targets.append(contentsOf: [
    .executableTarget(name: "TensorBench", dependencies: ["TensorCore"], path: "bench/TensorBench"),
    .executableTarget(name: "LabBench", dependencies: ["LabLanguage"], path: "bench/LabBench"),
])

// Debug builds are what students run (`swift run labrun`), and at -Onone the interpreter and the
// tensor code are about 7x slower than release on the lecture's training loops (generic code,
// retain/release and exclusivity checks are not optimised away). The modules on that hot path are
// compiled with -O in debug builds too, which keeps debug within ~2x of release. SwiftPM still
// passes -enable-testing in debug builds, so `@testable import` keeps working; the cost is a slower
// debug compile of these modules and less precise stepping in a debugger.
let optimizedInDebug: Set<String> = ["LabLanguage", "TensorCore", "NeuralNet", "LabStdlib"]
for target in package.targets where optimizedInDebug.contains(target.name) {
    target.swiftSettings = (target.swiftSettings ?? []) + [.unsafeFlags(["-O"], .when(configuration: .debug))]
}

// The fuzz package (Fuzz/, built with libFuzzer) depends on the interpreter and the document path
// (Markdown, math, the renderers) through these products.
package.products.append(contentsOf: [
    .library(name: "LabLanguage", targets: ["LabLanguage"]),
    .library(name: "LabDocumentPath", targets: ["LabMarkdown", "LabOutput", "LabReport"]),
])

// Swift 6.3.1's SIL optimizer does not finish on the labrun command module in release builds (its
// loop-invariant code motion pass runs for more than 15 minutes; seen with gdb on swift-frontend).
// The module is command-line glue with no hot loops, so it is built unoptimised in every
// configuration; the modules that do the work keep -O.
for target in package.targets where target.name == "labrun" {
    target.swiftSettings = (target.swiftSettings ?? []) + [.unsafeFlags(["-Onone"], .when(configuration: .release))]
}

// Element loops in C (the fused loss, log, sigmoid, arithmetic and sums), built generic and with AVX2
// and chosen at run time (Sources/CKernels/kernels.c and arith.c; docs/architecture.md explains why they are not Swift). Like TensorCore
// they are optimised in debug builds too: at -O0 a debug epoch of the hard-way benchmark took 22 µs
// instead of 10 (the loss alone 14 µs instead of 0.8), and this way the tests check the vectorised
// loops that release builds run. Nothing in a C source can raise the optimisation level, hence the
// unsafe flag.
package.targets.append(.target(name: "CKernels", cSettings: [.unsafeFlags(["-O2"], .when(configuration: .debug))]))
