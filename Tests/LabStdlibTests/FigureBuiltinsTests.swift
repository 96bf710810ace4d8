import LabOutput
import Testing
@testable import LabStdlib

/// histogram, heatmap, confusionMatrix and the new forms of plot, run as lab code (issue 15).
@Suite struct FigureBuiltinsTests {
    /// Runs `code` in a fresh session and returns its charts, tables, prints and first error.
    func figures(_ code: String) -> (charts: [ChartSpec], tables: [TableOutput], lines: [String], error: String?) {
        let s = MiniSession()
        s.stdlib.beginCell()
        let out = s.run(code)
        var charts: [ChartSpec] = [], tables: [TableOutput] = []
        for output in s.stdlib.endCell() {
            if case .chart(let c) = output { charts.append(c.spec) }
            if case .table(let t) = output { tables.append(t) }
        }
        return (charts, tables, out.lines, out.error)
    }

    @Test func histogramCountsEveryFiniteValueOnceAndNotesTheRest() throws {
        let out = figures("histogram([0.0, 0.5, 1.0, 1.0, 2.0, 4.0, Double.nan], bins: 4)")
        let spec = try #require(out.charts.first)
        #expect(spec.kind == .bars && spec.barWidth == 1)
        #expect(spec.series[0].points.map(\.y) == [2, 2, 1, 1], "the largest value falls in the last bin")
        #expect(spec.series[0].points.map(\.x) == [0.5, 1.5, 2.5, 3.5])
        #expect(spec.series.count == 2 && spec.series[1].points.count == 1, "the NaN is counted as left out")
        #expect(figures("histogram([1.0], bins: 0)").error?.contains("bins: must be 1...1000") == true)
    }

    @Test func confusionMatrixCountsActualByPredicted() throws {
        let out = figures("""
            let m = confusionMatrix(predicted: [0, 1, 1, 2], actual: tensor([0.0, 1.0, 2.0, 2.0]), classes: ["a", "b", "c"])
            print(m)
            """)
        #expect(out.error == nil)
        #expect(out.lines.first == "tensor([[1, 0, 0],\n        [0, 1, 0],\n        [0, 1, 1]])")
        let table = try #require(out.tables.first)
        #expect(table.columns == ["actual \\ predicted", "a", "b", "c"])
        #expect(out.charts.first?.grid?.values == [[1, 0, 0], [0, 1, 0], [0, 1, 1]])
        let bad = figures("confusionMatrix(predicted: [0, 3], actual: [0, 1], classes: [\"a\", \"b\"])")
        #expect(bad.error == "confusionMatrix's predicted: holds 3.0, which is not a class index in 0..<2")
    }

    @Test func plotOverlaysHistoriesByName() throws {
        let out = figures("""
            let a = History(name: "slow")
            let b = History()
            for e in 1...3 { a.record(epoch: e, loss: 1.0 / Double(e)); b.record(epoch: e, loss: 0.5) }
            plot([a, b], logY: true)
            """)
        let spec = try #require(out.charts.first)
        #expect(spec.series.map(\.name) == ["slow", "history 2"])
        #expect(spec.logY && spec.title == "loss by epoch")
        #expect(figures("plot([1.0, 2.0])").error?.contains("must hold histories") == true)
    }

    @Test func plotOfAFunctionMarksItsPoints() throws {
        let out = figures("plot({ t in t * t }, from: -1, to: 1, points: [0.5])")
        let spec = try #require(out.charts.first)
        #expect(spec.series[0].points.count == 201)
        #expect(spec.series[1].markersOnly && spec.series[1].points == [ChartPoint(x: 0.5, y: 0.25)])
        #expect(figures("plot({ t in t }, from: 1, to: 0)").error?.contains("from < to") == true)
    }

    @Test func plotDrawsSeveralSeriesWithLabels() throws {
        let out = figures("plot(x: [1, 2], y: [[1.0, 2.0], tensor([3.0, 4.0])], labels: [\"a\", \"b\"])")
        #expect(out.charts.first?.series.map(\.name) == ["a", "b"])
        #expect(figures("plot(x: [1, 2], y: [[1.0, 2.0], [3.0]])").error == "plot's x: has 2 values but y: series 2 has 1")
    }

    @Test func scatterOfTensorsGroupsPointsByColour() throws {
        let out = figures("scatter(x: tensor([1.0, 2.0, 3.0]), y: [4.0, 5.0, 6.0], color: tensor([1.0, 0.0, 1.0]), classes: [\"no\", \"yes\"])")
        let spec = try #require(out.charts.first)
        #expect(spec.kind == .scatter && spec.series.map(\.name) == ["yes", "no"])
        #expect(spec.series[0].points == [ChartPoint(x: 1, y: 4), ChartPoint(x: 3, y: 6)])
        let named = figures("scatter(x: [1.0, 2.0], y: [1.0, 2.0], color: [\"a\", \"b\"])")
        #expect(named.charts.first?.series.map(\.name) == ["a", "b"])
        #expect(figures("scatter(x: [1.0], y: [1.0, 2.0])").error == "scatter's x: has 1 values but y: has 2")
    }

    @Test func heatmapTakesATensorAndLabels() throws {
        let out = figures("heatmap(tensor([[1.0, 2.0], [3.0, 4.0]]), rows: [\"r1\", \"r2\"], columns: [\"c1\", \"c2\"])")
        #expect(out.charts.first?.grid == ChartSpec.Grid(values: [[1, 2], [3, 4]], rows: ["r1", "r2"], columns: ["c1", "c2"]))
        #expect(figures("heatmap(tensor([1.0, 2.0]))").error == "heatmap's matrix must be a 2-D tensor, got shape [2]")
    }
}

/// Layers, parameters and optimizers added for the course labs, as lab code uses them (issue 15).
@Suite struct LayerBindingTests {
    @Test func parametersAreAssignedInsideNoGradAndKeepTheirIdentity() {
        let s = MiniSession()
        let out = s.run("""
            seed(0)
            let model = Sequential(Linear(2, 1))
            let opt = SGD(model.parameters(), lr: 0.5)
            noGrad {
                model[0].weight = tensor([[1.0, 2.0]])
                model[0].bias = tensor([0.0])
            }
            print(opt.parameters[0])
            """)
        #expect(out.error == nil && out.lines == ["tensor([[1., 2.]], requires_grad=True)"], "\(out)")
        let outside = s.run("model[0].weight = tensor([[0.0, 0.0]])")
        #expect(outside.error?.contains("while gradients are recorded") == true)
        #expect(outside.hint?.contains("noGrad") == true)
        #expect(s.run("print(model[1])").error == "layer index 1 is out of range for a Sequential of 1 layers")
    }

    @Test func trainAndEvalReachEveryLayer() {
        let s = MiniSession()
        let out = s.run("""
            seed(0)
            let model = Sequential(BatchNorm1d(2), Dropout(0.5))
            model.eval()
            print(model(tensor([[1.0, 2.0]])))
            model.train()
            print(model(tensor([[1.0, 2.0], [3.0, 4.0]])).count)
            """)
        #expect(out.error == nil, "\(out)")
        #expect(out.lines.first?.hasPrefix("tensor([[1.0000, 2.0000]]") == true, "eval: running statistics, no dropout: \(out.lines)")
        #expect(s.run("model(tensor([[1.0, 2.0]]))").error?.contains("more than 1 value per feature") == true,
                "training BatchNorm1d needs a batch of two or more")
    }

    @Test func optimizersAndSchedulesByName() {
        let s = MiniSession()
        let out = s.run("""
            let w = tensor([1.0, 2.0], requiresGrad: true)
            let opts: [Optimizer] = [AdamW([w]), RMSprop([w]), SGD([w])]
            print(opts.map { "\\($0)".split(separator: "(")[0] })
            let schedule = StepLR(opts[2], stepSize: 1, gamma: 0.5)
            schedule.step()
            print(opts[2].lr, schedule.epoch)
            """)
        #expect(out.error == nil && out.lines == ["[\"AdamW\", \"RMSprop\", \"SGD\"]", "0.0005 1"], "\(out)")
        #expect(s.run("StepLR(w, stepSize: 2)").error?.contains("must be an optimizer") == true)
    }
}

/// `DataLoader` draws each pass's order as PyTorch's DataLoader after the same seed (issue 15).
@Suite struct DataLoaderTests {
    /// PyTorch 2.13: `torch.manual_seed(0)`, `DataLoader(TensorDataset(x, y), batch_size=4,
    /// shuffle=True)` over y = 0…9, two passes.
    @Test func twoPassesMatchPyTorchsBatches() {
        let s = MiniSession()
        let out = s.run("""
            seed(0)
            let loader = DataLoader(x: arange(10).reshape([10, 1]), y: arange(10), batchSize: 4, shuffle: true)
            for _ in 1...2 {
                var order: [Double] = []
                for (xb, yb) in loader {
                    assert(xb.shape[0] == yb.shape[0])
                    for k in 0..<yb.count { order.append(yb[k].item) }
                }
                print(order.map { Int($0) })
            }
            print(DataLoader(x: ones([5, 2]), y: ones([5]), batchSize: 2).count)
            """)
        #expect(out.error == nil, "\(out)")
        #expect(out.lines == ["[6, 7, 1, 4, 2, 0, 9, 8, 3, 5]", "[2, 4, 7, 0, 8, 9, 5, 3, 6, 1]", "3"])
        #expect(s.run("DataLoader(x: ones([3]), y: ones([2]), batchSize: 1)").error?.contains("same number of rows") == true)
        #expect(s.run("for b in loader.count { }").error?.contains("cannot iterate") == true)
    }
}
