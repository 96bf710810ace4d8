import Foundation
import TestSupport
import Testing

/// A served handout in a real browser (issue 19): headless Chromium, driven over the DevTools
/// protocol, keeps the page open while the lab is edited. Skipped without Chromium (`.ci/deps
/// --test` installs it for CI).
@Suite(.enabled(if: DevToolsPage.executable != nil, "Chromium is not installed (.ci/deps --test installs it): skipped"),
       .serialized)
struct ServeBrowserTests {
    @Test func theOpenPageFollowsEditsWithoutANavigationAndReruns() throws {
        let served = try Served(["lab.md": ServeTests.lab])
        let page = try DevToolsPage(url: "http://127.0.0.1:\(served.port)/lab.html")
        // Connected: the bar shows the last run's summary (it says "Connecting" before).
        #expect(page.waitFor("document.querySelector('#labrun-live .state')?.textContent.includes('all as expected') === true"))
        #expect(page.evaluate("document.querySelectorAll('main div.cell > button.labrun-rerun').length") as? Int == 2)
        // A mark on the window survives only if the page is never reloaded.
        _ = page.evaluate("window.labrunMark = 42; window.scrollTo(0, 200); true")

        try ServeTests.lab.replacingOccurrences(of: "MARK-0", with: "MARK-1")
            .write(to: served.dir.appendingPathComponent("lab.md"), atomically: false, encoding: .utf8)
        #expect(page.waitFor("document.querySelector('main').textContent.includes('MARK-1')"), "the page did not change")
        #expect(page.evaluate("window.labrunMark") as? Int == 42, "the page was reloaded")
        #expect(page.evaluate("document.documentElement.dataset.labrunUpdates") as? String == "1")
        #expect(page.evaluate("document.querySelectorAll('pre.code button.copy').length") as? Int == 2, "copy buttons after the swap")

        // The page's own "rerun from here" button: a same-origin POST from a real browser.
        _ = page.evaluate("document.querySelectorAll('button.labrun-rerun')[1].click(); true")
        #expect(served.running.waitUntil(seconds: 20) { served.running.stderr.contains("lab.md: reran cell 2 of 2") }, "\(served.running.stderr)")

        // A failing cell: the banner names it and links to it.
        try ServeTests.lab.replacingOccurrences(of: "print(xs.count)", with: "print(nope)")
            .write(to: served.dir.appendingPathComponent("lab.md"), atomically: false, encoding: .utf8)
        #expect(page.waitFor("document.querySelector('#labrun-live .failure')?.hidden === false"))
        let banner = page.evaluate("document.querySelector('#labrun-live .failure').textContent") as? String ?? ""
        #expect(banner.hasPrefix("Cell 1 failed:") && banner.contains("cannot find 'nope' in scope"), "\(banner)")
        #expect(page.evaluate("document.querySelector('#labrun-live .failure').getAttribute('href')") as? String == "#numbers")
        #expect(page.evaluate("window.labrunMark") as? Int == 42)
    }

    /// More served pages open in one browser than the six connections it opens to a server: every
    /// one loads and follows its lab (when each page held a stream of its own, the seventh never
    /// loaded), and the index page follows every lab's runs.
    @Test func manyOpenPagesShareOneStreamAndTheIndexFollowsTheLabs() throws {
        let served = try Served(["lab.md": ServeTests.lab, "other.md": ServeTests.lab])
        let base = "http://127.0.0.1:\(served.port)"
        let first = try DevToolsPage(url: "\(base)/lab.html")
        var pages = [first]
        for i in 1..<8 { pages.append(try first.openTab("\(base)/\(i % 2 == 0 ? "lab" : "other").html")) }
        let index = try first.openTab("\(base)/")
        let connected = "document.querySelector('#labrun-live .state')?.textContent.includes('all as expected') === true"
        for (i, page) in pages.enumerated() { #expect(page.waitFor(connected, seconds: 30), "page \(i) did not connect") }

        try ServeTests.lab.replacingOccurrences(of: "MARK-0", with: "MARK-1").replacingOccurrences(of: "xs.count", with: "xs.count + 1")
            .write(to: served.dir.appendingPathComponent("other.md"), atomically: false, encoding: .utf8)
        for (i, page) in pages.enumerated() where i % 2 == 1 {
            #expect(page.waitFor("document.querySelector('main').textContent.includes('MARK-1')", seconds: 20), "page \(i)")
        }
        #expect(index.waitFor("document.querySelector('li[data-lab=\"other\"] .summary')?.textContent.startsWith('reran cells 1-2 of 2') === true"),
                "\(index.evaluate("document.body.textContent") ?? "")")
        #expect(index.evaluate("document.querySelector('li[data-lab=\"lab\"] .summary').textContent.startsWith('ran cells 1-2 of 2')") as? Bool == true)
        for (i, page) in pages.enumerated() where i % 2 == 0 {
            #expect(page.evaluate("document.querySelector('main').textContent.includes('MARK-0')") as? Bool == true, "page \(i)")
        }
    }

    /// A browser without shared workers (Chrome on Android, older Safari): the page follows its lab
    /// through a stream of its own.
    @Test func withoutSharedWorkersAPageHasItsOwnStream() throws {
        let served = try Served(["lab.md": ServeTests.lab])
        let page = try DevToolsPage(url: "http://127.0.0.1:\(served.port)/lab.html")
        page.command("Page.enable")
        page.command("Page.addScriptToEvaluateOnNewDocument", ["source": "delete window.SharedWorker;"])
        page.command("Page.reload")
        let ok = page.waitFor("typeof SharedWorker === 'undefined' && document.querySelector('#labrun-live .state')?.textContent.includes('all as expected') === true")
        #expect(ok, "\(page.evaluate("typeof SharedWorker + ' ' + document.querySelector('#labrun-live .state')?.textContent") ?? "nil")")
        try ServeTests.lab.replacingOccurrences(of: "MARK-0", with: "MARK-1")
            .write(to: served.dir.appendingPathComponent("lab.md"), atomically: false, encoding: .utf8)
        #expect(page.waitFor("document.querySelector('main').textContent.includes('MARK-1')"), "the page did not change")
    }

    /// labrun stopped and started again on the same port: its versions count from 1 again, and a
    /// page left open still takes the new handout (it compared versions alone and kept the old one).
    @Test func aPageLeftOpenFollowsARestartedServer() throws {
        let first = try Served(["lab.md": ServeTests.lab])
        let page = try DevToolsPage(url: "http://127.0.0.1:\(first.port)/lab.html")
        #expect(page.waitFor("document.querySelector('#labrun-live .state')?.textContent.includes('all as expected') === true"))
        first.running.send(SIGINT)
        #expect(first.running.wait() == 130)
        try ServeTests.lab.replacingOccurrences(of: "MARK-0", with: "MARK-9")
            .write(to: first.dir.appendingPathComponent("lab.md"), atomically: true, encoding: .utf8)
        let again = try RunningLabrun(["--serve", "--port", String(first.port), "lab.md"], in: first.dir)
        defer { again.send(SIGKILL) }
        #expect(again.waitUntil(seconds: 60) { again.stderr.contains("labrun: serving") }, "\(again.stderr)")
        // EventSource reconnects by itself (after about three seconds).
        #expect(page.waitFor("document.querySelector('main').textContent.includes('MARK-9')", seconds: 20))
    }
}
