import Dispatch
import FlyingFox
import FlyingSocks
import Foundation
import LabReport
import LabSession

/// `labrun --serve`: the handouts of the labs given, live. Each lab is watched as `--watch` watches
/// it (its reports on disk rewritten after every run); open pages follow its reruns through
/// Server-Sent Events and swap in each new handout without a reload (`LivePage`).
///
/// Routes: `GET /` (the index), `GET /<stem>.html` (a handout), `GET /<stem>_files/<figure>` (the
/// Markdown report's figures), `GET /events?lab=<stem>` (one lab's event stream), `GET /events` (every
/// lab's, each event naming its lab), `GET /labrun-live.js` (the shared worker through which a
/// browser's pages share that one stream), `POST /rerun?lab=<stem>&cell=N` (rerun from cell N,
/// 0-based; same origin only). Nothing else is served: no path is mapped onto the file system beyond
/// the figure folders' own regular files.
public final class LabServer: @unchecked Sendable {
    /// Where to listen and how to run the labs.
    public struct Options: Sendable {
        /// An IPv4 or IPv6 address, or `localhost`.
        public var host: String
        /// A port, 0 for any free one, or nil for 8000 or the next free port after it.
        public var port: UInt16?
        public var reports: ReportSettings
        public var session: SessionOptions

        public init(host: String, port: UInt16?, reports: ReportSettings, session: SessionOptions) {
            self.host = host
            self.port = port
            self.reports = reports
            self.session = session
        }
    }

    private let labs: [LiveLab]
    /// Every lab's events, for the shared stream.
    private let allEvents: EventHub
    private let options: Options
    private let lock = NSLock()
    private var boundPort: UInt16 = 0

    /// `logged(path, outcome, seconds)` is told of every finished run of every lab.
    public init(paths: [String], options: Options,
                logged: @escaping @Sendable (String, LabRunOutcome, Double) -> Void) {
        self.options = options
        let shared = EventHub()
        allEvents = shared
        labs = paths.map { path in
            LiveLab(path: path, reports: options.reports, options: options.session, shared: shared) { outcome, seconds in
                logged(path, outcome, seconds)
            }
        }
    }

    /// Runs every lab once, several at once; the paths of the labs that could not be read.
    public func startLabs() -> [String] {
        let readable = Slots<Bool>(count: labs.count)
        DispatchQueue.concurrentPerform(iterations: labs.count) { [labs] index in
            readable[index] = labs[index].start()
        }
        return labs.indices.filter { readable[$0] != true }.map { labs[$0].path }
    }

    /// Starts listening and returns the port; throws `ServeError` when the address cannot be used.
    public func listen() throws -> UInt16 {
        let port = try options.port ?? PortChoice.firstFree(host: options.host, from: 8000, count: 100)
        let address = try PortChoice.address(host: options.host, port: port)
        let server = HTTPServer(
            address: address, timeout: 15, logger: DisabledLogger.disabled,
            handler: ClosureHTTPHandler { [self] request in respond(to: request) })
        // A page left open across a restart reconnects as soon as the port listens: with the port
        // known up front, its first request must already pass the Host check.
        lock.withLock { boundPort = port }
        let started = BlockingResult<UInt16>()
        let host = options.host
        Task.detached {
            let running = Task { try await server.run() }
            do {
                try await server.waitUntilListening(timeout: 10)
                switch await server.listeningAddress {
                case .ip4(_, let port)?, .ip6(_, let port)?: started.set(.success(port))
                default: started.set(.failure(ServeError("labrun: error: the server did not say which port it listens on")))
                }
            } catch {
                running.cancel()
                let reason = await running.result
                var message = "cannot listen on \(host) port \(port)"
                if case .failure(let failure) = reason { message += ": \(failure)" }
                started.set(.failure(ServeError("labrun: error: " + message)))
            }
        }
        // The server lives as long as the task that runs it: until the process ends.
        let bound = try started.wait().get()
        lock.withLock { boundPort = bound }
        return bound
    }

    /// Watches every lab (a thread each) and keeps serving until the process ends.
    public func serveForever() -> Never {
        for lab in labs {
            Thread { lab.poll() }.start()
        }
        // A comment every 15 s keeps idle streams open and finds clients that went away.
        Task.detached { [labs, allEvents] in
            while true {
                try? await Task.sleep(nanoseconds: 15_000_000_000)
                for lab in labs { lab.hub.ping() }
                allEvents.ping()
            }
        }
        while true { sleep(3600) }
    }

    // MARK: requests

    func respond(to request: HTTPRequest) -> HTTPResponse {
        guard allowsHost(request.headers[.host]) else {
            return Self.text(.misdirectedRequest, "this server answers requests for \(options.host) only\n")
        }
        switch request.method {
        case .GET: return get(request)
        case .POST: return post(request)
        default: return Self.notAllowed(request.path == "/rerun" ? "POST" : "GET")
        }
    }

    private func get(_ request: HTTPRequest) -> HTTPResponse {
        let path = request.path
        if path == "/" || path == "/index.html" { return Self.html(LiveIndex.page(labs)) }
        if path == "/events" {
            guard let stem = request.query["lab"] else {
                return Self.eventStream(allEvents.subscribe { labs.reduce(into: Data()) { $0 += $1.hello() } })
            }
            guard let lab = lab(stem) else { return Self.text(.notFound, "no such lab\n") }
            return Self.eventStream(lab.hub.subscribe { lab.hello() })
        }
        if path == LiveEvents.workerPath {
            return HTTPResponse(statusCode: .ok, headers: Self.headers("text/javascript; charset=utf-8"),
                                body: Data(LiveEvents.worker.utf8))
        }
        if path == "/rerun" { return Self.notAllowed("POST") }
        if path.hasSuffix(".html"), let lab = labs.first(where: { "/\($0.stem).html" == path }) {
            return Self.html(lab.current.html)
        }
        return figure(at: path) ?? Self.text(.notFound, "not found\n")
    }

    private func post(_ request: HTTPRequest) -> HTTPResponse {
        guard request.path == "/rerun" else {
            return request.path == "/" || request.path.hasSuffix(".html") || request.path == "/events"
                || request.path == LiveEvents.workerPath
                ? Self.notAllowed("GET") : Self.text(.notFound, "not found\n")
        }
        // A page of another site may not make a student's lab run: the browser names the page's
        // origin, and it must be this server's.
        guard let origin = request.headers[HTTPHeader("Origin")], let host = request.headers[.host],
              origin == "http://\(host)"
        else { return Self.text(.forbidden, "reruns are accepted from labrun's own pages only\n") }
        guard let lab = lab(request.query["lab"]) else { return Self.text(.notFound, "no such lab\n") }
        let cells = lab.current.cells
        guard let text = request.query["cell"], let cell = Int(text), cell >= 0, cell < max(cells, 1) else {
            return Self.text(.badRequest, "cell must be a cell's number, 0 to \(max(cells - 1, 0))\n")
        }
        lab.rerun(from: cell)
        return Self.text(.accepted, "rerunning \(lab.path) from cell \(cell + 1)\n")
    }

    private func lab(_ stem: String?) -> LiveLab? {
        stem.flatMap { stem in labs.first { $0.stem == stem } }
    }

    /// A figure the Markdown report wrote, as its folder's manifest lists it (nothing else in
    /// the folder, and nothing through a symbolic link).
    private func figure(at path: String) -> HTTPResponse? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].isEmpty,
              let lab = labs.first(where: { $0.stem + "_files" == parts[1] }),
              let file = ReportWriter.writtenFigure(
                  named: String(parts[2]), stem: lab.stem, in: URL(fileURLWithPath: options.reports.out)),
              let data = FileManager.default.contents(atPath: file.path)
        else { return nil }
        let type = ["svg": "image/svg+xml", "png": "image/png"][file.pathExtension] ?? "application/octet-stream"
        return HTTPResponse(statusCode: .ok, headers: Self.headers(type), body: data)
    }

    /// Requests must name this server as the host: a page on another site that points its own
    /// name at 127.0.0.1 (DNS rebinding) is refused. Served on a network address, any name goes.
    private func allowsHost(_ header: String?) -> Bool {
        guard LabServerAddress.isLoopback(options.host) else { return true }
        guard let header else { return false }
        let port = lock.withLock { boundPort }
        return ["127.0.0.1", "localhost", "[::1]"].contains { header == "\($0):\(port)" }
    }

    // MARK: responses

    static func headers(_ type: String) -> HTTPHeaders {
        [.contentType: type, .cacheControl: "no-store", HTTPHeader("X-Content-Type-Options"): "nosniff",
         HTTPHeader("Referrer-Policy"): "no-referrer"]
    }

    static func html(_ page: String) -> HTTPResponse {
        HTTPResponse(statusCode: .ok, headers: headers("text/html; charset=utf-8"), body: Data(page.utf8))
    }

    static func text(_ status: HTTPStatusCode, _ message: String) -> HTTPResponse {
        HTTPResponse(statusCode: status, headers: headers("text/plain; charset=utf-8"), body: Data(message.utf8))
    }

    static func notAllowed(_ allowed: String) -> HTTPResponse {
        var response = text(.methodNotAllowed, "only \(allowed) is accepted here\n")
        response.headers[HTTPHeader("Allow")] = allowed
        return response
    }

    static func eventStream(_ events: AsyncStream<Data>) -> HTTPResponse {
        HTTPResponse(
            statusCode: .ok, headers: headers("text/event-stream; charset=utf-8"),
            body: HTTPBodySequence(from: EventBytes(events: events)))
    }
}

/// Why the server could not start, worded for the terminal.
public struct ServeError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// A value handed from a task to a waiting thread.
final class BlockingResult<Value>: @unchecked Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    private var result: Result<Value, Error>?

    func set(_ value: Result<Value, Error>) {
        result = value
        semaphore.signal()
    }

    func wait() -> Result<Value, Error> {
        semaphore.wait()
        return result ?? .failure(ServeError("labrun: error: the server did not start"))
    }
}
