/// How served pages receive their labs' events: one stream per browser, shared by all its labrun
/// pages through a SharedWorker.
///
/// Why: a browser opens at most six HTTP/1.1 connections to one server, and an open event stream
/// holds one for as long as its page is open. With a stream per page, the seventh handout open in
/// a browser never loaded (its request waited for a connection that never came free). The worker
/// holds the one stream of every lab's events (`GET /events`) and hands each page its lab's; a
/// browser without shared workers (Chrome on Android, older Safari) falls back to a stream per page.
enum LiveEvents {
    /// Where the worker's script is served.
    static let workerPath = "/labrun-live.js"

    /// The events `LiveLab` sends, as a JavaScript array.
    static let eventNames = #"["hello", "running", "progress", "finished", "update", "problem"]"#

    /// The shared worker. A page sends `{lab}` (a lab's stem, or `"*"` for every lab) when it
    /// connects and `{leave: true}` when it goes away; it receives `{event, data}` for its lab, first
    /// the lab's latest `hello` or `update` as a `hello` (what a stream of its own would have begun
    /// with), then each event as it comes, and `disconnected` while the stream reconnects.
    static let worker = """
        "use strict";
        const names = \(eventNames);
        const pages = new Set();
        const latest = new Map();
        let source = null;
        const wants = (page, lab) => page.lab === lab || page.lab === "*";
        const open = () => {
          source = new EventSource("/events");
          for (const name of names) {
            source.addEventListener(name, (e) => {
              const data = JSON.parse(e.data);
              if (name === "hello" || name === "update") latest.set(data.lab, data);
              for (const page of pages) if (wants(page, data.lab)) page.port.postMessage({ event: name, data });
            });
          }
          source.onerror = () => {
            for (const page of pages) page.port.postMessage({ event: "disconnected", data: {} });
          };
        };
        onconnect = (connection) => {
          const page = { port: connection.ports[0], lab: null };
          page.port.onmessage = (message) => {
            if (message.data.leave) { pages.delete(page); return; }
            page.lab = message.data.lab;
            pages.add(page);
            for (const [lab, data] of latest) if (wants(page, lab)) page.port.postMessage({ event: "hello", data });
            if (!source) open();
          };
        };

        """

    /// `listen(lab, handlers)` for a page's script: calls `handlers[event](data)` for each of the
    /// lab's events (`lab` `"*"`: every lab's), through the shared worker where the browser has
    /// one, else through a stream of the page's own.
    static let listen = """
        const listen = (lab, handlers) => {
          const deliver = (event, data) => { if (handlers[event]) handlers[event](data); };
          if (typeof SharedWorker === "function") {
            try {
              const worker = new SharedWorker("\(workerPath)", { name: "labrun-live" });
              worker.port.onmessage = (message) => deliver(message.data.event, message.data.data);
              worker.port.start();
              worker.port.postMessage({ lab });
              addEventListener("pagehide", () => worker.port.postMessage({ leave: true }));
              addEventListener("pageshow", (e) => { if (e.persisted) worker.port.postMessage({ lab }); });
              return;
            } catch (error) {
              // Shared workers refused (a sandboxed frame, say): a stream of the page's own.
            }
          }
          const events = new EventSource(lab === "*" ? "/events" : `/events?lab=${encodeURIComponent(lab)}`);
          for (const name of \(eventNames)) {
            events.addEventListener(name, (e) => deliver(name, JSON.parse(e.data)));
          }
          events.onerror = () => deliver("disconnected", {});
        };
        """
}
