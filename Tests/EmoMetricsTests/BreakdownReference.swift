// The numpy / scikit-learn / audmetric reference values in Tests/Fixtures/breakdowns/reference.json
// (made by make_reference.py in that folder).

import EmoTestSupport
import Foundation

/// Relative agreement required with the Python reference: both sides sum the same doubles, in a
/// possibly different order (numpy's pairwise summation), so only the last few bits may differ.
let breakdownTolerance = 1e-12

struct BreakdownReference: Decodable {
    struct Bin: Decodable {
        var count: Int
        var confidence: Double?
        var accuracy: Double?
    }

    struct CalibrationExpected: Decodable {
        var ece: Double
        var mce: Double
        var brier: Double
        var nll: Double
        var meanConfidence: Double
        var accuracy: Double
        var bins: [Bin]
    }

    struct CalibrationCase: Decodable {
        var probabilities: [[Double]]
        var truth: [Int]
        var predicted: [Int]
        var expected: CalibrationExpected
    }

    struct GroupExpected: Decodable {
        var count: Int
        var wa: Double
        var ua: Double
        var macroF1: Double
    }

    struct GroupCase: Decodable {
        var truth: [Int]
        var predicted: [Int]
        var groups: [String]
        var speakers: [String]
        var expected: [String: GroupExpected]
        var unweightedAverageBias: Double?
    }

    struct BiasCase: Decodable {
        var truth: [Int]
        var predicted: [Int]
        var groups: [String]
        var bias: Double?
    }

    struct DurationCase: Decodable {
        var edges: [Double]
        var seconds: [Double]
        var bands: [Int]
    }

    var calibration: CalibrationCase
    var calibrationWithOther: CalibrationCase
    var groups: GroupCase
    var bias: [BiasCase]
    var durations: DurationCase

    static func load() throws -> BreakdownReference {
        let data = try Data(contentsOf: Fixture.url("breakdowns/reference.json"))
        return try JSONDecoder().decode(BreakdownReference.self, from: data)
    }
}

/// |a − b| ≤ tolerance · max(1, |b|).
func near(_ a: Double, _ b: Double, _ tolerance: Double = breakdownTolerance) -> Bool {
    abs(a - b) <= tolerance * max(1, abs(b))
}
