import LabMarkdown
import LabOutput
import LabReport

/// libFuzzer's entry point for the document path: arbitrary bytes as a lab file (invalid UTF-8,
/// formulas, containers, raw HTML, links and images included) are parsed and rendered as a report.
///
/// The first byte chooses what is done with the rest, so one input costs one parse and one render
/// instead of every combination (the fuzzer's mutations of that byte reach them all): the byte
/// modulo 5 picks the format (each of `ReportFormat.all`, or HTML with `--unsafe-html`); bit 3
/// shows each cell either not run or with outputs made from its own code (text, a table, a line
/// chart, a histogram, a heatmap, a graph) and a failure located in it, so the renderers meet the
/// lab's text everywhere they put it; bit 4 also makes the student copy (`labrun --student`) and
/// reads it back, since it edits the lab's lines by the positions the parse found. Cells are not
/// run (LabFuzz covers the interpreter).
///
/// Any output is fine; a crash, trap, sanitizer report or hang is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let choice = data[0]
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let document = LabParser.parse(bytes: bytes, path: "fuzz.md")
    if choice & 16 != 0 {
        _ = LabParser.parse(text: StudentCopy.text(of: document), path: "fuzz.md")
    }
    let cells = choice & 8 == 0
        ? document.cells.map { _ in CellResult(status: .notRun) }
        : document.cells.map { cell in result(for: cell) }
    let math = ConvertedFormulas(document.formulas)
    let report = Report(document: document, cells: cells, diagnostics: math.diagnostics, math: math)
    let formats = ReportFormat.all
    let pick = Int(choice) % (formats.count + 1)
    if pick < formats.count {
        _ = formats[pick].render(report, options: RenderOptions(unsafeHTML: false, links: ProseLinks(labFolder: "../labs")))
    } else {
        _ = ReportFormat.html.render(report, options: RenderOptions(unsafeHTML: true))
    }
    return 0
}

/// A failed cell whose outputs and error carry its own code.
private func result(for cell: Cell) -> CellResult {
    let firstLine = cell.code.split(separator: "\n").first.map(String.init) ?? cell.code
    let chart = ChartSpec(
        kind: .line, title: firstLine, xLabel: "x", yLabel: cell.code,
        series: [ChartSpec.Series(name: firstLine, ys: [1, -2, .nan, 1e300, 0])], logY: cell.index % 2 == 0)
    let graph = GraphOutput(
        title: firstLine,
        nodes: [
            GraphOutput.Node(id: 0, lines: [firstLine, cell.code], kind: .operation),
            GraphOutput.Node(id: 1, lines: [cell.infoString], kind: .leaf),
        ],
        edges: [GraphOutput.Edge(from: 1, to: 0, slot: 0)], root: 0)
    let bars = ChartSpec(
        kind: .bars, title: cell.infoString, xLabel: firstLine, yLabel: "count",
        series: [ChartSpec.Series(name: cell.code, ys: [3, 0, .infinity, 2])], barWidth: Double(cell.code.count % 5))
    let heatmap = ChartSpec(
        kind: .heatmap, title: firstLine, xLabel: cell.infoString, yLabel: cell.code, series: [],
        grid: ChartSpec.Grid(values: [[1, .nan], [-2, 1e300], []], rows: [cell.code], columns: [firstLine, "", cell.infoString]))
    let outputs: [CellOutput] = [
        .text(cell.code), .notice(firstLine),
        .table(TableOutput(columns: [firstLine, "n"], rows: [[.text(cell.code), .double(.infinity)], [.ellipsis, .ellipsis]])),
        .chart(ChartOutput(id: "cell-\(cell.index)-chart-1", spec: chart)), .graph(graph),
        .chart(ChartOutput(id: "cell-\(cell.index)-chart-2", spec: bars)),
        .chart(ChartOutput(id: "cell-\(cell.index)-chart-3", spec: heatmap)),
    ]
    let failure = ReportDiagnostic(
        severity: .error, message: cell.code, line: cell.firstCodeLine, column: cell.code.count,
        hint: firstLine, trace: [TraceFrame(line: cell.fenceLine, column: 2, repeats: 3)])
    return CellResult(status: .failed, outputs: outputs, diagnostics: [failure], wallTimeMs: 1)
}
