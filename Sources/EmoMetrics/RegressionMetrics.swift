// Agreement of continuous predictions with continuous truth (arousal, valence, dominance): Lin's CCC
// (population moments, as audmetric `concordance_cc` and the MSP-Podcast challenge), Pearson r, MAE, RMSE.

import EmoTypes

/// CCC, Pearson r, MAE and RMSE of one set of (truth, prediction) pairs, plus the moments behind them.
/// Undefined correlations are nil (too few items, or a constant series), never NaN.
public struct RegressionMetrics: Sendable, Equatable, Codable {
    /// Number of pairs.
    public let count: Int
    /// Lin's CCC (population convention); nil when `count` < 2 or the denominator is 0.
    public let ccc: Double?
    /// Pearson's r; nil when `count` < 2 or truth or prediction is constant.
    public let pearson: Double?
    /// Mean absolute error; nil when `count` is 0.
    public let mae: Double?
    /// Root mean squared error; nil when `count` is 0.
    public let rmse: Double?
    /// Means and population standard deviations of truth and prediction (0 when `count` is 0).
    public let meanTruth: Double
    public let meanPrediction: Double
    public let sdTruth: Double
    public let sdPrediction: Double

    /// Computes every figure with two passes (means first, then centred sums) in Double.
    /// - Parameters: truth and predicted have the same length (extra elements of the longer are ignored).
    public init(truth: [Double], predicted: [Double]) {
        let n = min(truth.count, predicted.count)
        count = n
        guard n > 0 else {
            (ccc, pearson, mae, rmse) = (nil, nil, nil, nil)
            (meanTruth, meanPrediction, sdTruth, sdPrediction) = (0, 0, 0, 0)
            return
        }
        var sumX = 0.0, sumY = 0.0
        for i in 0..<n { sumX += predicted[i]; sumY += truth[i] }
        let meanX = sumX / Double(n), meanY = sumY / Double(n)
        var saa = 0.0, sbb = 0.0, sab = 0.0, absolute = 0.0, squared = 0.0, difference = 0.0
        for i in 0..<n {
            let a = predicted[i] - meanX, b = truth[i] - meanY, e = predicted[i] - truth[i]
            saa += a * a
            sbb += b * b
            sab += a * b
            absolute += abs(e)
            squared += e * e
            difference += e
        }
        meanTruth = meanY
        meanPrediction = meanX
        sdTruth = (sbb / Double(n)).squareRoot()
        sdPrediction = (saa / Double(n)).squareRoot()
        mae = absolute / Double(n)
        rmse = (squared / Double(n)).squareRoot()
        // x̄ − ȳ as the mean of x − y: exact differences of close values, not a difference of two rounded means.
        (ccc, pearson) = Self.correlations(n: n, saa: saa, sbb: sbb, sab: sab,
                                           meanDifference: difference / Double(n))
    }

    /// CCC and r from centred sums; shared with the bootstrap's sum-based replicates.
    static func correlations(n: Int, saa: Double, sbb: Double, sab: Double,
                             meanDifference: Double) -> (ccc: Double?, pearson: Double?) {
        guard n >= 2 else { return (nil, nil) }
        let denominator = saa + sbb + Double(n) * meanDifference * meanDifference
        let ccc = denominator > 0 ? 2 * sab / denominator : nil
        let pearson = saa > 0 && sbb > 0 ? sab / (saa * sbb).squareRoot() : nil
        return (ccc, pearson)
    }

    /// The value of one metric (nil when undefined).
    public func value(_ metric: RegressionMetric) -> Double? {
        switch metric {
        case .ccc: return ccc
        case .pearson: return pearson
        case .mae: return mae
        case .rmse: return rmse
        }
    }
}

/// Running sums of (truth, prediction) pairs, so that a bootstrap replicate is a sum of per-cluster sums.
/// Values are shifted by one common constant first (CCC, r, MAE and RMSE do not change when truth and
/// prediction move together), which keeps the one-pass variance formulas accurate.
struct RegressionSums: Sendable, Equatable {
    var n = 0
    var x = 0.0, y = 0.0, xx = 0.0, yy = 0.0, xy = 0.0, absolute = 0.0, squared = 0.0

    mutating func add(truth: Double, predicted: Double, shift: Double) {
        let xs = predicted - shift, ys = truth - shift, e = predicted - truth
        n += 1
        x += xs; y += ys
        xx += xs * xs; yy += ys * ys; xy += xs * ys
        absolute += abs(e); squared += e * e
    }

    mutating func add(_ other: RegressionSums) {
        n += other.n
        x += other.x; y += other.y
        xx += other.xx; yy += other.yy; xy += other.xy
        absolute += other.absolute; squared += other.squared
    }

    /// The value of `metric` for the pairs summed so far (nil when undefined).
    func value(_ metric: RegressionMetric) -> Double? {
        guard n > 0 else { return nil }
        let count = Double(n)
        switch metric {
        case .mae: return absolute / count
        case .rmse: return (squared / count).squareRoot()
        case .ccc, .pearson:
            let saa = max(0, xx - x * x / count), sbb = max(0, yy - y * y / count), sab = xy - x * y / count
            let r = RegressionMetrics.correlations(n: n, saa: saa, sbb: sbb, sab: sab,
                                                   meanDifference: (x - y) / count)
            return metric == .ccc ? r.ccc : r.pearson
        }
    }
}
