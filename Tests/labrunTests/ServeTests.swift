import Foundation
import TestSupport
import Testing

/// `labrun --serve` over real HTTP: the real command on a free port, requests written on the wire,
/// real edits to the lab file and a real Ctrl-C (issue 19).
@Suite(.serialized) struct ServeTests {
    static let lab = """
        # Served

        First paragraph MARK-0.

        ```swift-lab id=numbers
        var xs: [Double] = []
        for i in 0..<5 { xs.append(Double(i * i)) }
        print(xs.count)
        ```

        ```swift-lab id=chart
        plot(x: [1.0, 2.0, 3.0], y: [[1.0, 4.0, 9.0]], labels: ["squares"], title: "squares")
        ```

        """

    @Test func servesTheIndexAHandoutAndItsFiguresAndNothingElse() throws {
        let served = try Served(["lab.md": Self.lab])
        let port = served.port
        let index = try HTTPExchange.request(port: port, "GET", "/")
        #expect(index.status == 200)
        #expect(index.body.contains("<a href=\"/lab.html\">lab.md</a>"), "\(index.body)")
        let page = try HTTPExchange.request(port: port, "GET", "/lab.html")
        #expect(page.status == 200)
        #expect(page.headers["content-type"] == "text/html; charset=utf-8")
        #expect(page.body.contains("MARK-0") && page.body.contains("id=\"labrun-live-script\""))
        #expect(page.body.contains("data-labrun-version=\"1\""))
        // The Markdown report's figure, as its folder's manifest lists it; nothing else there.
        let figures = served.dir.appendingPathComponent("output/lab_files")
        let manifest = try String(contentsOf: figures.appendingPathComponent(".labrun-manifest"), encoding: .utf8)
        let figure = try #require(manifest.split(separator: "\n").first { !$0.hasPrefix("#") })
        let svg = try HTTPExchange.request(port: port, "GET", "/lab_files/\(figure)")
        #expect(svg.status == 200 && svg.headers["content-type"] == "image/svg+xml" && svg.body.contains("<svg"))
        try "secret".write(to: figures.appendingPathComponent("planted.svg"), atomically: true, encoding: .utf8)
        for path in ["/lab_files/.labrun-manifest", "/lab_files/planted.svg", "/lab.md", "/../lab.md", "/%2e%2e/lab.md",
                     "/lab_files/..%2f..%2flab.md", "/output/lab.html", "//etc/passwd", "/lab.html/x", "/events?lab=nope",
                     "/labrun-live.js/x"] {
            #expect(try HTTPExchange.request(port: port, "GET", path).status == 404, "\(path)")
        }
        let put = try HTTPExchange.request(port: port, "PUT", "/lab.html")
        #expect(put.status == 405 && put.headers["allow"] == "GET")
        #expect(try HTTPExchange.request(port: port, "DELETE", "/").status == 405)
        // Another name for this address (DNS rebinding) is refused.
        #expect(try HTTPExchange.request(port: port, "GET", "/lab.html", headers: ["Host": "evil.example:\(port)"]).status == 421)
    }

    @Test func aProseEditReachesEveryOpenPageWithinASecond() throws {
        let served = try Served(["lab.md": Self.lab])
        let pages = try (0..<2).map { _ in try served.events() }
        let saved = Date()
        try Self.lab.replacingOccurrences(of: "MARK-0", with: "MARK-1")
            .write(to: served.dir.appendingPathComponent("lab.md"), atomically: false, encoding: .utf8)
        for page in pages {
            #expect(page.read(seconds: 1 - Date().timeIntervalSince(saved)) { Self.has($0, "event: update") }, "\(page.text)")
            #expect(page.text.contains("\"version\":2"))
        }
        let handout = try HTTPExchange.request(port: served.port, "GET", "/lab.html")
        #expect(handout.body.contains("MARK-1") && handout.body.contains("data-labrun-version=\"2\""))
        // A prose edit reruns no cell.
        #expect(served.running.waitUntil(seconds: 5) { served.running.stderr.contains("re-rendered (no cell changed)") })
    }

    /// `GET /events` is every lab's stream (what a browser's pages share through the worker at
    /// `/labrun-live.js`): a hello per lab to begin with, then each lab's events, each naming its lab.
    @Test func theSharedStreamCarriesEveryLabsEventsNamingTheLab() throws {
        let served = try Served(["a.md": Self.lab, "b.md": Self.lab])
        let client = try SocketClient(port: served.port)
        client.send("GET /events HTTP/1.1\r\nHost: 127.0.0.1:\(served.port)\r\n\r\n")
        #expect(client.read(seconds: 10) { Self.has($0, "\"lab\":\"a\"") && Self.has($0, "\"lab\":\"b\"") }, "\(client.text)")
        #expect(client.text.components(separatedBy: "event: hello").count == 3, "\(client.text)")
        try Self.lab.replacingOccurrences(of: "MARK-0", with: "MARK-1")
            .write(to: served.dir.appendingPathComponent("b.md"), atomically: false, encoding: .utf8)
        #expect(client.read(seconds: 10) { Self.has($0, "event: update") }, "\(client.text)")
        let update = client.text.components(separatedBy: "event: update\ndata: ").last ?? ""
        #expect(update.hasPrefix("{\"lab\":\"b\","), "\(update)")
        let worker = try HTTPExchange.request(port: served.port, "GET", "/labrun-live.js")
        #expect(worker.status == 200 && worker.headers["content-type"] == "text/javascript; charset=utf-8")
        #expect(worker.body.contains("onconnect") && worker.body.contains("new EventSource(\"/events\")"))
        #expect(try HTTPExchange.request(port: served.port, "POST", "/labrun-live.js").status == 405)
    }

    @Test func aRerunRequestFromTheSameOriginRerunsFromThatCell() throws {
        let served = try Served(["lab.md": Self.lab])
        let port = served.port
        let page = try served.events()
        let origin = ["Origin": "http://127.0.0.1:\(port)"]
        let accepted = try HTTPExchange.request(port: port, "POST", "/rerun?lab=lab&cell=1", headers: origin)
        #expect(accepted.status == 202, "\(accepted.body)")
        #expect(page.read(seconds: 20) { Self.has($0, "event: update") }, "\(page.text)")
        #expect(page.text.contains("event: running\ndata: {\"cell\":1,\"count\":2,\"lab\":\"lab\"}"))
        #expect(!page.text.contains("{\"cell\":0,"), "cell 1 did not rerun: \(page.text)")
        #expect(served.running.waitUntil(seconds: 5) { served.running.stderr.contains("lab.md: reran cell 2 of 2") }, "\(served.running.stderr)")
        // Other sites' pages, requests that name no origin, and cells that do not exist are refused.
        #expect(try HTTPExchange.request(port: port, "POST", "/rerun?lab=lab&cell=1").status == 403)
        #expect(try HTTPExchange.request(port: port, "POST", "/rerun?lab=lab&cell=1", headers: ["Origin": "http://evil.example"]).status == 403)
        #expect(try HTTPExchange.request(port: port, "POST", "/rerun?lab=lab&cell=2", headers: origin).status == 400)
        #expect(try HTTPExchange.request(port: port, "POST", "/rerun?lab=nope&cell=0", headers: origin).status == 404)
        #expect(try HTTPExchange.request(port: port, "GET", "/rerun?lab=lab&cell=0").status == 405)
    }

    @Test func aTrainingLoopsProgressReachesThePage() throws {
        let lab = """
            # Training

            ```swift-lab
            let model = Linear(2, 1)
            let x = tensor([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
            let y = tensor([[1.0], [1.0], [2.0]])
            train(model, x: x, y: y, loss: MSELoss(), optimizer: SGD(lr: 0.1), epochs: 3000, every: 1000)
            ```

            """
        let served = try Served(["lab.md": lab])
        let page = try served.events()
        let origin = ["Origin": "http://127.0.0.1:\(served.port)"]
        #expect(try HTTPExchange.request(port: served.port, "POST", "/rerun?lab=lab&cell=0", headers: origin).status == 202)
        #expect(page.read(seconds: 30) { Self.has($0, "event: update") }, "\(page.text)")
        #expect(page.text.contains("event: progress\ndata: {\"cell\":0,\"count\":1,\"lab\":\"lab\",\"note\":\"epoch\",\"step\":3000,\"total\":3000}"),
                "\(page.text)")
    }

    @Test func aClientThatStopsReadingOrLeavesDoesNotHoldUpTheOthers() throws {
        let served = try Served(["lab.md": Self.lab])
        var stalled: SocketClient? = try served.events()
        let gone = try served.events()
        _ = gone
        let reader = try served.events()
        for round in 1...3 {
            if round == 2 { stalled = nil }  // this one hangs up
            try Self.lab.replacingOccurrences(of: "MARK-0", with: "MARK-R\(round)")
                .write(to: served.dir.appendingPathComponent("lab.md"), atomically: false, encoding: .utf8)
            #expect(reader.read(seconds: 10) { Self.has($0, "\"version\":\(round + 1)") }, "round \(round): \(reader.text)")
        }
        _ = stalled
    }

    /// A lab that cannot be read any more (deleted, or saved half-way as invalid UTF-8) is said so
    /// on the page; the last handout stays, and the next good save brings the page back.
    @Test func aLabThatCannotBeReadIsReportedAndTheLastHandoutStays() throws {
        let served = try Served(["lab.md": Self.lab])
        let page = try served.events()
        let file = served.dir.appendingPathComponent("lab.md")
        try FileManager.default.removeItem(at: file)
        #expect(page.read(seconds: 10) { Self.has($0, "event: problem") }, "\(page.text)")
        #expect(page.text.contains("cannot read lab"), "\(page.text)")
        #expect(try HTTPExchange.request(port: served.port, "GET", "/lab.html").body.contains("MARK-0"))
        try Self.lab.replacingOccurrences(of: "MARK-0", with: "MARK-2").write(to: file, atomically: true, encoding: .utf8)
        #expect(page.read(seconds: 10) { Self.has($0, "\"version\":2") }, "\(page.text)")
        #expect(try HTTPExchange.request(port: served.port, "GET", "/lab.html").body.contains("MARK-2"))
    }

    @Test func ctrlCStopsServingWithStatus130() throws {
        let served = try Served(["lab.md": Self.lab])
        served.running.send(SIGINT)
        #expect(served.running.wait() == 130)
        #expect(served.running.stderr.contains("labrun: stopped serving"), "\(served.running.stderr)")
        let report = try String(contentsOf: served.dir.appendingPathComponent("output/lab.html"), encoding: .utf8)
        #expect(report.hasSuffix("</html>\n") && !report.contains("labrun-live"))
    }

    @Test func aNetworkAddressIsWarnedAboutAndBadSettingsAreRefused() throws {
        let served = try Served(["lab.md": Self.lab], arguments: ["--host", "0.0.0.0"])
        #expect(served.running.stderr.contains("labrun: warning: listening on 0.0.0.0: anyone who can reach this machine"))
        #expect(try HTTPExchange.request(port: served.port, "GET", "/lab.html", headers: ["Host": "labs.example:\(served.port)"]).status == 200)
        let dir = try makeTemporaryDirectory(with: ["lab.md": Self.lab])
        for arguments in [["--serve", "--port", "70000"], ["--port", "8000"], ["--serve", "--watch"], ["--serve", "--host", "nowhere"]] {
            let result = try runLabrun(arguments + ["lab.md"], in: dir)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
        }
        #expect(try runLabrun(["--serve", "--host", "nowhere", "lab.md"], in: dir).stderr.contains("--host must be an IP address"))
    }

    /// Without --port: 8000, or the next port nothing listens on.
    @Test func withoutAPortTheFirstFreeOneFrom8000IsUsed() throws {
        let first = try Served(["lab.md": Self.lab], arguments: [], port: nil)
        let second = try Served(["lab.md": Self.lab], arguments: [], port: nil)
        #expect((8000..<8100).contains(first.port) && (8000..<8100).contains(second.port))
        #expect(first.port != second.port)
        #expect(try HTTPExchange.request(port: second.port, "GET", "/lab.html").status == 200)
    }

    static func has(_ bytes: [UInt8], _ text: String) -> Bool {
        String(decoding: bytes, as: UTF8.self).contains(text)
    }
}

/// `labrun --serve --port 0` running on labs in a new folder.
final class Served {
    let dir: URL
    let running: RunningLabrun
    let port: UInt16

    /// `port` nil leaves --port out (8000 or the next free one).
    init(_ files: [String: String], arguments: [String] = [], port: UInt16? = 0) throws {
        dir = try makeTemporaryDirectory(with: files)
        let portArguments = port.map { ["--port", String($0)] } ?? []
        running = try RunningLabrun(["--serve"] + portArguments + arguments + files.keys.sorted(), in: dir)
        let running = running
        guard running.waitUntil(seconds: 60, { running.stderr.contains("labrun: serving") }),
              let match = running.stderr.firstMatch(of: /:(\d+)\/ \(Ctrl-C to stop\)/), let port = UInt16(match.1)
        else { throw SocketClientError("labrun --serve did not start: \(running.stderr)") }
        self.port = port
    }

    deinit { running.send(SIGKILL) }

    /// A page's event stream for `lab.md`, read up to its first event.
    func events(lab: String = "lab") throws -> SocketClient {
        let client = try SocketClient(port: port)
        client.send("GET /events?lab=\(lab) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n")
        guard client.read(seconds: 10, until: { ServeTests.has($0, "event: hello") }) else {
            throw SocketClientError("no hello event: \(client.text)")
        }
        return client
    }
}
