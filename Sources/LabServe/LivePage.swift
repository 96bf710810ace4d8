import Foundation
import LabReport

/// What `labrun --serve` adds to a handout: a status bar, a "rerun from here" button on each cell,
/// and a script that follows the lab's event stream and swaps in each new handout without a
/// reload. All of it is made by the script, so with scripts off the page is the plain handout.
enum LivePage {
    /// `html` (a handout as the HTML report renders it) with the live bar's style and script, and
    /// the lab's name, the server's run and the handout's version on the root element for the
    /// script to read.
    static func inject(into html: String, lab: String, run: String, version: Int) -> String {
        var page = html
        let attributes = " data-labrun-lab=\"\(HTML.escape(lab))\" data-labrun-run=\"\(HTML.escape(run))\""
            + " data-labrun-version=\"\(version)\""
        if let open = page.range(of: "<html") {
            page.insert(contentsOf: attributes, at: open.upperBound)
        }
        if let head = page.range(of: "</head>") {
            page.insert(contentsOf: style, at: head.lowerBound)
        }
        if let body = page.range(of: "</body>", options: .backwards) {
            page.insert(contentsOf: script, at: body.lowerBound)
        }
        return page
    }

    static let style = """
        <style id="labrun-live-style">
        #labrun-live { position: sticky; top: 0; z-index: 10; background: var(--bg); color: var(--fg);
          border-bottom: 1px solid var(--line); padding: 0.4rem 1rem; font: 0.9rem/1.4 system-ui, sans-serif; }
        #labrun-live.failed { border-bottom: 3px solid var(--fail); }
        #labrun-live .failure { color: var(--fail); margin-left: 0.75em; font-weight: 600; }
        .labrun-running { outline: 3px solid var(--link); outline-offset: 4px; }
        main [id] { scroll-margin-top: 3.5rem; }
        .labrun-rerun { display: block; margin: 0 0 0.3rem auto; font: 0.8rem system-ui, sans-serif; cursor: pointer; }
        @media print { #labrun-live, .labrun-rerun { display: none; } }
        </style>

        """

    /// The page's side of the lab's events (see `LabServer`, `LiveEvents`): `hello` on connecting,
    /// `running`, `progress` and `finished` while cells run, `update` when a new handout is ready,
    /// `problem` when the lab cannot be read or its reports written.
    static let script = """
        <script id="labrun-live-script">
        (() => {
          const root = document.documentElement;
          const lab = root.dataset.labrunLab;
          let run = root.dataset.labrunRun;
          let version = Number(root.dataset.labrunVersion);
          // Newer: a later version of this server's run, or any version of a new run (labrun restarted).
          const newer = (r, v) => r !== run || v > version;
          let updates = 0;
          const bar = document.createElement("div");
          bar.id = "labrun-live";
          bar.setAttribute("role", "status");
          bar.innerHTML = '<span class="state">Connecting to labrun…</span><a class="failure" hidden></a>';
          document.body.prepend(bar);
          const state = bar.querySelector(".state");
          const failure = bar.querySelector(".failure");
          const say = (text) => { state.textContent = text; };
          const cells = () => [...document.querySelectorAll("main div.cell")];
          const mark = (index) => {
            for (const cell of document.querySelectorAll(".labrun-running")) cell.classList.remove("labrun-running");
            if (index >= 0 && cells()[index]) cells()[index].classList.add("labrun-running");
          };
          const rerun = (index) => {
            say(`Asking to rerun from cell ${index + 1}…`);
            fetch(`/rerun?lab=${encodeURIComponent(lab)}&cell=${index}`, { method: "POST" })
              .then((r) => { if (!r.ok) say(`The rerun was refused (HTTP ${r.status})`); },
                    () => say("The rerun was not sent: labrun is not answering"));
          };
          const showFailure = (text, href) => {
            failure.hidden = text === null;
            failure.textContent = text || "";
            if (href) failure.href = href; else failure.removeAttribute("href");
            bar.classList.toggle("failed", text !== null);
          };
          const decorate = () => {
            cells().forEach((cell, index) => {
              const button = document.createElement("button");
              button.type = "button";
              button.className = "labrun-rerun";
              button.textContent = "Rerun from here";
              button.addEventListener("click", () => rerun(index));
              cell.prepend(button);
            });
            const failed = cells().findIndex((c) => c.matches(".status-failed, .status-timed-out"));
            if (failed < 0) { showFailure(null); return; }
            const cell = cells()[failed];
            const diagnostic = cell.querySelector(".diagnostic");
            const first = diagnostic ? diagnostic.textContent.trim().split("\\n")[0] : "see the cell";
            showFailure(`Cell ${failed + 1} failed: ${first}`, `#${cell.id}`);
          };
          const swap = (doc) => {
            const y = window.scrollY;
            const style = doc.querySelector("head style");
            const mine = document.querySelector("head style");
            if (style && mine && style.textContent !== mine.textContent) mine.textContent = style.textContent;
            document.title = doc.title;
            for (const node of [...document.body.childNodes]) if (node !== bar) node.remove();
            for (const node of [...doc.body.childNodes]) {
              if (node.nodeName === "SCRIPT") {
                // The handout's own scripts (the copy buttons) run again on the new content.
                if (node.id === "labrun-live-script") continue;
                const again = document.createElement("script");
                again.textContent = node.textContent;
                document.body.append(again);
              } else {
                document.body.append(document.adoptNode(node));
              }
            }
            window.scrollTo(0, y);
            updates += 1;
            root.dataset.labrunUpdates = String(updates);
            decorate();
          };
          let pending = Promise.resolve();
          const refresh = (news) => {
            pending = pending.then(async () => {
              if (!newer(news.run, news.version)) return;
              const response = await fetch(location.pathname, { cache: "no-store" });
              const doc = new DOMParser().parseFromString(await response.text(), "text/html");
              const fetched = doc.documentElement.dataset;
              if (!newer(fetched.labrunRun, Number(fetched.labrunVersion))) return;
              swap(doc);
              run = fetched.labrunRun;
              version = Number(fetched.labrunVersion);
              root.dataset.labrunRun = run;
              root.dataset.labrunVersion = String(version);
              if (news.summary) say(news.summary);
            }).catch(() => say("The new handout could not be fetched; save again to retry"));
          };
          \(LiveEvents.listen)
          listen(lab, {
            hello: (d) => { say(d.summary); refresh(d); },
            running: (d) => { mark(d.cell); say(`Running cell ${d.cell + 1} of ${d.count}…`); },
            progress: (d) => say(`Running cell ${d.cell + 1} of ${d.count}: ${d.note || "step"} ${d.step}/${d.total}`),
            finished: () => mark(-1),
            update: (d) => { mark(-1); refresh(d); },
            problem: (d) => { say(d.message); showFailure(d.message, null); },
            disconnected: () => say("Disconnected from labrun; reconnecting…"),
          });
          decorate();
        })();
        </script>

        """
}

/// The page at `/`: the labs served, each with a link and how its last run went, kept current
/// through the shared event stream.
enum LiveIndex {
    static func page(_ labs: [LiveLab]) -> String {
        let items = labs.map { lab -> String in
            let href = "/" + (lab.stem.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? lab.stem) + ".html"
            return "<li data-lab=\"\(HTML.escape(lab.stem))\"><a href=\"\(HTML.escape(href))\">\(HTML.escape(lab.path))</a>: "
                + "<span class=\"summary\">\(HTML.escape(lab.current.summary))</span></li>"
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
            <script>
            (() => {
              \(LiveEvents.listen)
              const line = (d) => [...document.querySelectorAll("li[data-lab]")].find((li) => li.dataset.lab === d.lab)?.querySelector(".summary");
              const show = (text) => (d) => { const span = line(d); if (span) span.textContent = text(d); };
              listen("*", {
                hello: show((d) => d.summary),
                update: show((d) => d.summary),
                running: show((d) => `running cell ${d.cell + 1} of ${d.count}…`),
                problem: show((d) => d.message),
              });
            })();
            </script>
            </body>
            </html>

            """
    }
}
