import Foundation
import Testing
@testable import TensorCore

/// The read-only trace and the backward pass step by step, against hand-worked examples.
@Suite struct BackwardStepsTests {
    /// The board example f = x·(x+y) + y·y at x = 2, y = 3.
    private func board() throws -> (x: Tensor, y: Tensor, f: Tensor) {
        let x = Tensor(2.0, requiresGrad: true), y = Tensor(3.0, requiresGrad: true)
        return (x, y, try x * (x + y) + y * y)
    }

    /// Each step as (node op, [(input op, local, contribution, so far)]) with scalar values.
    private func table(_ s: BackwardSteps) -> [String] {
        func v(_ t: TraceValue?) -> String { t?.values.map { "\($0)" } ?? "-" }
        return s.steps.map { step in
            let name = s.trace.nodes[step.node].op
            let edges = step.edges.map { e in
                "\(e.input)@\(e.slot): local \(v(e.localDerivative)) sent \(v(e.contribution)) total \(v(e.gradientSoFar))"
            }
            return "\(step.node) \(name) in \(v(step.incoming)): " + edges.joined(separator: "; ")
        }
    }

    private let boardTable = [
        "5 AddBackward0 in [1.0]: 3@0: local [1.0] sent [1.0] total [1.0]; 4@1: local [1.0] sent [1.0] total [1.0]",
        "4 MulBackward0 in [1.0]: 1@0: local [3.0] sent [3.0] total [3.0]; 1@1: local [3.0] sent [3.0] total [6.0]",
        "3 MulBackward0 in [1.0]: 0@0: local [5.0] sent [5.0] total [5.0]; 2@1: local [2.0] sent [2.0] total [2.0]",
        "2 AddBackward0 in [2.0]: 0@0: local [1.0] sent [2.0] total [7.0]; 1@1: local [1.0] sent [2.0] total [8.0]",
    ]

    @Test func boardStepsBeforeBackwardLeaveGradsAlone() throws {
        let (x, y, f) = try board()
        let steps = try Tensor.backwardSteps(of: f)
        #expect(!steps.recorded)
        #expect(table(steps) == boardTable)
        #expect(steps.trace.nodes.map(\.value) == [[2], [3], [5], [10], [9], [19]])
        #expect(x.grad == nil && y.grad == nil)
        // The graph is still whole: the real pass runs and agrees.
        try f.backward()
        #expect(x.grad?.scalars == [7] && y.grad?.scalars == [8])
    }

    @Test func recordedStepsMatchTheWorkedOutOnes() throws {
        let (_, _, f) = try board()
        #expect(try Tensor.recordedBackwardSteps(of: f) == nil)
        let before = try Tensor.backwardSteps(of: f)
        try f.backward()
        let after = try #require(try Tensor.recordedBackwardSteps(of: f))
        #expect(after.recorded)
        // Saved values are freed now: local derivatives come from contribution / incoming.
        #expect(table(after) == boardTable)
        #expect(after.steps == before.steps)
        // Working the pass out again needs the freed values, and says so as PyTorch does.
        #expect(throws: TensorError.self) { try Tensor.backwardSteps(of: f) }
    }

    /// A pass keeps the elements of gradients small enough to show and only the size of larger
    /// ones: the recorded steps of the lecture's model (scalar parameters, a 135-row column) are the
    /// steps worked out from the saved values, row for row, small contributions with their values.
    @Test func largeGradientsAreRecordedByShapeAndTheStepsAreUnchanged() throws {
        let b0 = try Tensor([0.5], shape: [], requiresGrad: true)
        let b1 = try Tensor([-0.25], shape: [], requiresGrad: true)
        let x = try Tensor((0..<135).map { Double($0) / 50 }, shape: [135])
        let y = try Tensor((0..<135).map { Double($0 % 2) }, shape: [135])
        let p = try b0.adding(b1.multiplying(x)).sigmoid()
        let loss = try y.multiplying(p.log()).adding(y.subtracted(from: 1).multiplying(p.subtracted(from: 1).log()))
            .mean().negated()
        let planned = try Tensor.backwardSteps(of: loss)
        try loss.backward(retainGraph: true)
        let recorded = try #require(try Tensor.recordedBackwardSteps(of: loss))
        #expect(recorded.recorded)
        #expect(recorded.steps == planned.steps)
        // The parameters' parts are shown with their values; the 135-element ones by shape.
        let values = recorded.steps.flatMap(\.edges).map(\.contribution)
        #expect(values.contains { $0.shape == [] && $0.values != nil })
        #expect(values.contains { $0.shape == [135] && $0.values == nil })
        // Plain values: the scalar itself, and the 135-element gradient's size without its elements.
        #expect(loss.gradFn?.lastIncoming.count == 1)
        #expect(p.gradFn?.lastIncoming.count == 135)
        #expect(p.gradFn?.lastElements == nil)
    }

    /// Gradients of 2 to 16 elements keep their elements beside the node, shared copy-on-write:
    /// writing into a leaf's `.grad` afterwards leaves the recorded steps as the pass ran them, and
    /// a second pass through the same graph replaces the record.
    @Test func smallGradientsKeepTheirElementsAndLaterWritesDoNotReachThem() throws {
        let w = try Tensor([1, 2, 3, 4], shape: [4], requiresGrad: true)
        let x = try Tensor([0.5, -1, 2, 0.25], shape: [4])
        let loss = try w.multiplying(x).multiplying(w).sum()
        try loss.backward(retainGraph: true)
        let first = try #require(try Tensor.recordedBackwardSteps(of: loss))
        #expect(w.grad?.scalars == [1, -4, 12, 2])
        try w.grad?.addInPlace(try Tensor([100, 100, 100, 100], shape: [4]))
        let again = try #require(try Tensor.recordedBackwardSteps(of: loss))
        #expect(again.steps == first.steps)
        #expect(again.steps == (try Tensor.backwardSteps(of: loss)).steps)
        try loss.backward(retainGraph: true)
        #expect(w.grad?.scalars == [102, 92, 124, 104])
        let second = try #require(try Tensor.recordedBackwardSteps(of: loss))
        #expect(second.steps == first.steps)
    }

    /// A pass over a graph past `maxRecordedElements` keeps none of its gradients (each would live
    /// as long as the graph), and still computes them.
    @Test func aLargeGraphIsNotRecorded() throws {
        let x = try Tensor.filled([600, 1000], op: "test", requiresGrad: true) { m in
            for i in 0..<m.count { m[i] = Double(i % 7) }
        }
        let doubled = try x * 2
        let f = try (doubled * x).sum()
        #expect(x.count * 3 > Tensor.maxRecordedElements)
        try f.backward()
        #expect(try Tensor.recordedBackwardSteps(of: f) == nil)
        #expect(doubled.gradFn?.lastIncoming.count == -1 && f.gradFn?.lastIncoming.count == -1)
        #expect(x.grad?.scalars.prefix(3) == [0, 4, 8])
        // A small graph in the same context is recorded as before.
        let (_, _, small) = try board()
        try small.backward()
        #expect(try Tensor.recordedBackwardSteps(of: small) != nil)
    }

    @Test func aSecondRetainedPassShowsThatPassNotTheAccumulatedGrad() throws {
        let (x, _, f) = try board()
        try f.backward(retainGraph: true)
        try f.backward()
        #expect(x.grad?.scalars == [14])
        let steps = try #require(try Tensor.recordedBackwardSteps(of: f))
        #expect(table(steps) == boardTable)
    }

    @Test func traceShowsOperationGradientsAfterBackward() throws {
        let (_, _, f) = try board()
        #expect(f.graphTrace().nodes.allSatisfy { $0.grad == nil })
        try f.backward()
        let trace = f.graphTrace()
        #expect(trace.nodes.map(\.grad) == [[7], [8], [2], [1], [1], [1]])
        #expect(trace.nodes.map(\.kind) == [.leaf, .leaf, .operation, .operation, .operation, .operation])
        #expect(trace.backwardOrder == [5, 4, 3, 2, 1, 0])
    }

    @Test func constantsAppearOnceWithTheirValues() throws {
        let w = try Tensor([0.5, -1, 2], requiresGrad: true)
        let data = try Tensor([1, 2, 3])
        let loss = try ((w * data + data) * 2.0).sum()
        let trace = loss.graphTrace()
        let constants = trace.nodes.filter { $0.kind == .constant }
        #expect(constants.map(\.value) == [[1, 2, 3], [2]])
        let dataID = constants[0].id
        #expect(trace.edges.filter { $0.from == dataID }.map(\.slot) == [1, 1])
        // Backward never visits constants.
        #expect(Set(trace.backwardOrder).isDisjoint(with: constants.map(\.id)))
    }

    @Test func aNumberBeforeTheTensorIsOperandZero() throws {
        let x = Tensor(4.0, requiresGrad: true)
        let r = try 10.0 - x
        let trace = r.graphTrace()
        #expect(trace.edges.map { "\(trace.nodes[$0.from].op)@\($0.slot)" } == ["constant@0", "leaf@1"])
        let steps = try Tensor.backwardSteps(of: r)
        #expect(steps.steps.first?.edges.first?.slot == 1)
        #expect(steps.steps.first?.edges.first?.localDerivative?.values == [-1])
    }

    @Test func vectorStepsUseTheVectorJacobianProductWithOnes() throws {
        let w = try Tensor([1, 2, 3], requiresGrad: true)
        let s = try (w * w).sum()
        let steps = try Tensor.backwardSteps(of: s)
        #expect(steps.steps.count == 2)
        let mul = steps.steps[1]
        #expect(mul.incoming == TraceValue(shape: [3], values: [1, 1, 1]))
        #expect(mul.edges.map(\.localDerivative?.values) == [[1, 2, 3], [1, 2, 3]])
        #expect(mul.edges.map(\.gradientSoFar.values) == [[1, 2, 3], [2, 4, 6]])
    }

    /// micrograd's sanity check: the last running sum of each leaf is its gradient.
    @Test func microgradSanityCheckSumsToTheGradient() throws {
        let x = Tensor(-4.0, requiresGrad: true)
        let z = try 2.0 * x + 2.0 + x
        let q = try z.relu() + z * x
        let h = try (z * z).relu()
        let y = try h + q + q * x
        let worked = try Tensor.backwardSteps(of: y)
        try y.backward()
        let xID = try #require(worked.trace.nodes.first { $0.kind == .leaf }).id
        let last = worked.steps.flatMap(\.edges).last { $0.input == xID }
        #expect(last?.gradientSoFar.values == x.grad?.scalars)
        #expect(x.grad?.scalars == [46])
        let recorded = try #require(try Tensor.recordedBackwardSteps(of: y))
        #expect(recorded.steps.map(\.incoming) == worked.steps.map(\.incoming))
        #expect(recorded.steps.flatMap(\.edges).map(\.contribution) == worked.steps.flatMap(\.edges).map(\.contribution))
    }

    @Test func noGraphIsAnError() {
        #expect(throws: TensorError.self) { try Tensor.backwardSteps(of: Tensor(1.0)) }
        #expect(throws: TensorError.self) { try Tensor.backwardSteps(of: Tensor(1.0, requiresGrad: true)) }
    }
}

/// A backward that does not retain the graph drops the elements of intermediates only the graph
/// holds (they were kept until the root went, beside the next step's graph).
@Suite struct ReleasedIntermediatesTests {
    private func graph() throws -> (w: Tensor, held: Tensor, loss: Tensor, inner: Tensor) {
        let w = try Tensor.filled([300, 100], op: "test", requiresGrad: true) { m in
            for i in 0..<m.count { m[i] = Double(i % 11) / 10 - 0.5 }
        }
        let held = try (w * 2).relu()
        let inner = try held.sigmoid()
        return (w, held, try (inner * inner).sum(), inner)
    }

    @Test func graphOnlyIntermediatesAreReleasedAndGradientsAgree() throws {
        let (w, held, loss, inner) = try graph()
        let (w2, _, loss2, _) = try graph()
        try loss2.backward(retainGraph: true)
        let innerBefore = inner.scalars
        try loss.backward()
        #expect(w.grad?.scalars == w2.grad?.scalars)
        // `held` and `inner` are held here: they keep their elements.
        #expect(!held.valuesReleased && held.count == 30_000)
        #expect(inner.scalars == innerBefore)
        // `w * 2` was held by the graph alone.
        let doubled = try #require(held.gradFn?.first)
        #expect(doubled.valuesReleased && doubled.shape == [300, 100])
        #expect(doubled.traceValues == nil)
        // The graph still reads as a trace, and a second pass says why it cannot run.
        #expect(TraceBuilder(root: loss).trace.nodes.count >= 5)
        #expect(throws: TensorError.self) { try loss.backward() }
        // A retained pass releases nothing.
        let retained = try #require(loss2.gradFn?.first?.gradFn?.first?.gradFn?.first?.gradFn?.first)
        #expect(!retained.valuesReleased && retained.count == 30_000)
    }

    /// A graph of at most `earlyReleaseElements` elements keeps its intermediates' elements until
    /// it goes (early release would save no memory worth its cost); a larger one lets them go.
    @Test func onlyALargeGraphReleasesItsIntermediatesEarly() throws {
        for (count, released) in [(135, false), (Tensor.earlyReleaseElements, true)] {
            let w = try Tensor([Double](repeating: 0.5, count: count), shape: [count], requiresGrad: true)
            let loss = try (w * 2).sigmoid().sum()
            try loss.backward()
            let doubled = try #require(loss.gradFn?.first?.gradFn?.first)
            #expect(doubled.gradFn?.name == "MulBackward0")
            #expect(doubled.valuesReleased == released, "\(count) elements")
            #expect(doubled.count == (released ? 1 : count))
            let sigma = 1 / (1 + Foundation.exp(-1.0))
            let expected = sigma * (1 - sigma) * 2
            #expect(abs(try #require(w.grad?.scalars.first) - expected) < 1e-15)
        }
    }

    @Test func smallIntermediatesKeepTheirValuesForTraces() throws {
        let x = Tensor(2.0, requiresGrad: true)
        let f = try (x * 3).exp().sum()
        try f.backward()
        let product = try #require(f.gradFn?.first?.gradFn?.first)
        #expect(!product.valuesReleased && product.scalars == [6])
    }
}
