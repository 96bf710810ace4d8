/// Lines of a cell between `// BEGIN SOLUTION` and `// END SOLUTION` (the markers included): the
/// instructor's solution, which a student copy replaces by `todo()` at the marker's indentation.
/// In an ordinary run the markers are comments and the region runs like the rest of the cell.
public struct SolutionRegion: Sendable, Equatable {
    /// The code lines of the markers, 0-based within the cell's code (`begin < end`).
    public var begin: Int
    public var end: Int
    /// The spaces and tabs before `// BEGIN SOLUTION` on its code line.
    public var indentation: String

    public init(begin: Int, end: Int, indentation: String) {
        self.begin = begin
        self.end = end
        self.indentation = indentation
    }
}

/// Finds a cell's solution regions and what is wrong with its markers.
enum SolutionMarkers {
    enum Marker { case begin, end }

    /// The marker a code line is, if any: `//`, optional spaces, then `BEGIN SOLUTION` or
    /// `END SOLUTION`, alone on the line apart from spaces and tabs.
    static func marker(_ line: Substring) -> Marker? {
        let text = line.drop { $0 == " " || $0 == "\t" }
        guard text.hasPrefix("//") else { return nil }
        let words = text.dropFirst(2).split { $0 == " " || $0 == "\t" }
        guard words.count == 2, words[1] == "SOLUTION" else { return nil }
        return words[0] == "BEGIN" ? .begin : words[0] == "END" ? .end : nil
    }

    /// The regions of `codeLines` in order, and each marker problem with its code line (0-based)
    /// and the column (1-based, in the code line) of its `//`.
    static func find(in codeLines: [Substring]) -> (regions: [SolutionRegion], problems: [(String, line: Int, column: Int)]) {
        var regions: [SolutionRegion] = []
        var problems: [(String, line: Int, column: Int)] = []
        var open: (line: Int, indentation: String)?
        for (number, line) in codeLines.enumerated() {
            guard let marker = marker(line) else { continue }
            let indentation = String(line.prefix { $0 == " " || $0 == "\t" })
            let column = indentation.count + 1
            switch (marker, open) {
            case (.begin, nil):
                open = (number, indentation)
            case (.begin, let start?):
                problems.append(("'// BEGIN SOLUTION' inside the solution region that began on the cell's line \(start.line + 1); close it first with '// END SOLUTION'", number, column))
            case (.end, let start?):
                regions.append(SolutionRegion(begin: start.line, end: number, indentation: start.indentation))
                open = nil
            case (.end, nil):
                problems.append(("'// END SOLUTION' without a '// BEGIN SOLUTION' before it", number, column))
            }
        }
        if let start = open {
            problems.append(("'// BEGIN SOLUTION' is never closed; end the region with '// END SOLUTION' in the same cell", start.line, start.indentation.count + 1))
        }
        return (regions, problems)
    }
}
