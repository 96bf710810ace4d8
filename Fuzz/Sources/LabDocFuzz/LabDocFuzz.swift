import LabMarkdown
import LabOutput
import LabReport

/// libFuzzer's entry point for the document path: arbitrary bytes as a lab file (invalid UTF-8,
/// formulas, containers, raw HTML, links and images included) are parsed and rendered in every
/// report format, twice: with each cell not run, and with each cell showing outputs made from its
/// own code (text, a table, a line chart, a histogram, a heatmap, a graph) and a failure located in it, so the renderers meet
/// the lab's text everywhere they put it. Cells are not run (LabFuzz covers the interpreter).
///
/// The student copy (`labrun --student`) is made of it too, and read back, since it edits the
/// lab's lines by the positions the parse found.
///
/// Any output is fine; a crash, trap, sanitizer report or hang is a bug.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let document = LabParser.parse(bytes: bytes, path: "fuzz.md")
    _ = LabParser.parse(text: StudentCopy.text(of: document), path: "fuzz.md")
    let quiet = document.cells.map { _ in CellResult(status: .notRun) }
    let busy = document.cells.map { cell in result(for: cell) }
    for cells in [quiet, busy] {
        let math = ConvertedFormulas(document.formulas)
        let report = Report(document: document, cells: cells, diagnostics: math.diagnostics, math: math)
        for format in ReportFormat.all {
            _ = format.render(report, options: RenderOptions(unsafeHTML: false, links: ProseLinks(labFolder: "../labs")))
        }
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
