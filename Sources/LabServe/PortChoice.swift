import FlyingFox
import FlyingSocks
import Foundation
import LabReport

/// Which addresses reach this machine only (the command line warns about any other).
public enum LabServerAddress {
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// Why `host` cannot be listened on (not an address), or nil.
    public static func problem(with host: String) -> String? {
        (try? PortChoice.parse(host: host, port: 0)) == nil
            ? "--host must be an IP address such as 127.0.0.1, ::1 or 0.0.0.0, or localhost; got '\(host)'" : nil
    }
}

/// The address `labrun --serve` listens on.
enum PortChoice {
    /// The socket address for `host` (an IPv4 or IPv6 literal, or `localhost`) and `port`.
    static func address(host: String, port: UInt16) throws -> any SocketAddress {
        do {
            return try parse(host: host, port: port)
        } catch {
            throw ServeError("labrun: error: " + (LabServerAddress.problem(with: host) ?? "cannot use --host '\(host)'"))
        }
    }

    static func parse(host: String, port: UInt16) throws -> any SocketAddress {
        if host == "localhost" { return try sockaddr_in.inet(ip4: "127.0.0.1", port: port) }
        return host.contains(":") ? try sockaddr_in6.inet6(ip6: host, port: port) : try sockaddr_in.inet(ip4: host, port: port)
    }

    /// The first of `count` ports from `first` that nothing listens on (checked by binding it as
    /// the server will, then letting it go).
    static func firstFree(host: String, from first: UInt16, count: Int) throws -> UInt16 {
        for offset in 0..<count {
            let port = first + UInt16(offset)
            if isFree(host: host, port: port) { return port }
        }
        throw ServeError("labrun: error: ports \(first) to \(Int(first) + count - 1) are all in use; choose one with --port")
    }

    static func isFree(host: String, port: UInt16) -> Bool {
        guard let address = try? address(host: host, port: port),
              let socket = try? Socket(domain: Int32(type(of: address).family))
        else { return false }
        defer { try? socket.close() }
        do {
            try socket.setValue(true, for: .localAddressReuse)
            try socket.bind(to: address)
            return true
        } catch {
            return false
        }
    }
}

/// The page at `/`: the labs served, each with a link and how its last run went.
enum LiveIndex {
    static func page(_ labs: [LiveLab]) -> String {
        let items = labs.map { lab -> String in
            let href = "/" + (lab.stem.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? lab.stem) + ".html"
            return "<li><a href=\"\(HTML.escape(href))\">\(HTML.escape(lab.path))</a>: \(HTML.escape(lab.current.summary))</li>"
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>labrun: \(labs.count) lab\(labs.count == 1 ? "" : "s")</title>
            <style>
            body { font: 1rem/1.5 system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
            @media (prefers-color-scheme: dark) { body { background: #0d1117; color: #e6edf3; } a { color: #6cb6ff; } }
            </style>
            </head>
            <body>
            <h1>Labs served by labrun</h1>
            <ul>
            \(items.joined(separator: "\n"))
            </ul>
            <p>Each handout follows its lab: save the lab and the page shows the new results.</p>
            </body>
            </html>

            """
    }
}
