// The table `emoeval runs` prints: one line per run with status, counts, failures and duration.
import Foundation
import EmoStore

/// Renders run overviews as an aligned text table.
public enum RunListing {
    /// Columns: id, status, corpus, model, options, done (predicted+failed of total), failed, audio, wall, started.
    public static func render(_ runs: [RunOverview]) -> String {
        let header = ["id", "status", "corpus", "model", "options", "done", "failed", "audio", "wall", "started"]
        let rows = runs.map { r -> [String] in
            var options: [String] = []
            if r.run.options.embeddings { options.append("embeddings") }
            if r.run.options.frames { options.append("frames") }
            return ["\(r.run.id ?? -1)", r.run.status.rawValue, r.corpus.name, r.model.variant,
                    options.isEmpty ? "-" : options.joined(separator: ","),
                    "\(r.predicted + r.failed)/\(r.utteranceCount)", "\(r.failed)",
                    duration(r.audioSeconds), duration(r.wallSeconds), r.startedAt ?? "-"]
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        return ([header] + rows).map { row in
            row.enumerated().map { column, text in
                column == row.count - 1 ? text : text.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    /// "42.0s", "12m05s", "3h02m".
    static func duration(_ seconds: Double) -> String {
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        let total = Int(seconds.rounded())
        if total < 3600 { return String(format: "%dm%02ds", total / 60, total % 60) }
        return String(format: "%dh%02dm", total / 3600, total / 60 % 60)
    }
}
