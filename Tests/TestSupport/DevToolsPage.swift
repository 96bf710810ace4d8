import Foundation

/// Headless Chromium driven through the DevTools protocol: a page is opened and JavaScript is
/// evaluated in it while it stays open (what `--dump-dom` cannot do: it returns at the load event).
/// Used where a page must be watched changing, such as `labrun --serve`'s live handouts.
public final class DevToolsPage {
    /// The Chromium executable on the PATH (`.ci/deps --test` installs Debian's `chromium`), if any.
    public static let executable: String? = ["chromium", "chromium-browser", "google-chrome"].lazy
        .compactMap(onPath).first

    /// `name`'s full path when it is an executable on the PATH.
    public static func onPath(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    private let browser: Browser
    private let socket: SocketClient
    private var lastID = 0

    /// A headless Chromium process with its own profile, ended when its last page goes.
    private final class Browser {
        let process = Process()
        let profile: URL
        var port: UInt16 = 0

        init(url: String, width: Int, height: Int) throws {
            guard let chromium = DevToolsPage.executable else { throw SocketClientError("Chromium is not installed") }
            profile = try makeTemporaryDirectory("labrun-devtools")
            process.executableURL = URL(fileURLWithPath: chromium)
            process.arguments = [
                "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=0",
                "--user-data-dir=\(profile.path)", "--window-size=\(width),\(height)", url,
            ]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Chromium writes the port it chose, and the browser's path, to DevToolsActivePort.
            let active = profile.appendingPathComponent("DevToolsActivePort")
            var found: UInt16?
            for _ in 0..<300 where found == nil {
                if let text = try? String(contentsOf: active, encoding: .utf8), let first = text.split(separator: "\n").first {
                    found = UInt16(first)
                } else {
                    usleep(50_000)
                }
            }
            guard let found else { throw SocketClientError("Chromium did not open its DevTools port") }
            port = found
        }

        deinit {
            process.terminate()
            process.waitUntilExit()
            try? FileManager.default.removeItem(at: profile)
        }
    }

    /// Opens `url` in a new headless Chromium.
    public convenience init(url: String, width: Int = 1100, height: Int = 900) throws {
        let browser = try Browser(url: url, width: width, height: height)
        var target: String?
        for _ in 0..<100 where target == nil {
            let list = try HTTPExchange.request(port: browser.port, "GET", "/json/list")
            let pages = (try? JSONSerialization.jsonObject(with: Data(list.body.utf8))) as? [[String: Any]] ?? []
            target = pages.first { $0["type"] as? String == "page" }?["webSocketDebuggerUrl"] as? String
            if target == nil { usleep(50_000) }
        }
        guard let target else { throw SocketClientError("no page target in Chromium") }
        try self.init(browser: browser, target: target)
    }

    /// Opens `url` in a new tab of this page's browser (same profile, so the tabs share connections
    /// and workers as a user's tabs do).
    public func openTab(_ url: String) throws -> DevToolsPage {
        let created = try HTTPExchange.request(port: browser.port, "PUT", "/json/new?\(url)")
        let page = (try? JSONSerialization.jsonObject(with: Data(created.body.utf8))) as? [String: Any]
        guard let target = page?["webSocketDebuggerUrl"] as? String else {
            throw SocketClientError("Chromium did not open a tab: \(created.body.prefix(300))")
        }
        return try DevToolsPage(browser: browser, target: target)
    }

    private init(browser: Browser, target: String) throws {
        self.browser = browser
        guard let path = URL(string: target)?.path else { throw SocketClientError("no page target in Chromium") }
        let port = browser.port
        socket = try SocketClient(port: port)
        socket.send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: bGFicnVuLXRlc3Qta2V5MQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
        guard socket.read(seconds: 10, until: { HTTPExchange.headerEnd($0) != nil }),
              socket.text.hasPrefix("HTTP/1.1 101")
        else { throw SocketClientError("the DevTools WebSocket was refused: \(socket.text.prefix(300))") }
        // Frames start after the response's header.
        if let end = HTTPExchange.headerEnd(socket.buffer) { socket.consume(end + 4) }
    }

    /// The value of `expression` evaluated in the page (JSON-compatible values only), or nil when
    /// it threw or the page did not answer within `seconds`.
    public func evaluate(_ expression: String, seconds: Double = 10) -> Any? {
        let result = command("Runtime.evaluate", ["expression": expression, "returnByValue": true, "awaitPromise": true],
                             seconds: seconds)
        if result?["exceptionDetails"] != nil { return nil }
        return (result?["result"] as? [String: Any])?["value"]
    }

    /// Sends a DevTools protocol command to the page and returns its result, or nil when the page
    /// did not answer within `seconds` (e.g. `Page.reload`).
    @discardableResult
    public func command(_ method: String, _ params: [String: Any] = [:], seconds: Double = 10) -> [String: Any]? {
        lastID += 1
        let id = lastID
        let message: [String: Any] = ["id": id, "method": method, "params": params]
        guard let data = try? JSONSerialization.data(withJSONObject: message) else { return nil }
        sendFrame([UInt8](data))
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            guard let frame = readFrame(seconds: deadline.timeIntervalSinceNow),
                  let reply = (try? JSONSerialization.jsonObject(with: Data(frame))) as? [String: Any],
                  reply["id"] as? Int == id
            else { continue }
            return reply["result"] as? [String: Any] ?? [:]
        }
        return nil
    }

    /// Evaluates `expression` every 100 ms until it is `true` or `seconds` pass.
    public func waitFor(_ expression: String, seconds: Double = 10) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        repeat {
            if evaluate(expression, seconds: 2) as? Bool == true { return true }
            usleep(100_000)
        } while Date() < deadline
        return false
    }

    /// One masked text frame (clients must mask what they send).
    private func sendFrame(_ payload: [UInt8]) {
        var frame: [UInt8] = [0x81]
        if payload.count < 126 {
            frame.append(0x80 | UInt8(payload.count))
        } else if payload.count < 65_536 {
            frame += [0x80 | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        } else {
            frame.append(0x80 | 127)
            frame += (0..<8).reversed().map { UInt8((payload.count >> ($0 * 8)) & 0xFF) }
        }
        let mask: [UInt8] = [0x6C, 0x61, 0x62, 0x72]
        frame += mask
        frame += payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
        socket.send(frame)
    }

    /// The next whole message's payload (fragments joined; control frames skipped).
    private func readFrame(seconds: Double) -> [UInt8]? {
        var message: [UInt8] = []
        while true {
            guard socket.read(seconds: max(seconds, 0.1), until: { Self.frameLength($0) != nil }),
                  let (header, length) = Self.frameLength(socket.buffer)
            else { return nil }
            let bytes = socket.buffer
            let opcode = bytes[0] & 0x0F
            let payload = Array(bytes[header..<header + length])
            socket.consume(header + length)
            if opcode >= 0x8 { continue }
            message += payload
            if bytes[0] & 0x80 != 0 { return message }
        }
    }

    /// The header size and payload length of the frame at the start of `bytes`, once all of it is there.
    private static func frameLength(_ bytes: [UInt8]) -> (Int, Int)? {
        guard bytes.count >= 2 else { return nil }
        var header = 2
        var length = Int(bytes[1] & 0x7F)
        if length == 126 {
            guard bytes.count >= 4 else { return nil }
            length = Int(bytes[2]) << 8 | Int(bytes[3])
            header = 4
        } else if length == 127 {
            guard bytes.count >= 10 else { return nil }
            length = (2..<10).reduce(0) { $0 << 8 | Int(bytes[$1]) }
            header = 10
        }
        return bytes.count >= header + length ? (header, length) : nil
    }
}
