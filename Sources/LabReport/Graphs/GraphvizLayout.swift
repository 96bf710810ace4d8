import CGraphviz
import Foundation

/// The only file that calls Graphviz: DOT text in, SVG text out, every C object freed before returning.
///
/// Graphviz keeps global state and is not thread-safe, so every call goes through one lock, and all
/// calls share one context (creating a context loads the plugins, which is slow).
enum GraphvizLayout {
    /// Why Graphviz could not draw a graph.
    struct Failure: Error, Equatable {
        var message: String
    }

    private final class Shared: @unchecked Sendable {
        let lock = NSLock()
        /// Created on first use under `lock`; lives as long as the process.
        var context: OpaquePointer?
    }

    private static let shared = Shared()

    /// Lays out `dot` with the `dot` engine and renders it as SVG.
    static func svg(fromDOT dot: String) throws -> String {
        shared.lock.lock()
        defer { shared.lock.unlock() }
        if shared.context == nil {
            // Graphviz reports problems on stderr; our DOT is generated, so only show real errors.
            agseterr(AGERR)
            shared.context = gvContext()
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
}
