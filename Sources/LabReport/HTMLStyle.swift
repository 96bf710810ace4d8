/// The report's stylesheet, inlined into every HTML file so it opens anywhere, offline.
enum HTMLStyle {
    static let css = """
        :root {
          --fg: #1f2328; --bg: #ffffff; --muted: #656d76; --line: #d0d7de;
          --code-bg: #f6f8fa; --out-bg: #fbfbfc; --link: #0969da;
          --ok: #1a7f37; --fail: #cf222e; --fail-bg: #ffebe9; --expected: #9a6700; --expected-bg: #fff8c5;
          --tok-keyword: #cf222e; --tok-number: #0550ae; --tok-string: #0a3069; --tok-comment: #57606a;
          --tok-builtin: #8250df; --tok-operator: #1f2328;
        }
        @media screen and (prefers-color-scheme: dark) {
          :root {
            --fg: #e6edf3; --bg: #0d1117; --muted: #8d96a0; --line: #30363d;
            --code-bg: #161b22; --out-bg: #11161d; --link: #4493f8;
            --ok: #3fb950; --fail: #f85149; --fail-bg: #3c1618; --expected: #d29922; --expected-bg: #3a2d0c;
            --tok-keyword: #ff7b72; --tok-number: #79c0ff; --tok-string: #a5d6ff; --tok-comment: #8b949e;
            --tok-builtin: #d2a8ff; --tok-operator: #e6edf3;
          }
        }
        html { background: var(--bg); color: var(--fg); }
        body {
          margin: 0 auto; max-width: 48rem; padding: 2rem 1.25rem;
          font: 16px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
          overflow-wrap: break-word;
        }
        a { color: var(--link); }
        h1, h2, h3, h4, h5, h6 { line-height: 1.25; margin: 1.6em 0 0.6em; }
        img { max-width: 100%; }
        hr { border: 0; border-top: 1px solid var(--line); margin: 2em 0; }
        blockquote { margin: 1em 0; padding: 0 1em; color: var(--muted); border-left: 0.25em solid var(--line); }
        code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.9em; }
        :not(pre) > code { background: var(--code-bg); padding: 0.1em 0.3em; border-radius: 4px; }
        /* Code, outputs and diagnostics wrap rather than hide text past the edge (a phone shows ~40 columns). */
        pre {
          background: var(--code-bg); padding: 0.75em 1em; border-radius: 6px; tab-size: 4;
          white-space: pre-wrap; overflow-wrap: anywhere;
        }
        nav.toc {
          margin: 1.5em 0; padding: 0.5em 1em; border: 1px solid var(--line); border-radius: 6px;
          background: var(--code-bg); font-size: 0.95em;
        }
        nav.toc .toc-title { margin: 0.25em 0; font-weight: 600; }
        nav.toc ul { list-style: none; margin: 0; padding-left: 0; }
        nav.toc ul ul { padding-left: 1.25em; }
        nav.toc a { text-decoration: none; }
        nav.toc code { background: none; padding: 0; }
        .cell { margin: 1.25em 0; padding: 0.5em 0.75em; border-left: 4px solid var(--line); }
        .cell.empty { margin: 0; padding: 0; border: 0; }
        .cell pre { margin: 0.5em 0; }
        .cell pre.output { background: var(--out-bg); border: 1px solid var(--line); }
        .status-failed, .status-timed-out { border-left-color: var(--fail); background: var(--fail-bg); }
        .status-expected-error { border-left-color: var(--expected); }
        .status-not-run { border-left-style: dashed; }
        .status-not-run pre.code { background: transparent; border: 1px dashed var(--line); }
        .badge {
          display: inline-block; margin: 0.25em 0; padding: 0 0.6em; border-radius: 1em;
          font-size: 0.8em; font-weight: 600; color: #fff; background: var(--muted);
        }
        @media screen and (prefers-color-scheme: dark) { .badge { color: var(--bg); } }
        .status-failed .badge, .status-timed-out .badge { background: var(--fail); }
        .status-expected-error .badge { background: var(--expected); }
        pre.code .ln {
          display: inline-block; min-width: 2em; margin-right: 1em; text-align: right; color: var(--muted);
          user-select: none;
        }
        details.all-rows > summary { cursor: pointer; color: var(--link); font-size: 0.9em; }
        @media print { details.all-rows { display: none; } }
        figure.chart figcaption, .table-caption { color: var(--muted); font-size: 0.9em; margin: 0.25em 0; }
        figure.chart figcaption { padding: 0 0.5em 0.25em; }
        footer.summary .made { color: var(--muted); }
        .check { margin: 0.25em 0; font-size: 0.85em; font-weight: 600; color: var(--muted); }
        .notice, .table-note { color: var(--muted); font-style: italic; font-size: 0.9em; margin: 0.25em 0; }
        pre.diagnostic { color: var(--fail); background: transparent; border: 1px solid var(--fail); }
        pre.diagnostic.severity-warning { color: var(--expected); border-color: var(--expected); }
        pre.diagnostic mark {
          color: inherit; background: none; text-decoration: underline wavy; text-decoration-thickness: 1.5px;
          text-underline-offset: 3px; outline: 1px solid currentColor; outline-offset: 1px; border-radius: 2px;
        }
        .status-expected-error pre.diagnostic { color: var(--expected); border-color: var(--expected); }
        .lab-diagnostics { border: 1px solid var(--fail); border-radius: 6px; padding: 0 0.75em; margin: 1em 0; }
        .lab-diagnostics.warnings { border-color: var(--expected); }
        .table-wrap { overflow-x: auto; margin: 0.5em 0; }
        /* Below 600 px a chart scrolls sideways instead of shrinking its text under 10 px. */
        figure.chart { margin: 0.75em 0; max-width: 640px; background: #fff; border-radius: 6px; overflow-x: auto; }
        figure.chart svg { display: block; width: 100%; min-width: 600px; height: auto; }
        @media screen and (prefers-color-scheme: dark) {
          figure.chart { background: var(--code-bg); }
          figure.chart svg > rect:first-of-type { fill: var(--code-bg); }
          figure.chart .tick-labels, figure.chart .legend text, figure.chart .title, figure.chart .x-label,
          figure.chart .y-label, figure.chart .note, figure.chart .empty { fill: var(--fg); }
          figure.chart .axes { stroke: var(--muted); }
          figure.chart .grid { stroke: var(--line); }
          figure.chart [stroke="#000000"] { stroke: var(--fg); }
          figure.chart [fill="#000000"] { fill: var(--fg); }
        }
        math { font-family: "labrun Math", "Latin Modern Math", "STIX Two Math", math; }
        math .prime { font-feature-settings: "ssty" 1; }
        table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 0.9em; }
        th, td { border: 1px solid var(--line); padding: 0.2em 0.6em; text-align: left; }
        th { background: var(--code-bg); }
        .num { text-align: right; }
        .gap { text-align: center; color: var(--muted); }
        .tok-keyword { color: var(--tok-keyword); }
        .tok-number { color: var(--tok-number); }
        .tok-string { color: var(--tok-string); }
        .tok-comment { color: var(--tok-comment); font-style: italic; }
        .tok-builtin { color: var(--tok-builtin); }
        .tok-operator, .tok-punctuation { color: var(--tok-operator); }
        footer.summary { margin-top: 3em; padding-top: 0.5em; border-top: 1px solid var(--line); color: var(--muted); font-size: 0.9em; }
        footer.summary.failed { color: var(--fail); }
        pre.code { position: relative; }
        pre.code button.copy {
          position: absolute; top: 0.35em; right: 0.35em; padding: 0.1em 0.6em; font: 0.8em system-ui, sans-serif;
          color: var(--fg); background: var(--bg); border: 1px solid var(--line); border-radius: 4px; cursor: pointer;
        }
        @page {
          margin: 1.6cm 1.5cm;
          @bottom-center { content: counter(page) " / " counter(pages); font: 9pt system-ui, sans-serif; color: #555; }
        }
        @media print {
          html, body { background: none; color: #000; }
          body { max-width: none; padding: 0; font-size: 11pt; }
          a { color: inherit; }
          pre, th, .cell, .status-failed, .status-timed-out, .badge { background: none !important; }
          .badge { color: #000; border: 1px solid #000; }
          pre { white-space: pre-wrap; overflow-wrap: break-word; border: 1px solid #999; }
          /* Cells and their code may span pages (keeping them whole leaves half pages empty); outputs may not. */
          pre.output, pre.diagnostic, table, figure, .lab-diagnostics { break-inside: avoid; }
          /* A figure that does not fit the rest of a page moves to the next; kept under a third of
             a page, it never leaves more than that empty. */
          figure.chart svg { max-height: 30vh; width: auto; min-width: 0; max-width: 100%; }
          figure.chart { overflow: visible; }
          .cell pre.code { break-after: avoid; }
          h1, h2, h3, h4, h5, h6 { break-after: avoid; }
          p, pre { orphans: 3; widows: 3; }
          nav.toc { background: none; break-inside: avoid; }
          button.copy { display: none; }
        }

        """

    /// The one script of a handout: a Copy button on each code block, which copies the code
    /// without its line numbers. Without scripts the page is the same, without the buttons.
    static let copyScript = """
        <script>
        for (const pre of document.querySelectorAll("pre.code")) {
          const button = document.createElement("button");
          button.type = "button";
          button.className = "copy";
          button.textContent = "Copy";
          button.addEventListener("click", () => {
            const code = pre.querySelector("code").cloneNode(true);
            for (const number of code.querySelectorAll(".ln")) number.remove();
            const done = (label) => {
              button.textContent = label;
              setTimeout(() => { button.textContent = "Copy"; }, 1500);
            };
            navigator.clipboard.writeText(code.textContent).then(() => done("Copied"), () => {
              const range = document.createRange();
              range.selectNodeContents(pre.querySelector("code"));
              getSelection().removeAllRanges();
              getSelection().addRange(range);
              done("Selected");
            });
          });
          pre.appendChild(button);
        }
        </script>

        """
}
