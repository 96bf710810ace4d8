import Testing
@testable import TensorCore

/// Repeated graph-free reads (`X[:, k]`, `Xᵀ`) are served from a cache: results must always match
/// the tensor's current elements and never share writes with each other.
@Suite struct DerivedCacheTests {
    private func matrix() throws -> Tensor { try Tensor([1, 2, 3, 4, 5, 6], shape: [3, 2]) }

    @Test func repeatedColumnReadsSeeInPlaceUpdates() throws {
        let x = try matrix()
        #expect(try x.index([.all, .at(0)]).scalars == [1, 3, 5])
        #expect(try x.index([.all, .at(0)]).scalars == [1, 3, 5])
        try x.addInPlace(10)
        #expect(try x.index([.all, .at(0)]).scalars == [11, 13, 15])
        try x.assign(0, at: [.at(1)])
        #expect(try x.index([.all, .at(0)]).scalars == [11, 0, 15])
        #expect(try x.index([.all, .at(1)]).scalars == [12, 0, 16])
    }

    @Test func writingIntoAResultLeavesLaterReadsAlone() throws {
        let x = try matrix()
        let first = try x.index([.all, .at(1)])
        try first.mulInPlace(100)
        let second = try x.index([.all, .at(1)])
        #expect(first.scalars == [200, 400, 600])
        #expect(second.scalars == [2, 4, 6])
        try second.fill(-1)
        #expect(try x.index([.all, .at(1)]).scalars == [2, 4, 6])
        #expect(x.scalars == [1, 2, 3, 4, 5, 6])
    }

    @Test func aFreedResultIsHandedOutAgainOnlyWhileItIsAPlainCopy() throws {
        let x = try matrix()
        var first: Tensor? = try x.index([.all, .at(0)])
        let id = ObjectIdentifier(first!)
        let held = try x.index([.all, .at(0)])
        #expect(ObjectIdentifier(held) != id, "a result still held by the lab is never handed out twice")
        first = nil
        _ = first
        // Changed after being handed out: written in place, made to require grad, given a grad.
        for change in [{ (t: Tensor) in try t.addInPlace(1) }, { try $0.setRequiresGrad() }, { $0.grad = Tensor(1.0) }] {
            var read: Tensor? = try x.index([.all, .at(1)])
            try change(read!)
            read = nil
            _ = read
            let again = try x.index([.all, .at(1)])
            #expect(again.scalars == [2, 4, 6] && !again.requiresGrad && again.grad == nil)
        }
    }

    /// A loop's variables hold last step's column (in its graph) while the next step reads it
    /// again: the column from two steps ago, free by then, is handed out again.
    @Test func theColumnFromTwoStepsAgoIsReused() throws {
        let x = try matrix()
        var older: Tensor? = try x.index([.all, .at(0)])
        let olderID = ObjectIdentifier(older!)
        let newer = try x.index([.all, .at(0)])
        #expect(ObjectIdentifier(newer) != olderID)
        older = nil
        _ = older
        let third = try x.index([.all, .at(0)])
        #expect(ObjectIdentifier(third) == olderID)
        #expect(third.scalars == [1, 3, 5] && newer.scalars == [1, 3, 5])
        #expect(ObjectIdentifier(third) != ObjectIdentifier(newer))
    }

    @Test func transposeFollowsTheElements() throws {
        let x = try matrix()
        #expect(try x.transposed().scalars == [1, 3, 5, 2, 4, 6])
        let t = try x.transposed()
        try t.fill(0)
        #expect(try x.transposed().scalars == [1, 3, 5, 2, 4, 6])
        try x.copyValues(from: Tensor([6, 5, 4, 3, 2, 1], shape: [3, 2]))
        #expect(try x.transposed().scalars == [6, 4, 2, 5, 3, 1])
        #expect(try x.transposed().shape == [2, 3])
    }

    /// A transpose that leaves the elements in place (a column to a row, or any swap that keeps the
    /// axes longer than 1 in order) shares them like a reshape: no copy, nothing cached, writes still
    /// copy first, and the gradient flows back in the source's shape.
    @Test func transposesThatKeepTheOrderShareTheElements() throws {
        let column = try Tensor([1, 2, 3], shape: [3, 1], requiresGrad: true)
        let row = try column.transposed()
        #expect(row.shape == [1, 3] && row.scalars == [1, 2, 3] && row.gradFnName == "TBackward0")
        #expect(row.storage.isSameBuffer(as: column.storage))
        try (row * Tensor([10, 20, 30], shape: [1, 3])).sum().backward()
        #expect(try column.existingGrad().scalars == [10, 20, 30] && column.grad?.shape == [3, 1])
        let data = column.detach()
        let flipped = try data.transposed()
        #expect(data.derivedCache == nil)
        try flipped.fill(0)
        #expect(data.scalars == [1, 2, 3])
        // [3, 2, 1] with axes 0 and 2 swapped reorders the elements: still a copy.
        let cube = try Tensor([1, 2, 3, 4, 5, 6], shape: [3, 2, 1])
        let swapped = try cube.transposed(0, 2)
        #expect(swapped.shape == [1, 2, 3] && swapped.scalars == [1, 3, 5, 2, 4, 6])
        #expect(!swapped.storage.isSameBuffer(as: cube.storage))
        // [2, 1, 3] with axes 0 and 1 swapped keeps them: shared.
        let shared = try Tensor([1, 2, 3, 4, 5, 6], shape: [2, 1, 3]).transposed(0, 1)
        #expect(shared.shape == [1, 2, 3] && shared.scalars == [1, 2, 3, 4, 5, 6])
    }

    @Test func readsThatRecordAGraphAreNotCached() throws {
        let x = try matrix()
        try x.setRequiresGrad()
        let column = try x.index([.all, .at(0)])
        #expect(column.gradFnName == "SelectBackward0")
        try column.sum().backward()
        #expect(try x.existingGrad().scalars == [1, 0, 1, 0, 1, 0])
        let again = try withNoGrad { try x.index([.all, .at(0)]) }
        #expect(again.gradFnName == nil && !again.requiresGrad)
        #expect(try x.index([.all, .at(0)]).gradFnName == "SelectBackward0")
    }

    @Test func distinctIndexSpecsGetDistinctResults() throws {
        let x = try matrix()
        let specs: [[TensorIndex]] = [[.all, .at(0)], [.all, .at(1)], [.at(0)], [.at(-1)], [.range(0, 2)],
                                      [.all, .at(-1)], [.range(1, nil)], [.newAxis, .at(2)], [.ellipsis, .at(0)]]
        for _ in 0..<2 {
            #expect(try x.index(specs[0]).scalars == [1, 3, 5])
            #expect(try x.index(specs[1]).scalars == [2, 4, 6])
            #expect(try x.index(specs[2]).scalars == [1, 2])
            #expect(try x.index(specs[3]).scalars == [5, 6])
            #expect(try x.index(specs[4]).shape == [2, 2])
            #expect(try x.index(specs[5]).scalars == [2, 4, 6])
            #expect(try x.index(specs[6]).scalars == [3, 4, 5, 6])
            #expect(try x.index(specs[7]).shape == [1, 2])
            #expect(try x.index(specs[8]).scalars == [1, 3, 5])
        }
    }
}
