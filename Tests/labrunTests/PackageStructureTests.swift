import Foundation
import TestSupport
import Testing

/// Package.swift declares every module a target imports. SwiftPM lets a target import a module it
/// reaches only through another target's dependencies, which breaks as soon as that dependency
/// changes, and hides from a reader which way the modules depend on each other.
@Suite struct PackageStructureTests {
    /// A target of Package.swift: its name, folder and declared dependencies.
    struct Target {
        var name: String
        var folder: String
        var dependencies: Set<String>
    }

    /// Modules of the toolchain and the system that need no declaration.
    static let system: Set<String> = ["Foundation", "FoundationXML", "Glibc", "Darwin", "Dispatch", "Testing", "XCTest", "PackageDescription"]

    /// Products of package dependencies, by the module names they provide.
    static let productModules = [
        "CSV": "CSV", "ArgumentParser": "ArgumentParser", "FlyingFox": "FlyingFox", "FlyingSocks": "FlyingSocks",
    ]

    static func targets() throws -> [Target] {
        let manifest = try String(contentsOf: repositoryRoot().appendingPathComponent("Package.swift"), encoding: .utf8)
        // Each `.target(`, `.testTarget(`, `.executableTarget(` up to the matching parenthesis.
        var targets: [Target] = []
        var rest = Substring(manifest)
        let kinds = [".target(", ".testTarget(", ".executableTarget("]
        while let start = kinds.compactMap({ rest.range(of: $0) }).min(by: { $0.lowerBound < $1.lowerBound }) {
            var depth = 1
            var index = start.upperBound
            while index < rest.endIndex && depth > 0 {
                if rest[index] == "(" { depth += 1 } else if rest[index] == ")" { depth -= 1 }
                index = rest.index(after: index)
            }
            let body = String(rest[start.upperBound..<index])
            let isTest = manifest[start.lowerBound...].hasPrefix(".testTarget(")
            rest = rest[index...]
            guard let name = firstQuoted(after: "name:", in: body) else { continue }
            let folder = firstQuoted(after: "path:", in: body) ?? ((isTest ? "Tests/" : "Sources/") + name)
            var dependencies: Set<String> = []
            if let list = body.range(of: "dependencies: [") {
                let tail = body[list.upperBound...]
                let inside = tail[..<(tail.firstIndex(of: "]") ?? tail.endIndex)]
                for piece in inside.split(separator: ",") {
                    let text = piece.trimmingCharacters(in: .whitespacesAndNewlines)
                    if text.hasPrefix(".product(") {
                        if let product = firstQuoted(after: "name:", in: text) { dependencies.insert(productModules[product] ?? product) }
                    } else if let quoted = firstQuoted(after: "", in: text) {
                        dependencies.insert(quoted)
                    }
                }
            }
            targets.append(Target(name: name, folder: folder, dependencies: dependencies))
        }
        return targets
    }

    static func firstQuoted(after key: String, in text: String) -> String? {
        guard let keyRange = key.isEmpty ? text.startIndex..<text.startIndex : text.range(of: key),
            let open = text[keyRange.upperBound...].firstIndex(of: "\"")
        else { return nil }
        let after = text.index(after: open)
        guard let close = text[after...].firstIndex(of: "\"") else { return nil }
        return String(text[after..<close])
    }

    /// The modules the Swift files under `folder` import.
    static func imports(in folder: String) -> [String: String] {
        let root = repositoryRoot().appendingPathComponent(folder)
        var found: [String: String] = [:]
        let files = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? []
        for file in files where file.hasSuffix(".swift") {
            guard let text = try? String(contentsOf: root.appendingPathComponent(file), encoding: .utf8) else { continue }
            for line in text.split(separator: "\n") {
                let words = line.split(separator: " ")
                guard let i = words.firstIndex(of: "import"), i == 0 || words[0] == "@testable" || words[0] == "@_implementationOnly",
                    i + 1 < words.count
                else { continue }
                if found[String(words[i + 1])] == nil { found[String(words[i + 1])] = file }
            }
        }
        return found
    }

    @Test func everyImportIsADeclaredDependency() throws {
        let targets = try Self.targets()
        #expect(targets.contains { $0.name == "labrun" } && targets.contains { $0.name == "LabSessionTests" })
        for target in targets {
            for (module, file) in Self.imports(in: target.folder) {
                let declared = target.dependencies.contains(module) || Self.system.contains(module) || module == target.name
                #expect(declared, "\(target.folder)/\(file) imports \(module), which Package.swift does not declare for \(target.name)")
            }
        }
    }
}
