// The fixed number formats of every report (stated in the report's header line).

import EmoMetrics
import Foundation

/// Formats used in reports; changing one changes every golden file.
enum NumberFormat {
    /// The header line naming the formats.
    static let legend = "Numbers: metrics in percent with two decimals (%.2f); [a, b] = bootstrap "
        + "percentile interval; ± = sample standard deviation over folds (n − 1); p-values with three "
        + "significant digits (%.3g); Δ = measured − published, or second run − first run."

    /// A fraction as a percentage: 0.71789 → "71.79".
    static func percent(_ fraction: Double) -> String { String(format: "%.2f", fraction * 100) }

    /// A percentage value already in percent: 71.79 → "71.79".
    static func percentValue(_ value: Double) -> String { String(format: "%.2f", value) }

    /// A signed percentage-point difference from fractions: +1.23 / −0.40.
    static func signedPoints(_ fraction: Double) -> String {
        let rounded = (fraction * 100 * 100).rounded() / 100
        return (rounded >= 0 ? "+" : "") + String(format: "%.2f", rounded == 0 ? 0 : rounded)
    }

    /// "71.79 [69.10, 74.02]".
    static func withInterval(_ fraction: Double, _ interval: ConfidenceInterval?) -> String {
        guard let interval else { return percent(fraction) }
        return "\(percent(fraction)) [\(percent(interval.lower)), \(percent(interval.upper))]"
    }

    /// "+1.23 [-0.50, +2.90]".
    static func deltaWithInterval(_ delta: PairedDelta) -> String {
        "\(signedPoints(delta.estimate)) [\(signedPoints(delta.interval.lower)), \(signedPoints(delta.interval.upper))]"
    }

    /// "70.12 ± 3.40" (no ± with a single fold).
    static func meanSD(_ summary: FoldSummary) -> String {
        guard let sd = summary.standardDeviation else { return percent(summary.mean) }
        return "\(percent(summary.mean)) ± \(percent(sd))"
    }

    /// A bin's bounds: "(0.47, 0.53]".
    static func bounds(_ lower: Double, _ upper: Double) -> String {
        String(format: "(%.2f, %.2f]", lower, upper)
    }

    /// A value that is not a percentage (Brier, NLL, bias): four decimals.
    static func plain(_ value: Double) -> String { String(format: "%.4f", value) }

    /// "0.5123 [0.4800, 0.5500]".
    static func plainWithInterval(_ value: Double, _ interval: ConfidenceInterval?) -> String {
        guard let interval else { return plain(value) }
        return "\(plain(value)) [\(plain(interval.lower)), \(plain(interval.upper))]"
    }

    /// A signed plain difference with its interval: "+0.0123 [-0.0100, +0.0300]".
    static func signedPlainWithInterval(_ delta: PairedDelta) -> String {
        func signed(_ v: Double) -> String {
            let text = plain(v)
            return text.hasPrefix("-") ? (text == "-0.0000" ? "+0.0000" : text) : "+" + text
        }
        return "\(signed(delta.estimate)) [\(signed(delta.interval.lower)), \(signed(delta.interval.upper))]"
    }

    /// A signed percentage-point difference with its interval from a raw value and interval.
    static func signedPointsWithInterval(_ value: Double, _ interval: ConfidenceInterval?) -> String {
        guard let interval else { return signedPoints(value) }
        return "\(signedPoints(value)) [\(signedPoints(interval.lower)), \(signedPoints(interval.upper))]"
    }

    /// A coverage level: 0.95 → "95 %", 0.975 → "97.5 %".
    static func level(_ level: Double) -> String { String(format: "%g %%", level * 100) }

    /// A p-value, e.g. "0.0312", "1", "<1e-300".
    static func pValue(_ p: Double) -> String {
        p < 1e-300 ? "<1e-300" : String(format: "%.3g", p)
    }
}
