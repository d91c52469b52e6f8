// Applies a recipe to its data directory: raw-label map, drops, label-set check and folds.

import EmoTypes
import Foundation

extension Recipe {
    /// Reads the recipe's data directory and returns the utterances it selects.
    /// Every problem (data directory, labels outside the set, missing fold entries) is reported at once
    /// as `CorpusError.invalidData`. Missing audio files are checked only when `checkAudioFiles` is true
    /// (the runner records them as per-utterance failures instead).
    public func loadCorpus(checkAudioFiles: Bool = false) throws -> Corpus {
        var problems: [CorpusProblem] = []
        let subset = try readDimensionSubset(problems: &problems)
        let inspection = try DataDirectory.inspect(dataDirectory, checkAudioFiles: checkAudioFiles,
                                                   dimensionSubset: subset)
        problems += inspection.problems
        problems += dimensionProblems(inspection)
        let labelFile = (dataDirectory as NSString).appendingPathComponent(DataDirectory.FileName.labels)

        var foldOf: [String: String] = [:]
        var foldFile: String?
        if case let .file(path) = folds {
            foldFile = path
            if let table = try KaldiTable.read(path, fields: 2) {
                problems += path == (dataDirectory as NSString).appendingPathComponent(DataDirectory.FileName.folds)
                    ? [] : table.problems  // the data directory's own utt2fold was checked already
                for (id, entry) in table.values { foldOf[id] = entry.value }
            } else {
                problems.append(CorpusProblem(file: path, message: "fold file does not exist (recipe: folds.file)"))
            }
        }

        // `max_duration`: lengths from the data directory's utt2dur (EmoBox: the list's `length`).
        var durations: [String: Double] = [:]
        if let maxDuration {
            let file = (dataDirectory as NSString).appendingPathComponent("utt2dur")
            if let table = try KaldiTable.read(file, fields: 2) {
                problems += table.problems
                for (id, entry) in table.values {
                    if let seconds = Double(entry.value), seconds >= 0 { durations[id] = seconds } else {
                        problems.append(CorpusProblem(file: file, line: entry.line,
                                                      message: "'\(entry.value)' is not a duration in seconds"))
                    }
                }
            } else {
                problems.append(CorpusProblem(file: file, message: "missing: max_duration \(maxDuration) needs "
                                              + "each utterance's length (utt2dur, written by `prepare emobox`)"))
            }
        }

        var utterances: [Utterance] = []
        var dropped: [String: Int] = [:]
        var excluded: [String: Int] = [:]
        var unknown: [String: (count: Int, firstLine: Int?)] = [:]
        for item in inspection.directory.items {
            if drop.contains(item.label) {
                dropped[item.label, default: 0] += 1
                continue
            }
            // A dimension-only recipe (no labels) keeps every utterance it does not drop, with its raw label.
            guard let label = labels.isEmpty ? item.label : datasetLabel(forRaw: item.label) else {
                let line = inspection.labelLines[item.id]
                let previous = unknown[item.label]  // items are in id order, so keep the smallest line
                unknown[item.label] = ((previous?.count ?? 0) + 1, [previous?.firstLine, line].compactMap { $0 }.min())
                continue
            }
            var fold: String?
            switch folds {
            case .none:
                fold = nil
            case .bySession:
                fold = item.session
                if fold == nil {
                    problems.append(CorpusProblem(file: (dataDirectory as NSString).appendingPathComponent(
                        DataDirectory.FileName.sessions), message: "no session for '\(item.id)' (folds: by session)"))
                }
            case .bySpeaker:
                fold = item.speaker
                if fold == nil {
                    problems.append(CorpusProblem(file: (dataDirectory as NSString).appendingPathComponent(
                        DataDirectory.FileName.speakers), message: "no speaker for '\(item.id)' (folds: by speaker)"))
                }
            case .file:
                fold = foldOf[item.id]
                if fold == nil, let foldFile, FileManager.default.fileExists(atPath: foldFile) {
                    problems.append(CorpusProblem(file: foldFile, message: "no fold for utterance '\(item.id)'"))
                }
            }
            if let fold, excludedFolds.contains(fold) {
                excluded["fold \(fold)", default: 0] += 1
                continue
            }
            if let maxDuration, let seconds = durations[item.id], seconds > maxDuration {
                excluded[Corpus.overMaxDuration(maxDuration), default: 0] += 1
                continue
            }
            if maxDuration != nil && durations[item.id] == nil && !durations.isEmpty {
                problems.append(CorpusProblem(file: (dataDirectory as NSString).appendingPathComponent("utt2dur"),
                                              message: "no duration for utterance '\(item.id)' (max_duration)"))
            }
            var dimensions: [EmotionDimension: Double] = [:]
            if subset?.contains(item.id) ?? true {
                for scale in self.dimensions { dimensions[scale.dimension] = item.dimensions[scale.dimension] }
            }
            utterances.append(Utterance(
                id: item.id, audioPath: item.audioPath, segment: item.segment, label: label, rawLabel: item.label,
                speaker: item.speaker, session: item.session, style: item.style, fold: fold, gender: item.gender,
                dimensions: dimensions, channel: item.channel))
        }
        for (raw, found) in unknown.sorted(by: { ($0.value.firstLine ?? 0) < ($1.value.firstLine ?? 0) }) {
            problems.append(CorpusProblem(
                file: labelFile, line: found.firstLine,
                message: "label '\(raw)' (\(found.count) utterance(s)) is not in the label set "
                    + "[\(labels.joined(separator: ", "))]; map it with label_map or list it under drop"))
        }
        if problems.isEmpty && utterances.isEmpty {
            problems.append(CorpusProblem(file: labelFile, message: "the recipe selects no utterances"))
        }
        guard problems.isEmpty else { throw CorpusError.invalidData(directory: dataDirectory, problems: problems) }
        var corpus = Corpus(name: name, labels: labels, utterances: utterances, dropped: dropped,
                            dataDirectory: dataDirectory)
        corpus.excluded = excluded
        return corpus
    }

    /// The ids of `dimension_subset` (one per line, first field), or nil when the recipe has none.
    func readDimensionSubset(problems: inout [CorpusProblem]) throws -> Set<String>? {
        guard let path = dimensionSubset else { return nil }
        guard FileManager.default.fileExists(atPath: path) else {
            problems.append(CorpusProblem(file: path, message: "dimension subset file does not exist (recipe: dimension_subset)"))
            return []
        }
        // readTextFile refuses a FIFO, directory or device before opening it (a FIFO blocked forever).
        guard let text = try readTextFile(path) else { return [] }
        var ids = Set<String>()
        for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            guard let id = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).first else { continue }
            if !ids.insert(String(id)).inserted {
                problems.append(CorpusProblem(file: path, line: index + 1, message: "duplicate id '\(id)'"))
            }
        }
        return ids
    }

    /// Every declared dimension needs its data file, and every value must lie on the declared scale.
    func dimensionProblems(_ inspection: DataDirectory.Inspection) -> [CorpusProblem] {
        var problems: [CorpusProblem] = []
        for scale in dimensions {
            let file = (dataDirectory as NSString).appendingPathComponent(scale.dimension.fileName)
            guard let lines = inspection.dimensionLines[scale.dimension] else {
                problems.append(CorpusProblem(file: file, message: "missing: the recipe declares dimension "
                    + "'\(scale.dimension.rawValue)' (write it with `emoeval prepare`, one number per utterance)"))
                continue
            }
            for item in inspection.directory.items {
                guard let value = item.dimensions[scale.dimension], !scale.range.contains(value) else { continue }
                problems.append(CorpusProblem(file: file, line: lines[item.id],
                                              message: "\(scale.dimension.rawValue) \(value) of '\(item.id)' is outside the "
                                                  + "recipe's scale [\(scale.range.lowerBound), \(scale.range.upperBound)]"))
            }
        }
        return problems
    }
}
