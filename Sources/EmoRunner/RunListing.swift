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
            if let precision = r.run.options.precisionLabel { options.append(precision) }
            return ["\(r.run.id)", r.run.status.rawValue, r.corpus.name, r.model.variant,
                    options.isEmpty ? "-" : options.joined(separator: ","),
                    "\(r.predicted + r.failed)/\(r.utteranceCount)", "\(r.failed)",
                    duration(r.audioSeconds), duration(r.wallSeconds), r.startedAt ?? "-"]
        }
        return table(header, rows)
    }

    /// Several (shard) databases: one line per database and run with the shard, its share done, the latest
    /// session's status, Slurm job and node; then one total line per run over all databases.
    public static func renderShards(_ entries: [ShardProgress]) -> String {
        let header = ["database", "run", "model", "shard", "status", "done", "failed", "audio", "wall", "slurm job",
                      "node"]
        let rows = entries.map { e -> [String] in
            [e.database, "\(e.overview.run.id)", e.overview.model.variant, e.shard?.description ?? "all",
             e.status.rawValue, "\(e.done)/\(e.shareCount)", "\(e.failed)", duration(e.overview.audioSeconds),
             duration(e.overview.wallSeconds), e.latestSession?.slurm?.displayId ?? "-",
             e.latestSession?.slurm?.node ?? e.latestSession?.host ?? "-"]
        }
        var out = table(header, rows)
        var order: [String] = []
        var groups: [String: [ShardProgress]] = [:]
        for e in entries {
            if groups[e.overview.run.identity] == nil { order.append(e.overview.run.identity) }
            groups[e.overview.run.identity, default: []].append(e)
        }
        for identity in order {
            let group = groups[identity] ?? []
            guard let first = group.first else { continue }
            let done = group.reduce(into: Set<String>()) { $0.formUnion($1.finishedKeys) }.count
            let failed = group.reduce(0) { $0 + $1.failed }
            var line = "total \(first.overview.model.variant) on \(first.overview.corpus.name): "
                + "\(done)/\(first.overview.utteranceCount) done, \(failed) failed"
            let counts = Set(group.compactMap { $0.shard?.count })
            if counts.count == 1, let n = counts.first {
                let complete = Set(group.filter { $0.status == .complete }.compactMap { $0.shard?.index })
                let seen = Set(group.compactMap { $0.shard?.index })
                line += "; shards complete \(complete.count)/\(n)"
                let absent = (1...n).filter { !seen.contains($0) }
                if !absent.isEmpty { line += "; no database for shard " + absent.map(String.init).joined(separator: ", ") }
            }
            out += line + "\n"
        }
        return out
    }

    static func table(_ header: [String], _ rows: [[String]]) -> String {
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
        guard seconds.isFinite, seconds < 1e12 else { return "\(seconds)s" }   // a damaged database
        let total = Int(seconds.rounded())
        if total < 3600 { return String(format: "%dm%02ds", total / 60, total % 60) }
        return String(format: "%dh%02dm", total / 3600, total / 60 % 60)
    }
}
