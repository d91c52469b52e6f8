// The text `emoeval validate` prints: the recipe's settings and utterance counts per label, fold and
// speaker, plus total duration when the caller can measure audio.
import Foundation

/// Counts and durations of a loaded corpus, rendered as plain text.
public struct CorpusSummary: Sendable {
    public var recipe: Recipe
    public var corpus: Corpus
    /// Sum of utterance durations in seconds; nil when not measured.
    public var totalDuration: Double?
    /// Utterances whose duration could not be measured, or whose segment runs past the file's end.
    public var audioProblems: [CorpusProblem]

    /// Measures durations with `duration` (seconds of a whole audio file; called once per file) when it
    /// is given; segments count their own length and are checked against their file's length.
    public init(recipe: Recipe, corpus: Corpus, fileDuration duration: ((String) throws -> Double)? = nil) {
        self.recipe = recipe
        self.corpus = corpus
        guard let duration else {
            totalDuration = nil
            audioProblems = []
            return
        }
        var cache: [String: Double] = [:]
        var total = 0.0
        var problems: [CorpusProblem] = []
        // Segments may end up to one 10 ms frame past the end (Kaldi's own tolerance is similar).
        let segmentTolerance = 0.01
        for utterance in corpus.utterances {
            let length: Double
            if let cached = cache[utterance.audioPath] {
                length = cached
            } else {
                do {
                    length = try duration(utterance.audioPath)
                } catch {
                    // Audio errors start with the path already; name it once.
                    var text = "\(error)"
                    if text.hasPrefix(utterance.audioPath + ": ") { text.removeFirst(utterance.audioPath.count + 2) }
                    problems.append(CorpusProblem(file: utterance.audioPath, message: "\(utterance.id): \(text)"))
                    continue
                }
                guard length.isFinite, length >= 0 else {
                    problems.append(CorpusProblem(file: utterance.audioPath,
                                                  message: "\(utterance.id): implausible duration \(length) s"))
                    continue
                }
                cache[utterance.audioPath] = length
            }
            if let segment = utterance.segment {
                if segment.end > length + segmentTolerance {
                    problems.append(CorpusProblem(
                        file: utterance.audioPath,
                        message: "segment of '\(utterance.id)' ends at \(segment.end) s, after the file's end "
                            + String(format: "(%.3f s)", length)))
                }
                total += segment.duration
            } else {
                total += length
            }
        }
        totalDuration = total
        audioProblems = problems
    }

    public func render() -> String {
        var lines: [String] = []
        func row(_ key: String, _ value: String) { lines.append(key.padding(toLength: 11, withPad: " ", startingAt: 0) + value) }
        row("recipe", "\(recipe.name) (\(recipe.path))")
        if let description = recipe.description { row("about", description) }
        row("data", recipe.dataDirectory)
        row("labels", recipe.labels.joined(separator: ", "))
        if !recipe.labelMap.isEmpty {
            row("label map", recipe.labelMap.sorted { $0.key < $1.key }.map { "\($0.key) → \($0.value)" }
                .joined(separator: ", "))
        }
        if !recipe.drop.isEmpty { row("drop", recipe.drop.joined(separator: ", ")) }
        row("folds", Self.describe(recipe.folds) + (corpus.folds.isEmpty ? "" : " (\(corpus.folds.count) folds)"))
        if !recipe.dimensions.isEmpty {
            row("dimensions", recipe.dimensions.map {
                "\($0.dimension.rawValue) [\(Self.number($0.range.lowerBound)), \(Self.number($0.range.upperBound))]"
            }.joined(separator: ", ") + (recipe.dimensionSubset.map { " (subset: \($0))" } ?? ""))
        }
        for (family, mapping) in recipe.models.sorted(by: { $0.key < $1.key }) {
            var text = "\(family): " + mapping.labelMap.sorted { $0.key < $1.key }
                .map { "\($0.key) → \($0.value)" }.joined(separator: ", ")
            if !mapping.labelMap.isEmpty { text += " (policy \(mapping.policy.rawValue))" }
            if let dims = mapping.dimensions {
                let outputs = dims.outputs.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) ← \($0.value)" }
                text += (mapping.labelMap.isEmpty ? "" : "; ") + "dimensions "
                    + (outputs.isEmpty ? "by output name" : outputs.joined(separator: ", "))
                    + (dims.scale.map { ", model scale [\(Self.number($0.lowerBound)), \(Self.number($0.upperBound))]" } ?? "")
                    + ", \(dims.alignment.rawValue)"
            }
            row("model", text)
        }
        for directory in recipe.modelDirectories { row("model dir", directory) }
        if !recipe.references.isEmpty {
            row("references", recipe.references.map(\.model).joined(separator: ", "))
        }
        lines.append("")
        lines += labelFoldTable()
        let speakers = corpus.counts(by: \.speaker)
        if !speakers.isEmpty {
            lines.append("")
            lines.append("utterances per speaker (\(speakers.count) speakers):")
            let cells = speakers.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            for start in stride(from: 0, to: cells.count, by: 6) {
                lines.append("  " + cells[start..<min(start + 6, cells.count)].joined(separator: "   "))
            }
        }
        for scale in recipe.dimensions {
            let values = corpus.utterances.compactMap { $0.dimensions[scale.dimension] }
            guard let low = values.min(), let high = values.max() else { continue }
            let mean = values.reduce(0, +) / Double(values.count)
            if lines.last != "" { lines.append("") }
            lines.append("\(scale.dimension.rawValue): \(values.count) values, mean " + String(format: "%.3f", mean)
                + ", min \(Self.number(low)), max \(Self.number(high)) (scale [\(Self.number(scale.range.lowerBound)), "
                + "\(Self.number(scale.range.upperBound))])")
        }
        if !corpus.dropped.isEmpty {
            lines.append("")
            lines.append("dropped: " + corpus.dropped.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
                .joined(separator: ", "))
        }
        if !corpus.excluded.isEmpty {
            lines.append("")
            lines.append("excluded: " + corpus.excluded.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
                .joined(separator: ", "))
        }
        lines.append("")
        var total = "total: \(corpus.utterances.count) utterances"
        if let totalDuration { total += ", " + Self.formatDuration(totalDuration) }
        lines.append(total)
        return lines.joined(separator: "\n") + "\n"
    }

    /// A markdown table: one row per label, one column per fold, and a total column.
    func labelFoldTable() -> [String] {
        let folds = corpus.folds
        var counts: [String: [String: Int]] = [:]
        for utterance in corpus.utterances {
            counts[utterance.label, default: [:]][utterance.fold ?? "", default: 0] += 1
        }
        let header = ["label"] + folds + ["total"]
        var rows: [[String]] = []
        for label in corpus.labels {
            let perFold = folds.map { String(counts[label]?[$0] ?? 0) }
            rows.append([label] + perFold + [String(counts[label]?.values.reduce(0, +) ?? 0)])
        }
        let foldTotals = folds.map { fold in String(corpus.utterances.filter { $0.fold == fold }.count) }
        rows.append(["total"] + foldTotals + [String(corpus.utterances.count)])
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            "| " + cells.enumerated().map { index, cell in
                index == 0 ? cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[index] - cell.count) + cell
            }.joined(separator: " | ") + " |"
        }
        let rule = "|" + widths.enumerated().map { index, width in
            index == 0 ? String(repeating: "-", count: width + 2) : String(repeating: "-", count: width + 1) + ":"
        }.joined(separator: "|") + "|"
        return ["utterances per label" + (folds.isEmpty ? ":" : " and fold:"), line(header), rule] + rows.map(line)
    }

    /// 7.0 → "7", 3.777778 → "3.777778".
    static func number(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v) }

    static func describe(_ rule: FoldRule) -> String {
        switch rule {
        case .none: return "none"
        case .bySession: return "by session"
        case .bySpeaker: return "by speaker"
        case let .file(path): return "from \(path)"
        }
    }

    /// `25212.3 s` → `7 h 00 min 12.3 s (25212.3 s)`.
    static func formatDuration(_ seconds: Double) -> String {
        // Hours as Int only for lengths a corpus can have; anything else is printed as it is.
        guard seconds.isFinite, seconds >= 0, seconds < 1e12 else { return "\(seconds) s" }
        let hours = Int(seconds) / 3600, minutes = Int(seconds) % 3600 / 60
        let rest = seconds - Double(hours * 3600 + minutes * 60)
        let exact = String(format: "%.1f s", seconds)
        if hours > 0 { return String(format: "%d h %02d min %04.1f s", hours, minutes, rest) + " (\(exact))" }
        if minutes > 0 { return String(format: "%d min %04.1f s", minutes, rest) + " (\(exact))" }
        return exact
    }
}
