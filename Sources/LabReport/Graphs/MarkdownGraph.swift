import LabOutput

/// A graph in the Markdown report: a link to its SVG file (written next to the report) and the text tree.
enum MarkdownGraph {
    /// The folder, relative to the report, that holds its figures: `<stem>_files`.
    static func directory(for report: Report) -> String {
        stem(of: report.document.path) + "_files"
    }

    /// The relative path of the figure for output `output` of cell `cell` (both 0-based).
    static func path(in directory: String, cell: Int, output: Int) -> String {
        "\(directory)/cell\(cell + 1)-graph\(output + 1).svg"
    }

    /// The relative path of a chart's figure file.
    static func chartPath(in directory: String, cell: Int, output: Int) -> String {
        "\(directory)/cell\(cell + 1)-chart\(output + 1).svg"
    }

    /// A chart as a linked figure (or, without a file, its title).
    static func chartBlock(_ chart: ChartOutput, figure: String?) -> [String] {
        let title = chart.spec.title.isEmpty ? "Chart" : chart.spec.title
        guard let figure else { return [MarkdownBlocks.italic("Chart: \(title)")] }
        return ["![\(MarkdownBlocks.escapeCell(title))](<\(linkPath(figure))>)"]
    }

    /// Every graph figure of the report, laid out once: relative path → SVG text.
    static func figures(_ report: Report) -> [ReportFile] {
        let directory = directory(for: report)
        var files: [ReportFile] = []
        for cell in report.document.cells where cell.options.output {
            for (i, output) in report.result(at: cell.index).outputs.enumerated() {
                switch output {
                case .graph(let graph):
                    guard let svg = GraphSVG.file(graph) else { continue }
                    files.append(ReportFile(path: path(in: directory, cell: cell.index, output: i), contents: svg))
                case .chart(let chart):
                    let svg = SVGChart.render(chart.spec, idPrefix: chart.id)
                    files.append(ReportFile(path: chartPath(in: directory, cell: cell.index, output: i), contents: svg + "\n"))
                default:
                    continue
                }
            }
        }
        return files
    }

    /// The image link (when the figure exists) and the text tree.
    static func blocks(_ graph: GraphOutput, figure: String?) -> [[String]] {
        var blocks: [[String]] = []
        if let figure {
            blocks.append(["![\(MarkdownBlocks.escapeCell(graph.caption))](<\(linkPath(figure))>)"])
        } else {
            blocks.append([MarkdownBlocks.italic(graph.caption)])
        }
        let tree = GraphText.tree(graph).split(separator: "\n").map(String.init)
        blocks.append(MarkdownBlocks.fenced(tree, info: "text"))
        return blocks
    }

    /// A path safe inside `<...>` in a Markdown link.
    private static func linkPath(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\\"), UInt8(ascii: "%"),
                 UInt8(ascii: " "), 0..<0x20, 0x7f...:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(2)
            default: out.append(Character(Unicode.Scalar(byte)))
            }
        }
        return out
    }
}

/// A file that goes with a report, such as a figure of the Markdown report.
public struct ReportFile: Sendable, Equatable {
    /// The path relative to the report's folder, with `/` separators (`lab_files/cell2-graph1.svg`).
    public var path: String
    public var contents: String

    public init(path: String, contents: String) {
        self.path = path
        self.contents = contents
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
