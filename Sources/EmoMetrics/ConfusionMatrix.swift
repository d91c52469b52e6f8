// Counts of (true class, predicted class), with an optional "other" column for full-argmax runs.

/// A K × K (or K × (K+1) with "other") count matrix; rows are true classes, columns predictions.
public struct ConfusionMatrix: Sendable, Equatable, Codable {
    /// Dataset labels, row order (and column order for the first K columns).
    public let labels: [String]
    /// Whether the last column counts predictions outside the dataset labels.
    public let hasOther: Bool
    /// Row-major counts, `labels.count` rows × `columnCount` columns.
    public private(set) var counts: [Int]

    /// Number of columns: K, or K + 1 with "other".
    public var columnCount: Int { labels.count + (hasOther ? 1 : 0) }
    /// Column labels: the dataset labels, then "other" when present.
    public var columnLabels: [String] { hasOther ? labels + ["other"] : labels }

    /// An all-zero matrix.
    public init(labels: [String], hasOther: Bool) {
        self.labels = labels
        self.hasOther = hasOther
        self.counts = [Int](repeating: 0, count: labels.count * (labels.count + (hasOther ? 1 : 0)))
    }

    /// Counts `truth[i]` against `predicted[i]`; a prediction equal to `labels.count` is "other".
    public init(labels: [String], hasOther: Bool, truth: [Int], predicted: [Int]) throws(MetricsError) {
        self.init(labels: labels, hasOther: hasOther)
        precondition(truth.count == predicted.count, "truth and predictions differ in length")
        for (index, (t, p)) in zip(truth, predicted).enumerated() {
            try add(truth: t, predicted: p, utterance: "#\(index)")
        }
    }

    /// Adds one item.
    public mutating func add(truth: Int, predicted: Int, utterance: String = "?",
                             count: Int = 1) throws(MetricsError) {
        guard truth >= 0, truth < labels.count else {
            throw .classIndex(utterance: utterance, index: truth, classCount: labels.count)
        }
        guard predicted >= 0, predicted < columnCount else {
            throw .classIndex(utterance: utterance, index: predicted, classCount: columnCount)
        }
        counts[truth * columnCount + predicted] += count
    }

    /// A matrix from row-major counts already known to have the right shape (bootstrap use).
    init(labels: [String], hasOther: Bool, validatedCounts: [Int]) {
        self.labels = labels
        self.hasOther = hasOther
        self.counts = validatedCounts
        precondition(counts.count == labels.count * columnCount, "confusion counts have the wrong shape")
    }

    /// Count of items with true class `row` predicted as column `column`.
    public subscript(row: Int, column: Int) -> Int { counts[row * columnCount + column] }

    /// Total number of items.
    public var total: Int { counts.reduce(0, +) }
    /// Items of true class k (row sums): the support.
    public var support: [Int] { (0..<labels.count).map { r in (0..<columnCount).reduce(0) { $0 + self[r, $1] } } }
    /// Items predicted as column c (column sums), including "other".
    public var predictedCounts: [Int] {
        (0..<columnCount).map { c in (0..<labels.count).reduce(0) { $0 + self[$1, c] } }
    }
    /// Correct items (the diagonal).
    public var correct: Int { (0..<labels.count).reduce(0) { $0 + self[$1, $1] } }

    /// Each row divided by its support; a row with zero support stays all zero.
    public var rowNormalised: [[Double]] {
        let supports = support
        return (0..<labels.count).map { r in
            (0..<columnCount).map { c in supports[r] == 0 ? 0 : Double(self[r, c]) / Double(supports[r]) }
        }
    }

    /// Counts as rows.
    public var rows: [[Int]] { (0..<labels.count).map { r in (0..<columnCount).map { self[r, $0] } } }
}
