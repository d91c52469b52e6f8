// Per-utterance predictions (or failures) of stored runs as CSV or JSON Lines, for scripts and spreadsheets.
import Foundation
import EmoStore

/// Output formats of `emoeval export`.
public enum ExportFormat: String, Sendable, CaseIterable {
    /// Comma-separated, one header line, RFC 4180 quoting; one `score_<label>` column per model label.
    case csv
    /// One JSON object per line.
    case jsonl
}

/// Writes stored rows in an export format. Floats print in Swift's shortest round-trip form.
public struct PredictionExporter: Sendable {
    public var format: ExportFormat

    public init(format: ExportFormat) {
        self.format = format
    }

    /// Predictions of `runs` (in run order, utterances by key). CSV columns: run, model, utterance, audio_path,
    /// label, speaker, fold, top_label, top_score, audio_seconds, compute_seconds, then `score_<label>` for the
    /// union of the runs' model labels (empty where a run's model lacks the label).
    public func predictions(_ runs: [(RunOverview, [ScoredUtterance])]) -> String {
        var labels: [String] = []
        for (overview, _) in runs { for label in overview.model.labels where !labels.contains(label) { labels.append(label) } }
        var out = ""
        if format == .csv {
            out += (["run", "model", "utterance", "audio_path", "label", "speaker", "fold", "top_label", "top_score",
                     "audio_seconds", "compute_seconds"] + labels.map { "score_\($0)" }).map(csvField).joined(separator: ",") + "\n"
        }
        for (overview, rows) in runs {
            let runId = overview.run.id
            for row in rows {
                let scores = Dictionary(zip(overview.model.labels, row.scores), uniquingKeysWith: { a, _ in a })
                let compute = row.decodeSeconds + row.inferenceSeconds
                switch format {
                case .csv:
                    let fields = ["\(runId)", overview.model.variant, row.utteranceKey, row.audioPath, row.label ?? "",
                                  row.speaker ?? "", row.fold ?? "", row.topLabel ?? "", row.topScore.map { "\($0)" } ?? "",
                                  "\(row.audioSeconds)", "\(compute)"] + labels.map { scores[$0].map { "\($0)" } ?? "" }
                    out += fields.map(csvField).joined(separator: ",") + "\n"
                case .jsonl:
                    let scoreObject = overview.model.labels.indices.filter { $0 < row.scores.count }
                        .map { "\(json(overview.model.labels[$0])):\(row.scores[$0])" }.joined(separator: ",")
                    out += "{" + [
                        "\"run\":\(runId)", "\"model\":\(json(overview.model.variant))",
                        "\"checkpoint_sha256\":\(json(overview.model.checkpointSHA256))",
                        "\"utterance\":\(json(row.utteranceKey))", "\"audio_path\":\(json(row.audioPath))",
                        "\"label\":\(json(row.label))", "\"raw_label\":\(json(row.rawLabel))",
                        "\"speaker\":\(json(row.speaker))", "\"fold\":\(json(row.fold))",
                        "\"top_label\":\(json(row.topLabel))", "\"top_score\":\(row.topScore.map { "\($0)" } ?? "null")",
                        "\"scores\":{\(scoreObject)}", "\"audio_seconds\":\(row.audioSeconds)",
                        "\"compute_seconds\":\(compute)",
                    ].joined(separator: ",") + "}\n"
                }
            }
        }
        return out
    }

    /// Failures of `runs`: run, model, utterance, audio_path, kind, message.
    public func failures(_ runs: [(RunOverview, [FailedUtterance])]) -> String {
        var out = format == .csv ? "run,model,utterance,audio_path,kind,message\n" : ""
        for (overview, rows) in runs {
            let runId = overview.run.id
            for row in rows {
                switch format {
                case .csv:
                    out += ["\(runId)", overview.model.variant, row.utteranceKey, row.audioPath, row.kind.rawValue,
                            row.message].map(csvField).joined(separator: ",") + "\n"
                case .jsonl:
                    out += "{\"run\":\(runId),\"model\":\(json(overview.model.variant)),"
                        + "\"utterance\":\(json(row.utteranceKey)),\"audio_path\":\(json(row.audioPath)),"
                        + "\"kind\":\(json(row.kind.rawValue)),\"message\":\(json(row.message))}\n"
                }
            }
        }
        return out
    }
}

/// RFC 4180: quote a field holding a comma, quote, CR or LF; double inner quotes.
func csvField(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

/// A JSON string literal (or null).
func json(_ text: String?) -> String {
    guard let text else { return "null" }
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}
