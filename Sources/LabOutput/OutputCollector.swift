/// Gathers one cell's outputs in order, joining consecutive prints and cutting runaway output.
///
/// Past `maxLines` lines or `maxBytes` bytes (UTF-8) further output is dropped, and `outputs`
/// ends with one notice saying how much was left out, so a loop that prints forever cannot
/// exhaust memory or bury the report.
public struct OutputCollector: Sendable, Equatable {
    /// Line budget for the cell (text lines, table rows plus header, notices).
    public let maxLines: Int
    /// Byte budget for the cell, counted in UTF-8.
    public let maxBytes: Int
    /// Finished outputs; the text still being joined lives in `pending`.
    private var stored: [CellOutput] = []
    private var pending: String? = nil
    private var usedLines = 0
    private var usedBytes = 0
    /// Lines dropped after a limit was reached.
    public private(set) var droppedLines = 0
    /// Bytes dropped after a limit was reached.
    public private(set) var droppedBytes = 0
    /// True once a limit was reached; everything after that is dropped.
    public private(set) var isCut = false
    /// Charts are numbered `<prefix>-chart-1`, `-2`… in `outputs` (their SVG ids must be unique in a
    /// report and the same on every run); nil leaves their ids as given.
    public let chartIDPrefix: String?

    /// A collector with the given limits (defaults: 10,000 lines, 1,000,000 bytes).
    public init(maxLines: Int = 10_000, maxBytes: Int = 1_000_000, chartIDPrefix: String? = nil) {
        self.maxLines = max(0, maxLines)
        self.maxBytes = max(0, maxBytes)
        self.chartIDPrefix = chartIDPrefix
    }

    /// The collected outputs, followed by the cut notice when anything was dropped.
    public var outputs: [CellOutput] {
        var result = numberingCharts(stored)
        if let pending { result.append(.text(pending)) }
        guard isCut else { return result }
        let lines = DisplayFormat.count(droppedLines, "more line", "more lines")
        let verb = droppedLines == 1 ? "was" : "were"
        return result + [.notice("output cut: \(lines) (\(droppedBytes) bytes) \(verb) left out")]
    }

    /// `outputs` with each chart's id made from `chartIDPrefix` and its place among the charts.
    private func numberingCharts(_ outputs: [CellOutput]) -> [CellOutput] {
        guard let chartIDPrefix else { return outputs }
        var count = 0
        return outputs.map { output in
            guard case .chart(var chart) = output else { return output }
            count += 1
            chart.id = "\(chartIDPrefix)-chart-\(count)"
            return .chart(chart)
        }
    }

    /// `line`, or its first `maxLineBytes` bytes (whole characters) and how much was left out.
    static func shortened(_ line: Substring) -> Substring {
        guard line.utf8.count > maxLineBytes else { return line }
        var end = line.startIndex
        var used = 0
        for character in line {
            let size = character.utf8.count
            if used + size > maxLineBytes { break }
            used += size
            end = line.index(after: end)
        }
        return Substring(String(line[..<end]) + "… (\(line.utf8.count - used) more bytes of this line left out)")
    }

    /// Adds one output as it is (text is not joined to the previous text).
    public mutating func append(_ output: CellOutput) {
        switch output {
        case .text(let s):
            closePending()
            appendText(s)
            closePending()
        case .notice(let s):
            appendWhole(output, lines: Self.lineCount(s), bytes: s.utf8.count)
        case .table(let t):
            appendWhole(output, lines: t.rows.count + 1, bytes: Self.byteCount(t))
        case .chart(let c):
            // A chart is one figure however many points it has (a 40,000-epoch history was
            // counted as 1.3 MB and dropped), so its points count up to a cap.
            let cells = c.spec.grid.map { $0.values.reduce(0) { $0 + $1.count } } ?? 0
            let points = c.spec.series.reduce(cells) { $0 + $1.points.count }
            appendWhole(output, lines: 1, bytes: 32 * min(points, Self.chartPointsCounted))
        case .graph(let g):
            appendWhole(output, lines: g.nodes.count + 1, bytes: g.nodes.reduce(0) { $0 + $1.lines.joined().utf8.count })
        }
    }

    /// The most points of a chart counted against the byte budget.
    static let chartPointsCounted = 4_000

    /// A printed line longer than this is shortened to it, with a note of what was left out: one
    /// huge line (a megabyte) was dropped whole, and with it every later print of the cell.
    public static let maxLineBytes = 10_000

    /// Adds printed text; consecutive prints become one text output with lines joined by `\n`.
    public mutating func appendText(_ s: String) {
        let lines = s.split(separator: "\n", omittingEmptySubsequences: false).map(Self.shortened)
        if isCut {
            drop(lines: lines.count, bytes: s.utf8.count)
            return
        }
        // Keep whole lines while both budgets allow; the joining newline costs one byte.
        // The open text grows in place, so many small prints cost linear time, not quadratic.
        var index = 0
        while index < lines.count {
            let separator = pending == nil ? 0 : 1
            let cost = lines[index].utf8.count + separator
            guard usedLines + 1 <= maxLines, usedBytes + cost <= maxBytes else { break }
            usedLines += 1
            usedBytes += cost
            if pending == nil { pending = "" } else { pending?.append("\n") }
            pending?.append(contentsOf: lines[index])
            index += 1
        }
        if index < lines.count {
            isCut = true
            let rest = lines[index...]
            drop(lines: rest.count, bytes: rest.reduce(0) { $0 + $1.utf8.count } + rest.count - 1)
        }
    }

    /// Ends the open text output, so the next print starts a new one.
    private mutating func closePending() {
        if let pending { stored.append(.text(pending)) }
        pending = nil
    }

    private mutating func appendWhole(_ output: CellOutput, lines: Int, bytes: Int) {
        closePending()
        if !isCut, usedLines + lines <= maxLines, usedBytes + bytes <= maxBytes {
            usedLines += lines
            usedBytes += bytes
            stored.append(output)
        } else {
            isCut = true
            drop(lines: lines, bytes: bytes)
        }
    }

    private mutating func drop(lines: Int, bytes: Int) {
        // Saturating: a cell that prints without end must not overflow the counters.
        droppedLines = droppedLines.addingReportingOverflow(lines).overflow ? .max : droppedLines + lines
        droppedBytes = droppedBytes.addingReportingOverflow(bytes).overflow ? .max : droppedBytes + bytes
    }

    private static func lineCount(_ s: String) -> Int {
        s.split(separator: "\n", omittingEmptySubsequences: false).count
    }

    /// Bytes a table takes when shown: its header and values as text, one separator each.
    private static func byteCount(_ t: TableOutput) -> Int {
        var total = t.columns.reduce(0) { $0 + $1.utf8.count + 1 }
        for row in t.rows {
            for value in row { total += DisplayFormat.tableValue(value).utf8.count + 1 }
        }
        return total + (t.note?.utf8.count ?? 0)
    }
}
