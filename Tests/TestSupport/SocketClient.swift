import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A TCP connection to a local port for tests that speak HTTP (and WebSocket) themselves: what is
/// sent and read is exactly what is on the wire, event streams included.
public final class SocketClient {
    private let fd: Int32
    /// Bytes read but not yet consumed.
    public private(set) var buffer: [UInt8] = []

    /// Connects to `127.0.0.1:port`.
    public init(port: UInt16) throws {
        #if canImport(Glibc)
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw SocketClientError("socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw SocketClientError("cannot connect to port \(port)")
        }
    }

    deinit { close(fd) }

    /// A write to a closed connection fails instead of raising SIGPIPE (on Darwin the test host
    /// ignores SIGPIPE, as XCTest does).
    #if canImport(Glibc)
        static let noSignal = Int32(MSG_NOSIGNAL)
    #else
        static let noSignal: Int32 = 0
    #endif

    public func send(_ text: String) { send(Array(text.utf8)) }

    public func send(_ bytes: [UInt8]) {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Foundation.send(fd, $0.baseAddress, $0.count, Self.noSignal) }
            if n <= 0 { return }
            sent += n
        }
    }

    /// Reads until `done(buffer)` holds, the peer closes, or `seconds` pass; returns whether `done` held.
    @discardableResult
    public func read(seconds: Double, until done: ([UInt8]) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while !done(buffer) {
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { return false }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(min(left, 1) * 1000)) > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let n = recv(fd, &chunk, chunk.count, 0)
            guard n > 0 else { return done(buffer) }
            buffer += chunk[..<n]
        }
        return true
    }

    /// Everything read so far as text.
    public var text: String { String(decoding: buffer, as: UTF8.self) }

    /// Drops the first `count` bytes read.
    public func consume(_ count: Int) { buffer.removeFirst(min(count, buffer.count)) }
}

public struct SocketClientError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// One HTTP/1.1 exchange: status, headers (names lowercased) and body.
public struct HTTPExchange {
    public var status: Int
    public var headers: [String: String]
    public var body: String

    /// Sends `method path` to `127.0.0.1:port` with `headers` (a Host header is added unless
    /// given) and reads the whole response (the connection is closed after it).
    public static func request(
        port: UInt16, _ method: String, _ path: String, headers: [String: String] = [:], seconds: Double = 10
    ) throws -> HTTPExchange {
        let client = try SocketClient(port: port)
        var all = ["Host": "127.0.0.1:\(port)", "Connection": "close"]
        all.merge(headers) { $1 }
        let head = all.map { "\($0.key): \($0.value)\r\n" }.sorted().joined()
        client.send("\(method) \(path) HTTP/1.1\r\n\(head)Content-Length: 0\r\n\r\n")
        client.read(seconds: seconds, until: isComplete)
        return try parse(client.text)
    }

    /// Whether `bytes` hold a whole response with a Content-Length: servers that keep the
    /// connection open anyway (Chromium's DevTools endpoint) need not be waited out. Without the
    /// header the response ends when the server closes the connection.
    static func isComplete(_ bytes: [UInt8]) -> Bool {
        guard let end = headerEnd(bytes) else { return false }
        let head = String(decoding: bytes[..<end], as: UTF8.self).lowercased()
        guard let line = head.components(separatedBy: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
              let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces))
        else { return false }
        return bytes.count - (end + 4) >= length
    }

    /// Where the blank line that ends an HTTP header starts in `bytes` (the body begins 4 bytes
    /// later), or nil while the header is incomplete.
    public static func headerEnd(_ bytes: [UInt8]) -> Int? {
        bytes.indices.first { $0 + 4 <= bytes.count && bytes[$0..<$0 + 4].elementsEqual([13, 10, 13, 10]) }
    }

    static func parse(_ text: String) throws -> HTTPExchange {
        guard let split = text.range(of: "\r\n\r\n") else { throw SocketClientError("no complete response: \(text.prefix(200))") }
        let lines = text[..<split.lowerBound].components(separatedBy: "\r\n")
        let parts = lines.first?.split(separator: " ") ?? []
        guard parts.count >= 2, let status = Int(parts[1]) else { throw SocketClientError("bad status line: \(lines.first ?? "")") }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return HTTPExchange(status: status, headers: headers, body: String(text[split.upperBound...]))
    }
}
