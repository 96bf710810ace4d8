@testable import LabStdlib
import LabOutput
import Testing

/// `graph`, `backwardSteps` and `gradcheck` run from lab code.
@Suite struct GraphBuiltinsTests {
    /// Runs a cell and returns its outputs and first error.
    private func outputs(_ s: MiniSession, _ code: String) -> (outputs: [CellOutput], error: String?) {
        s.stdlib.beginCell()
        let out = s.run(code)
        return (s.stdlib.endCell(), out.error)
    }

    private let board = """
        let x = tensor(2.0, requiresGrad: true)
        let y = tensor(3.0, requiresGrad: true)
        let f = x * (x + y) + y * y
        """

    @Test func graphNamesLeavesAfterTheLabsVariables() throws {
        let s = MiniSession()
        let run = outputs(s, board + "\nf.backward()\ngraph(f)")
        #expect(run.error == nil, "\(run.error ?? "")")
        guard case .graph(let g)? = run.outputs.first else {
            Issue.record("no graph output: \(run.outputs)")
            return
        }
        #expect(g.title == "Computation graph of f")
        #expect(g.nodes.map(\.lines) == [
            ["x", "value 2", "grad 7"], ["y", "value 3", "grad 8"], ["add", "value 5", "grad 2"],
            ["mul", "value 10", "grad 1"], ["mul", "value 9", "grad 1"], ["f = add", "value 19", "grad 1"],
        ])
        #expect(g.nodes.map(\.kind) == [.leaf, .leaf, .operation, .operation, .operation, .operation])
        #expect(g.edges.count == 8)
        #expect(g.root == 5 && !g.summarised)
    }

    @Test func namesFromEarlierCellsArraysAndConstants() throws {
        let s = MiniSession()
        _ = outputs(s, "let w = tensor([1.0, 2.0], requiresGrad: true)\nlet params = [tensor(0.5, requiresGrad: true)]")
        let run = outputs(s, """
            let data = tensor([3.0, 4.0])
            let big = zeros([20])
            let loss = (w * data).sum() * params[0] + 2.0 + (big * params[0]).sum()
            graph(loss, title: "My loss")
            """)
        #expect(run.error == nil, "\(run.error ?? "")")
        guard case .graph(let g)? = run.outputs.first else { Issue.record("no graph"); return }
        #expect(g.title == "My loss")
        let firstLines = g.nodes.map { $0.lines[0] }
        #expect(firstLines.contains("w") && firstLines.contains("params[0]") && firstLines.contains("data"))
        #expect(g.nodes.contains { $0.lines == ["2"] && $0.kind == .constant })
        #expect(g.nodes.contains { $0.lines == ["big", "shape [20]"] && $0.kind == .constant })
    }

    @Test func backwardStepsBeforeAndAfterBackward() throws {
        let s = MiniSession()
        let before = outputs(s, board + "\nbackwardSteps(f)")
        #expect(before.error == nil, "\(before.error ?? "")")
        guard case .table(let t)? = before.outputs.first else { Issue.record("no table"); return }
        #expect(t.columns == ["node", "local derivative", "incoming gradient", "contribution", "gradient so far"])
        let rows = t.rows.map { $0.map(DisplayFormat.tableValue) }
        #expect(rows == [
            ["f = add(mul, mul) = 19", "∂/∂mul(x, add) = 1", "1", "1", "1"],
            ["f = add(mul, mul) = 19", "∂/∂mul(y, y) = 1", "1", "1", "1"],
            ["mul(y, y) = 9", "∂/∂y = 3", "1", "3", "3"],
            ["mul(y, y) = 9", "∂/∂y = 3", "1", "3", "6"],
            ["mul(x, add) = 10", "∂/∂x = 5", "1", "5", "5"],
            ["mul(x, add) = 10", "∂/∂add(x, y) = 2", "1", "2", "2"],
            ["add(x, y) = 5", "∂/∂x = 1", "2", "2", "7"],
            ["add(x, y) = 5", "∂/∂y = 1", "2", "2", "8"],
        ])
        #expect(t.note?.contains("no .grad was changed") == true)
        #expect(t.note?.contains("x 7, y 8") == true)
        #expect(s.run("print(x.grad == nil, y.grad == nil)").lines == ["true true"])
        let after = outputs(s, "f.backward()\nbackwardSteps(f)")
        guard case .table(let t2)? = after.outputs.first else { Issue.record("no table"); return }
        #expect(t2.rows == t.rows)
        #expect(t2.note?.hasPrefix("As the last backward() ran") == true)
    }

    @Test func largeGraphsAreSummarisedNearTheRoot() {
        let s = MiniSession()
        let run = outputs(s, """
            let a = tensor(1.0, requiresGrad: true)
            var z = a
            for _ in 0..<300 { z = z * 1.01 }
            graph(z)
            """)
        guard case .graph(let g)? = run.outputs.first else { Issue.record("no graph: \(run)"); return }
        #expect(g.summarised && g.nodes.count == GraphBuiltins.maxDrawnNodes && g.totalNodes == 601)
        #expect(g.nodes.contains { $0.id == g.root })
        #expect(g.edges.allSatisfy { e in g.nodes.contains { $0.id == e.from } && g.nodes.contains { $0.id == e.to } })
    }

    /// A model's parameters are named as PyTorch names them under the model's variable; they were
    /// all "leaf".
    @Test func aModelsParametersAreNamedInItsGraph() {
        let s = MiniSession()
        let run = outputs(s, """
            seed(0)
            let model = Sequential(Linear(2, 2), ReLU(), Linear(2, 1))
            let out = model(ones([1, 2])).sum()
            graph(out)
            """)
        guard case .graph(let g)? = run.outputs.first else { Issue.record("no graph: \(run)"); return }
        let firstLines = Set(g.nodes.compactMap(\.lines.first))
        for name in ["model.0.weight", "model.0.bias", "model.2.weight", "model.2.bias"] {
            #expect(firstLines.contains(name), "\(name) in \(firstLines)")
        }
        #expect(!firstLines.contains("leaf"))
    }

    @Test func backwardStepsWithoutAGraphIsALocatedError() {
        let s = MiniSession()
        let out = s.run("let a = tensor(1.0)\nbackwardSteps(a)")
        #expect(out.error?.contains("requires grad") == true, "\(out.error ?? "")")
    }

    @Test func gradcheckAgreesForACorrectGradient() {
        let s = MiniSession()
        let run = outputs(s, "gradcheck({ v in (v * v * v).sum() }, at: tensor([1.0, -2.0]))")
        #expect(run.error == nil, "\(run.error ?? "")")
        guard case .table(let t)? = run.outputs.first else { Issue.record("no table"); return }
        #expect(t.columns == ["element", "automatic", "numeric", "difference"])
        #expect(t.rows.map { DisplayFormat.tableValue($0[1]) } == ["3", "12"])
        #expect(t.rows.map { DisplayFormat.tableValue($0[2]) } == ["3", "12"])
        guard case .text(let verdict)? = run.outputs.last else { Issue.record("no verdict"); return }
        #expect(verdict.hasPrefix("gradcheck passed"))
    }

    @Test func gradcheckCatchesAWrongDerivativeAndBadFunctions() {
        let s = MiniSession()
        // relu at its kink: automatic says 0 (PyTorch's choice), the central difference says 0.5.
        let run = outputs(s, "gradcheck({ v in v.relu().sum() }, at: tensor([0.0]))")
        guard case .text(let verdict)? = run.outputs.last else { Issue.record("no verdict"); return }
        #expect(verdict.hasPrefix("gradcheck FAILED"))
        #expect(s.run("gradcheck({ v in v * 2.0 }, at: tensor([1.0, 2.0]))").error?.contains("one-element") == true)
        #expect(s.run("gradcheck(3, at: tensor(1.0))").error?.contains("function") == true)
        #expect(s.run("gradcheck({ v in v.sum() })").error?.contains("point") == true)
    }
}
