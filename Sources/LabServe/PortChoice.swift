import FlyingFox
import FlyingSocks
import Foundation

/// Which addresses reach this machine only (the command line warns about any other).
public enum LabServerAddress {
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// Why `host` cannot be listened on (not an address), or nil.
    public static func problem(with host: String) -> String? {
        (try? PortChoice.parse(host: host, port: 0)) == nil ? notAnAddress(host) : nil
    }

    static func notAnAddress(_ host: String) -> String {
        "--host must be an IP address such as 127.0.0.1, ::1 or 0.0.0.0, or localhost; got '\(host)'"
    }
}

/// The address `labrun --serve` listens on.
enum PortChoice {
    /// The socket address for `host` (an IPv4 or IPv6 literal, or `localhost`) and `port`.
    static func address(host: String, port: UInt16) throws -> any SocketAddress {
        do {
            return try parse(host: host, port: port)
        } catch {
            throw ServeError("labrun: error: " + LabServerAddress.notAnAddress(host))
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
