import FlyingFox
import FlyingSocks
import Foundation

/// Fans one lab's events out to every page that shows it (Server-Sent Events). Publishing never
/// waits: each client has its own bounded buffer, and a slow or stalled client only loses its own
/// oldest events (the newest, such as the last update, are kept).
final class EventHub: @unchecked Sendable {
    private let lock = NSLock()
    private var clients: [Int: AsyncStream<Data>.Continuation] = [:]
    private var lastID = 0
    /// How many events a client that stopped reading may fall behind by.
    static let backlog = 256

    /// A new client's stream of encoded events: `first()` (what a page is told on connecting), then
    /// every event published from now on; it ends when the client goes away (its stream is then
    /// dropped). `first` is made once the client is registered, so an event published meanwhile is
    /// not lost: it may arrive just before `first`, which is then at least as new.
    func subscribe(first: () -> Data) -> AsyncStream<Data> {
        let (stream, continuation) = AsyncStream<Data>.makeStream(bufferingPolicy: .bufferingNewest(Self.backlog))
        let id: Int = lock.withLock {
            lastID += 1
            clients[lastID] = continuation
            return lastID
        }
        continuation.onTermination = { [weak self] _ in self?.remove(id) }
        continuation.yield(first())
        return stream
    }

    /// Sends `event` with `data` (one line of JSON) to every client.
    func publish(_ event: String, _ data: String) {
        send(Self.encode(event, data))
    }

    /// Sends an SSE comment: it keeps idle connections open through proxies and lets a write to a
    /// client that went away fail, so its stream is dropped.
    func ping() {
        send(Data(": ping\n\n".utf8))
    }

    private func send(_ bytes: Data) {
        for client in lock.withLock({ Array(clients.values) }) { client.yield(bytes) }
    }

    private func remove(_ id: Int) {
        lock.withLock { _ = clients.removeValue(forKey: id) }
    }

    /// One event in the text/event-stream format; `data` must be a single line.
    static func encode(_ event: String, _ data: String) -> Data {
        Data("event: \(event)\ndata: \(data)\n\n".utf8)
    }
}

/// An event stream as the byte sequence FlyingFox sends as a chunked response body: each event
/// goes out as soon as it is published.
struct EventBytes: AsyncBufferedSequence {
    typealias Element = UInt8
    let events: AsyncStream<Data>

    func makeAsyncIterator() -> Iterator {
        Iterator(events: events.makeAsyncIterator())
    }

    struct Iterator: AsyncBufferedIteratorProtocol {
        var events: AsyncStream<Data>.Iterator
        var pending = Data()

        mutating func next() async -> UInt8? {
            await nextBuffer(suggested: 1)?.first
        }

        mutating func nextBuffer(suggested count: Int) async -> Data? {
            if pending.isEmpty {
                guard let event = await events.next() else { return nil }
                pending = event
            }
            let chunk = Data(pending.prefix(Swift.max(count, 1)))
            pending = Data(pending.dropFirst(chunk.count))
            return chunk
        }
    }
}
