// CCC, Pearson r, MAE and RMSE against numpy reference values (Tests/Fixtures/dimensional).

import EmoTestSupport
import EmoTypes
import Foundation
import Testing
@testable import EmoMetrics

/// The reference file written by `Tests/Fixtures/dimensional/make_reference.py`.
struct DimensionalReference: Decodable {
    struct Case: Decodable {
        var name: String
        var truth: [Double]
        var predicted: [Double]
        var ccc: Double?
        var pearson: Double?
        var mae: Double
        var rmse: Double
    }
    struct FoldSet: Decodable {
        var truth: [Double]
        var predicted: [Double]
        var folds: [String]
        var per_fold: [Case]
        var ccc_fold_mean: Double
        var ccc_fold_sd: Double
        var pooled: Case
    }
    struct Conventions: Decodable {
        var truth: [Double]
        var predicted: [Double]
        var population: Double
        var sample: Double
    }
    var cases: [Case]
    var fold_set: FoldSet
    var conventions: Conventions

    static func load() throws -> DimensionalReference {
        let data = try Data(contentsOf: Fixture.url("dimensional/reference.json"))
        return try JSONDecoder().decode(DimensionalReference.self, from: data)
    }
}

/// numpy and Swift sum in different orders; 1e-12 absolute is far above that rounding and far below any
/// convention difference (population vs sample CCC differ by 0.026 on the docstring vector).
let referenceTolerance = 1e-12

func close(_ a: Double?, _ b: Double?, _ tolerance: Double = referenceTolerance) -> Bool {
    switch (a, b) {
    case (nil, nil): return true
    case let (x?, y?): return abs(x - y) <= tolerance
    default: return false
    }
}

@Suite("RegressionMetrics")
struct RegressionMetricsTests {
    @Test("every reference case matches numpy to 1e-12")
    func reference() throws {
        let reference = try DimensionalReference.load()
        #expect(reference.cases.count == 6)
        for c in reference.cases {
            let m = RegressionMetrics(truth: c.truth, predicted: c.predicted)
            #expect(m.count == c.truth.count, "\(c.name)")
            #expect(close(m.ccc, c.ccc), "\(c.name): CCC \(String(describing: m.ccc)) vs \(String(describing: c.ccc))")
            #expect(close(m.pearson, c.pearson), "\(c.name): r \(String(describing: m.pearson))")
            #expect(close(m.mae, c.mae), "\(c.name): MAE")
            #expect(close(m.rmse, c.rmse), "\(c.name): RMSE")
        }
    }

    @Test("CCC uses the population convention (audmetric docstring 0.6666…), not n − 1 (0.6923…)")
    func convention() throws {
        let c = try DimensionalReference.load().conventions
        let m = RegressionMetrics(truth: c.truth, predicted: c.predicted)
        #expect(close(m.ccc, c.population))
        #expect(abs((m.ccc ?? 0) - c.sample) > 0.02)
        #expect(close(m.ccc, 0.6666666666666665))   // audmetric concordance_cc docstring value
    }

    @Test("undefined figures are nil: n < 2, constant series, no items")
    func undefined() {
        let one = RegressionMetrics(truth: [3], predicted: [4])
        #expect(one.ccc == nil && one.pearson == nil && one.mae == 1 && one.rmse == 1)
        let constant = RegressionMetrics(truth: [2, 2, 2], predicted: [2, 2, 2])
        #expect(constant.ccc == nil && constant.pearson == nil && constant.mae == 0)
        let none = RegressionMetrics(truth: [], predicted: [])
        #expect(none.count == 0 && none.mae == nil && none.rmse == nil)
    }

    @Test("the bootstrap's shifted running sums give the same figures as the two-pass formulas")
    func sumsMatchTwoPass() throws {
        for c in try DimensionalReference.load().cases where c.truth.count >= 2 {
            var sums = RegressionSums()
            let shift = c.truth.reduce(0, +) / Double(c.truth.count)
            for (y, x) in zip(c.truth, c.predicted) { sums.add(truth: y, predicted: x, shift: shift) }
            let m = RegressionMetrics(truth: c.truth, predicted: c.predicted)
            for metric in RegressionMetric.allCases {
                // One-pass sums after centring: agreement to ~1e-10 even at the 1e4 offset.
                #expect(close(sums.value(metric), m.value(metric), 1e-9), "\(c.name) \(metric)")
            }
        }
    }

    @Test("CCC and r do not change when both series are mapped by the same positive linear map; MAE scales")
    func scaleInvariance() throws {
        let c = try DimensionalReference.load().cases[4]
        let a = RegressionMetrics(truth: c.truth, predicted: c.predicted)
        let f = { (v: Double) in (v - 1) / 6 }
        let b = RegressionMetrics(truth: c.truth.map(f), predicted: c.predicted.map(f))
        #expect(close(a.ccc, b.ccc) && close(a.pearson, b.pearson))
        #expect(close((a.mae ?? 0) / 6, b.mae))
    }
}
