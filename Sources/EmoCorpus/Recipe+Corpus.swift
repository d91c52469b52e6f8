// Applies a recipe to its data directory: raw-label map, drops, label-set check and folds.
import Foundation

extension Recipe {
    /// Reads the recipe's data directory and returns the utterances it selects.
    /// Every problem (data directory, labels outside the set, missing fold entries) is reported at once
    /// as `CorpusError.invalidData`. Missing audio files are checked only when `checkAudioFiles` is true
    /// (the runner records them as per-utterance failures instead).
    public func loadCorpus(checkAudioFiles: Bool = false) throws -> Corpus {
        let inspection = try DataDirectory.inspect(dataDirectory, checkAudioFiles: checkAudioFiles)
        var problems = inspection.problems
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

        var utterances: [Utterance] = []
        var dropped: [String: Int] = [:]
        var unknown: [String: (count: Int, firstLine: Int?)] = [:]
        for item in inspection.directory.items {
            if drop.contains(item.label) {
                dropped[item.label, default: 0] += 1
                continue
            }
            guard let label = datasetLabel(forRaw: item.label) else {
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
            utterances.append(Utterance(
                id: item.id, audioPath: item.audioPath, segment: item.segment, label: label, rawLabel: item.label,
                speaker: item.speaker, session: item.session, style: item.style, fold: fold))
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
        return Corpus(name: name, labels: labels, utterances: utterances, dropped: dropped,
                      dataDirectory: dataDirectory)
    }
}
