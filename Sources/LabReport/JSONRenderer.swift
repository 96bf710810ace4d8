import LabMarkdown
import LabOutput

/// Renders a report as JSON for tools; the schema is documented in docs/report-json.md.
public enum JSONRenderer {
    /// Pretty JSON with sorted keys, ending with a newline. With `timings: false` the
    /// `wallTimeMs` fields are left out, so the output is byte-for-byte reproducible.
    public static func render(_ report: Report, timings: Bool = true) -> String {
        let ids = report.cellIDs
        let cells = report.document.cells.map { cell in
            self.cell(cell, id: ids[cell.index], result: report.result(at: cell.index), timings: timings)
        }
        var counts: [String: JSONValue] = [:]
        let statusCounts = report.statusCounts
        for status in [CellStatus.ok, .failed, .expectedError, .notRun, .timedOut] {
            counts[status.rawValue] = .int(statusCounts[status, default: 0])
        }
        var summary: [String: JSONValue] = [
            "cells": .int(report.document.cells.count),
            "counts": .object(counts),
            "succeeded": .bool(report.succeeded),
        ]
        if timings {
            summary["wallTimeMs"] = .double(report.cells.reduce(0) { $0 + $1.wallTimeMs })
        }
        let points = report.points
        summary["points"] = report.document.cells.contains { $0.options.check != nil }
            ? .object(["earned": .double(points.earned), "possible": .double(points.possible)]) : .null
        let root: JSONValue = .object([
            "schemaVersion": .int(2),
            "lab": .string(report.document.path),
            "title": .string(report.title),
            "summary": .object(summary),
            "diagnostics": .array(report.diagnostics.map(diagnostic)),
            "cells": .array(cells),
        ])
        return root.pretty() + "\n"
    }

    private static func cell(_ cell: Cell, id: String, result: CellResult, timings: Bool) -> JSONValue {
        var object: [String: JSONValue] = [
            "index": .int(cell.index),
            "id": .string(id),
            // A cell shown without its code (echo=false, a hidden check) keeps it out of the JSON too.
            "code": cell.options.echo ? .string(cell.code) : .null,
            "lines": .object([
                "fence": .int(cell.fenceLine), "firstCode": .int(cell.firstCodeLine), "end": .int(cell.endLine),
            ]),
            "options": options(cell.options),
            "status": .string(result.status.rawValue),
            "outputs": .array(result.outputs.map(output)),
            "diagnostics": .array(result.diagnostics.map(diagnostic)),
        ]
        if timings { object["wallTimeMs"] = .double(result.wallTimeMs) }
        object["check"] = cell.options.check.map { visibility in
            .object([
                "visibility": .string(visibility.rawValue),
                "points": .double(cell.options.checkPoints),
                "earned": .double(result.passed ? cell.options.checkPoints : 0),
            ])
        } ?? .null
        return .object(object)
    }

    private static func options(_ o: CellOptions) -> JSONValue {
        .object([
            "echo": .bool(o.echo),
            "output": .bool(o.output),
            "errorExpected": .bool(o.expectsError),
            "timeout": o.timeout.map(JSONValue.double) ?? .null,
            "id": .optional(o.id),
            "expectedErrorText": .optional(o.expectedErrorText),
            "solution": .bool(o.solution),
            "caption": .optional(o.caption),
        ])
    }

    static func output(_ output: CellOutput) -> JSONValue {
        switch output {
        case .text(let s): return .object(["type": .string("text"), "text": .string(s)])
        case .notice(let s): return .object(["type": .string("notice"), "text": .string(s)])
        case .graph(let g):
            return GraphJSON.value(g)
        case .table(let t):
            return .object([
                "type": .string("table"),
                "columns": .array(t.columns.map(JSONValue.string)),
                "rows": .array(t.rows.map { .array($0.map(value)) }),
                "note": .optional(t.note),
            ])
        case .chart(let c):
            var fields = chartFields(c)
            if let grid = c.spec.grid {
                fields["grid"] = .object([
                    "rows": .array(grid.rows.map(JSONValue.string)),
                    "columns": .array(grid.columns.map(JSONValue.string)),
                    "values": .array(grid.values.map { .array($0.map { .double($0) }) }),
                ])
            }
            if c.spec.kind == .bars { fields["barWidth"] = .double(c.spec.barWidth) }
            return .object(fields)
        }
    }

    /// The fields every chart has in the JSON (see docs/report-json.md).
    private static func chartFields(_ c: ChartOutput) -> [String: JSONValue] {
            [
                "type": .string("chart"),
                "id": .string(c.id),
                "kind": .string(c.spec.kind.rawValue),
                "title": .string(c.spec.title),
                "xLabel": .string(c.spec.xLabel),
                "yLabel": .string(c.spec.yLabel),
                "logY": .bool(c.spec.logY),
                "series": .array(c.spec.series.map { s in
                    .object([
                        "name": .string(s.name),
                        "x": .array(s.points.map { .double($0.x) }),
                        "y": .array(s.points.map { .double($0.y) }),
                    ])
                }),
            ]
    }

    private static func value(_ v: TableValue) -> JSONValue {
        switch v {
        case .text(let s): return .string(s)
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .bool(let b): return .bool(b)
        case .ellipsis: return .object(["ellipsis": .bool(true)])
        }
    }

    private static func diagnostic(_ d: ReportDiagnostic) -> JSONValue {
        .object([
            "severity": .string(d.severity.rawValue),
            "message": .string(d.message),
            "line": .int(d.line),
            "column": .int(d.column),
            "hint": .optional(d.hint),
            "trace": .array(d.trace.map { frame in
                .object(["line": .int(frame.line), "column": .int(frame.column), "repeats": .int(frame.repeats)])
            }),
        ])
    }
}
