// Why a recipe's stored runs cannot be evaluated (what `report` and `compare` print).
import EmoMetrics

/// Why `report` or `compare` cannot run.
public enum EvaluationError: Error, CustomStringConvertible {
    case missingDatabase(path: String)
    case noRuns(recipe: String, database: String, available: [String])
    case unknownRun(id: Int64, database: String)
    case label(run: Int64, utterance: String, label: String?, labels: [String])
    case metrics(run: Int64, MetricsError)
    case comparison(MetricsError)

    public var description: String {
        switch self {
        case let .missingDatabase(path):
            return "\(path): no such result database\nhint: run `emoeval run RECIPE --db \(path)` first"
        case let .noRuns(recipe, database, available):
            return "\(database): no run of recipe '\(recipe)' with predictions"
                + (available.isEmpty ? "" : " (corpora in this database: \(available.joined(separator: ", ")))")
                + "\nhint: run `emoeval run` with this recipe first, or pick runs with --run"
        case let .unknownRun(id, database):
            return "\(database): there is no run \(id)\nhint: `emoeval runs --db \(database)` lists them"
        case let .label(run, utterance, label, labels):
            return "run \(run): utterance '\(utterance)' has label '\(label ?? "(none)")', not in the recipe's "
                + "label set [\(labels.joined(separator: ", "))]\nhint: the database was made with another "
                + "version of the recipe; re-run `emoeval run`"
        case let .metrics(run, error):
            return "run \(run): \(error)"
        case let .comparison(error):
            return "compare: \(error)"
        }
    }
}
