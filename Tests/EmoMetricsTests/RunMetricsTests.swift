// Per-fold and pooled metrics, fold mean ± sample SD, and the agreement matrix.

import Testing
@testable import EmoMetrics

private let labels = ["a", "b"]

@Suite("RunMetrics")
struct RunMetricsTests {
    @Test("pooled and per-fold figures differ as the spec warns; SD uses n − 1")
    func foldsAndPooled() throws {
        // Fold 1: 4 items, 4 correct (WA 1). Fold 2: 2 items, 1 correct (WA 0.5). Fold 10: 2 items, 0 correct.
        let items = [
            ScoredItem(utterance: "1", truth: 0, predicted: 0, fold: "1"),
            ScoredItem(utterance: "2", truth: 0, predicted: 0, fold: "1"),
            ScoredItem(utterance: "3", truth: 1, predicted: 1, fold: "1"),
            ScoredItem(utterance: "4", truth: 1, predicted: 1, fold: "1"),
            ScoredItem(utterance: "5", truth: 0, predicted: 0, fold: "2"),
            ScoredItem(utterance: "6", truth: 1, predicted: 0, fold: "2"),
            ScoredItem(utterance: "7", truth: 0, predicted: 1, fold: "10"),
            ScoredItem(utterance: "8", truth: 1, predicted: 0, fold: "10"),
        ]
        let run = try evaluateRun(items: items, labels: labels, hasOther: false, bootstrap: nil)
        #expect(run.folds.map(\.fold) == ["1", "2", "10"])   // numeric order
        #expect(run.folds.map(\.metrics.wa) == [1, 0.5, 0])
        #expect(run.pooled.wa == 5.0 / 8)
        let wa = try #require(run.foldSummary(.wa))
        #expect(wa.mean == 0.5)
        #expect(abs((wa.standardDeviation ?? 0) - 0.5) < 1e-15)   // sqrt(((.5)²+0+(.5)²)/2)
        #expect(run.intervals == nil)
    }

    @Test("one fold has no SD; no folds gives no summary")
    func degenerate() throws {
        let one = try evaluateRun(items: [ScoredItem(utterance: "x", truth: 0, predicted: 0, fold: "s")],
                                  labels: labels, hasOther: false, bootstrap: nil)
        #expect(one.foldSummary(.ua)?.standardDeviation == nil)
        let none = try evaluateRun(items: [ScoredItem(utterance: "x", truth: 0, predicted: 0)],
                                   labels: labels, hasOther: false, bootstrap: nil)
        #expect(none.folds.isEmpty && none.foldSummary(.wa) == nil)
    }

    @Test("agreement matrix counts shared utterances and equal predictions")
    func agreement() {
        let a = RunItems(name: "A", items: [ScoredItem(utterance: "1", truth: 0, predicted: 0),
                                            ScoredItem(utterance: "2", truth: 0, predicted: 1),
                                            ScoredItem(utterance: "3", truth: 1, predicted: 2)], hasOther: true)
        let b = RunItems(name: "B", items: [ScoredItem(utterance: "1", truth: 0, predicted: 0),
                                            ScoredItem(utterance: "2", truth: 0, predicted: 0)], hasOther: false)
        let m = AgreementMatrix([a, b])
        #expect(m.common == [[3, 2], [2, 2]])
        #expect(m.agreement == [[1, 0.5], [0.5, 1]])
    }
}
