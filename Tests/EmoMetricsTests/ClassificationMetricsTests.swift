// Metric definitions against a hand-worked example and against numbers computed once with scikit-learn.

import Testing
@testable import EmoMetrics

/// Double results are sums of a few dozen ratios; 1e-12 absorbs summation-order differences with numpy.
private let exactTolerance = 1e-12

private func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= exactTolerance }
private func close(_ a: [Double], _ b: [Double]) -> Bool { a.count == b.count && zip(a, b).allSatisfy(close) }

@Suite("ClassificationMetrics")
struct ClassificationMetricsTests {
    @Test("hand-worked 2-class example")
    func handWorked() throws {
        // truth a a a b, predicted a b a b: tp_a = 2, tp_b = 1; P_a = 2/2, R_a = 2/3, P_b = 1/2, R_b = 1.
        let m = ClassificationMetrics(confusion: try ConfusionMatrix(
            labels: ["a", "b"], hasOther: false, truth: [0, 0, 0, 1], predicted: [0, 1, 0, 1]))
        #expect(close(m.wa, 3.0 / 4))
        let recallA: Double = 2.0 / 3
        #expect(close(m.ua, (recallA + 1) / 2))
        let f1a: Double = 2 * recallA / (1 + recallA)
        let f1b: Double = 2 * 0.5 / 1.5
        #expect(close(m.macroF1, (f1a + f1b) / 2))
        #expect(close(m.weightedF1, (3 * f1a + 1 * f1b) / 4))
        #expect(m.perClass.map(\.support) == [3, 1])
        #expect(m.perClass.map(\.predicted) == [2, 2])
    }

    // Reference numbers generated once with scikit-learn 1.9.1 (Python 3.11):
    //   from sklearn.metrics import (confusion_matrix, accuracy_score, balanced_accuracy_score,
    //                                precision_recall_fscore_support, f1_score)
    //   L = [0, 1, 2, 3]
    //   confusion_matrix(t, p, labels=sorted(set(t) | set(p))); accuracy_score(t, p);
    //   balanced_accuracy_score(t, p); precision_recall_fscore_support(t, p, labels=L, zero_division=0);
    //   f1_score(t, p, labels=L, average="macro"|"weighted", zero_division=0)
    // with t, p the arrays below (case 2's label 4 is "other").
    @Test("scikit-learn case 1: a class that is never predicted")
    func sklearnNeverPredicted() throws {
        let t = [0,0,0,0,0,1,1,1,1,1,1,1,2,2,2,2,2,2,2,2,2,3,3,3,3]
        let p = [0,0,1,2,0,1,1,2,1,0,1,2,2,2,1,2,0,2,2,1,2,2,2,0,1]
        let confusion = try ConfusionMatrix(labels: ["ang", "hap", "neu", "sad"], hasOther: false,
                                            truth: t, predicted: p)
        #expect(confusion.rows == [[3, 1, 1, 0], [1, 4, 2, 0], [1, 2, 6, 0], [1, 1, 2, 0]])
        let m = ClassificationMetrics(confusion: confusion)
        #expect(close(m.wa, 0.52))
        #expect(close(m.ua, 0.45952380952380945))
        #expect(close(m.perClass.map(\.precision), [0.5, 0.5, 0.5454545454545454, 0.0]))
        #expect(close(m.perClass.map(\.recall), [0.6, 0.5714285714285714, 0.6666666666666666, 0.0]))
        #expect(close(m.perClass.map(\.f1), [0.5454545454545454, 0.5333333333333333, 0.6, 0.0]))
        #expect(m.perClass.map(\.support) == [5, 7, 9, 4])
        #expect(close(m.macroF1, 0.4196969696969697))
        #expect(close(m.weightedF1, 0.47442424242424236))
    }

    @Test("scikit-learn case 2: full policy with an \"other\" column")
    func sklearnOtherColumn() throws {
        let t = [0,0,0,1,1,1,1,2,2,2,2,2,3,3,3,3]
        let p = [0,4,1,1,1,4,2,2,2,4,0,2,3,3,2,4]
        let confusion = try ConfusionMatrix(labels: ["ang", "hap", "neu", "sad"], hasOther: true,
                                            truth: t, predicted: p)
        // sklearn adds an all-zero row for label 4; ours has no "other" row.
        #expect(confusion.rows == [[1, 1, 0, 0, 1], [0, 2, 1, 0, 1], [1, 0, 3, 0, 1], [0, 0, 1, 2, 1]])
        #expect(confusion.columnLabels == ["ang", "hap", "neu", "sad", "other"])
        let m = ClassificationMetrics(confusion: confusion)
        #expect(close(m.wa, 0.5))
        #expect(close(m.ua, 0.4833333333333333))
        #expect(close(m.perClass.map(\.precision), [0.5, 0.6666666666666666, 0.6, 1.0]))
        #expect(close(m.perClass.map(\.recall), [0.3333333333333333, 0.5, 0.6, 0.5]))
        #expect(close(m.perClass.map(\.f1), [0.4, 0.5714285714285714, 0.6, 0.6666666666666666]))
        #expect(close(m.macroF1, 0.5595238095238095))
        #expect(close(m.weightedF1, 0.5720238095238095))
        #expect(m.otherCount == 4)
    }

    // scikit-learn 1.9.1, default label set (union of truth and predictions):
    //   balanced_accuracy_score(t, p); f1_score(t, p, average="macro"|"weighted", zero_division=0)
    @Test("scikit-learn case 3: a class predicted but absent from the truth")
    func sklearnAbsentClass() throws {
        let t = [0,0,0,1,1,1,2,2,2,2]
        let p = [0,3,0,1,2,1,2,2,3,0]
        let m = ClassificationMetrics(confusion: try ConfusionMatrix(
            labels: ["ang", "hap", "neu", "sad"], hasOther: false, truth: t, predicted: p))
        #expect(close(m.ua, 0.611111111111111))
        #expect(close(m.macroF1, 0.5095238095238095))
        #expect(close(m.weightedF1, 0.6685714285714286))
    }

    @Test("row normalisation and an empty matrix")
    func rowNormalisedAndEmpty() throws {
        let c = try ConfusionMatrix(labels: ["a", "b", "c"], hasOther: false, truth: [0, 0, 1, 1, 1, 1],
                                    predicted: [0, 1, 1, 1, 1, 2])
        #expect(c.rowNormalised == [[0.5, 0.5, 0], [0, 0.75, 0.25], [0, 0, 0]])
        let empty = ClassificationMetrics(confusion: ConfusionMatrix(labels: ["a", "b"], hasOther: false))
        #expect(empty.wa == 0 && empty.ua == 0 && empty.macroF1 == 0 && empty.count == 0)
    }

    @Test("an out-of-range class index is an error naming the utterance")
    func badIndex() {
        var c = ConfusionMatrix(labels: ["a", "b"], hasOther: false)
        #expect(throws: MetricsError.classIndex(utterance: "u1", index: 2, classCount: 2)) {
            try c.add(truth: 0, predicted: 2, utterance: "u1")
        }
    }

    @Test("building a matrix from index arrays names the position of the bad item")
    func badIndexPosition() {
        #expect(throws: MetricsError.classIndex(utterance: "#2", index: 5, classCount: 2)) {
            _ = try ConfusionMatrix(labels: ["a", "b"], hasOther: false, truth: [0, 1, 1], predicted: [0, 1, 5])
        }
    }
}
