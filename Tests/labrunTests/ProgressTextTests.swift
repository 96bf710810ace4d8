@testable import labrun
import Testing

@Suite struct ProgressTextTests {
    /// `train` reports its unit as the note; the live line showed "epoch" without the count.
    @Test func theLiveLineShowsTheCountWithItsUnit() {
        #expect(ProgressReporter.progressText(step: 120, total: 5000, note: "epoch") == "epoch 120/5000")
        #expect(ProgressReporter.progressText(step: 1, total: 2, note: "") == "step 1/2")
    }
}
