import CGraphviz
import Foundation

/// The only file that calls Graphviz: DOT text in, SVG text out, every C object freed before returning.
///
/// Graphviz keeps global state and is not thread-safe, so every call goes through one lock, and all
/// calls share one context (creating a context loads the plugins, which is slow).
///
/// The context loads only the `dot` layout and the core renderers, not the system's text-layout
/// plugin (pango), so labels are measured with Graphviz's built-in Helvetica/Arial metrics instead
/// of whatever fonts the machine has: the same graph gets the same boxes, and the committed figures
/// the same bytes, on every machine with the same Graphviz.
enum GraphvizLayout {
    /// Why Graphviz could not draw a graph.
    struct Failure: Error, Equatable {
        var message: String
    }

    private final class Shared: @unchecked Sendable {
        let lock = NSLock()
        /// Created on first use under `lock`; lives as long as the process.
        var context: OpaquePointer?
        /// The last few layouts, by DOT text: the HTML and Markdown reports draw every graph, and
        /// a watch-mode rerun draws the unchanged cells' graphs again.
        var recent: [(dot: String, svg: String)] = []
    }

    /// How many layouts `recent` keeps.
    static let recentLayouts = 16

    private static let shared = Shared()

    /// Lays out `dot` with the `dot` engine and renders it as SVG.
    static func svg(fromDOT dot: String) throws -> String {
        shared.lock.lock()
        defer { shared.lock.unlock() }
        if let hit = shared.recent.first(where: { $0.dot == dot }) { return hit.svg }
        let svg = try layOut(dot)
        shared.recent.append((dot, svg))
        if shared.recent.count > recentLayouts { shared.recent.removeFirst() }
        return svg
    }

    /// Lays out `dot` with Graphviz; the caller holds the lock.
    private static func layOut(_ dot: String) throws -> String {
        if shared.context == nil {
            // Graphviz reports problems on stderr; our DOT is generated, so only show real errors.
            agseterr(AGERR)
            shared.context = fontIndependentContext() ?? gvContext()
        }
        guard let gvc = shared.context else { throw Failure(message: "Graphviz could not start") }
        guard let graph = dot.withCString({ agmemread($0) }) else {
            throw Failure(message: "Graphviz could not read the graph description")
        }
        defer { agclose(graph) }
        guard gvLayout(gvc, graph, "dot") == 0 else { throw Failure(message: "Graphviz could not lay out the graph") }
        defer { gvFreeLayout(gvc, graph) }
        var data: UnsafeMutablePointer<CChar>? = nil
        var length: UInt32 = 0
        guard gvRenderData(gvc, graph, "svg", &data, &length) == 0, let data else {
            throw Failure(message: "Graphviz could not render the graph as SVG")
        }
        defer { gvFreeRenderData(data) }
        let bytes = UnsafeRawBufferPointer(start: data, count: Int(length))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A context with the plugin libraries `core` (SVG) and `dot_layout` only, loaded from
    /// Graphviz's plugin folder beside libgvc; nil when they cannot be found.
    private static func fontIndependentContext() -> OpaquePointer? {
        guard let core = pluginLibrary("core"), let dot = pluginLibrary("dot_layout") else { return nil }
        let names = [strdup("gvplugin_core_LTX_library"), strdup("gvplugin_dot_layout_LTX_library")]
        // Graphviz keeps the list for the context's lifetime, which is the process's.
        let list = UnsafeMutablePointer<lt_symlist_t>.allocate(capacity: 3)
        list[0] = lt_symlist_t(name: names[0], address: core)
        list[1] = lt_symlist_t(name: names[1], address: dot)
        list[2] = lt_symlist_t(name: nil, address: nil)
        return gvContextPlugins(list, 0)
    }

    /// The `gvplugin_<name>_LTX_library` record of one of Graphviz's plugin libraries, which live
    /// in a `graphviz` folder beside libgvc.
    private static func pluginLibrary(_ name: String) -> UnsafeMutableRawPointer? {
        guard let libgvc = libgvcPath() else { return nil }
        let folder = URL(fileURLWithPath: libgvc).deletingLastPathComponent().appendingPathComponent("graphviz")
        for file in ["libgvplugin_\(name).so.6", "libgvplugin_\(name).so", "libgvplugin_\(name).6.dylib", "libgvplugin_\(name).dylib"] {
            guard let handle = dlopen(folder.appendingPathComponent(file).path, RTLD_NOW | RTLD_LOCAL) else { continue }
            if let symbol = dlsym(handle, "gvplugin_\(name)_LTX_library") { return symbol }
        }
        return nil
    }

    /// Where the libgvc this process loaded lives.
    private static func libgvcPath() -> String? {
        #if canImport(Darwin)
            var info = Dl_info()
            let address = unsafeBitCast(gvContext as @convention(c) () -> OpaquePointer?, to: UnsafeRawPointer.self)
            guard dladdr(address, &info) != 0, let name = info.dli_fname else { return nil }
            return String(cString: name)
        #else
            // glibc declares dladdr only for _GNU_SOURCE, which Swift's Glibc module is not built
            // with; the loader's map of this process names every loaded library instead.
            // Read line by line: /proc files report a size of 0, which whole-file readers trust.
            guard let file = fopen("/proc/self/maps", "r") else { return nil }
            defer { fclose(file) }
            var buffer: UnsafeMutablePointer<CChar>? = nil
            var capacity = 0
            defer { free(buffer) }
            while getline(&buffer, &capacity, file) > 0, let buffer {
                let line = String(cString: buffer).trimmingCharacters(in: .whitespacesAndNewlines)
                guard let slash = line.firstIndex(of: "/") else { continue }
                let path = line[slash...]
                if path.split(separator: "/").last?.hasPrefix("libgvc.") == true { return String(path) }
            }
            return nil
        #endif
    }
}
