// The dimensional metrics (arousal, valence, dominance): their names and formulas. Shared by the recipe's
// published figures (EmoCorpus), the metrics (EmoMetrics) and the reports.

/// The four dimensional metrics in the fixed order reports use.
public enum RegressionMetric: String, Sendable, Codable, CaseIterable {
    case ccc = "CCC"
    case pearson = "Pearson r"
    case mae = "MAE"
    case rmse = "RMSE"

    /// Column header (reports, JSON keys).
    public var name: String { rawValue }

    /// The metric's spelling in a recipe's figure keys (`Pearson-valence`, `CCC-arousal`), which predates the
    /// column header "Pearson r" and stays as recipes write it.
    public var figureKeyName: String { self == .pearson ? "Pearson" : rawValue }

    /// Whether a larger value is better (CCC, r) or worse (MAE, RMSE).
    public var higherIsBetter: Bool { self == .ccc || self == .pearson }

    /// The definition printed in reports (x prediction, y truth, n items, a = x − x̄, b = y − ȳ).
    public var formula: String {
        switch self {
        case .ccc: return "CCC = 2·Σab / (Σa² + Σb² + n·(x̄ − ȳ)²) (Lin's concordance correlation with "
            + "population moments (1/n), as audmetric concordance_cc and the MSP-Podcast challenge's CCC; "
            + "undefined when n < 2 or the denominator is 0)"
        case .pearson: return "Pearson r = Σab / √(Σa²·Σb²) (undefined when n < 2 or either series is constant)"
        case .mae: return "MAE = (1/n)·Σ|x − y|"
        case .rmse: return "RMSE = √((1/n)·Σ(x − y)²)"
        }
    }
}
