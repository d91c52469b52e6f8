// Writes a data directory's files from its items (sorted, one `id value` per line).

import EmoTypes
import Foundation

extension DataDirectory {
    /// Writes wav.scp, utt2emo and those optional files (utt2spk, segments, utt2session, utt2style,
    /// utt2fold, utt2gender, utt2arousal / utt2valence / utt2dominance) for which every item has a value, and
    /// utt2channel when any item selects a channel (`mean` for the others), creating the folder. Stale optional files of an
    /// earlier write are removed so that the folder describes exactly these items.
    /// Throws `CorpusError.unwritable`, or `.invalidData` when ids repeat or contain white space.
    public func write() throws {
        var problems: [CorpusProblem] = []
        var seen = Set<String>()
        let segmented = items.contains { $0.segment != nil }
        for item in items {
            if segmented && item.segment == nil {
                problems.append(CorpusProblem(file: path, message: "'\(item.id)' has no segment while others do"))
            }
            if item.id.isEmpty || item.id.contains(where: \.isWhitespace) {
                problems.append(CorpusProblem(file: path, message: "utterance id '\(item.id)' is empty or has white space"))
            }
            if !seen.insert(item.id).inserted {
                problems.append(CorpusProblem(file: path, message: "duplicate utterance id '\(item.id)'"))
            }
            if item.label.isEmpty || item.label.contains(where: \.isWhitespace) {
                problems.append(CorpusProblem(file: path, message: "label '\(item.label)' of '\(item.id)' is empty or has white space"))
            }
        }
        guard problems.isEmpty else { throw CorpusError.invalidData(directory: path, problems: problems) }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw CorpusError.unwritable(path: path, reason: error.localizedDescription)
        }
        func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

        if segmented {
            var recordings: [String: String] = [:]
            var rows: [(String, String)] = []
            for item in items {
                let recording = item.recording ?? item.id
                recordings[recording] = item.audioPath
                guard let segment = item.segment else { continue }
                rows.append((item.id, "\(recording) \(segment.start) \(segment.end)"))
            }
            try KaldiTable.write(recordings.map { ($0.key, $0.value) }, to: file(FileName.wavScp))
            try KaldiTable.write(rows, to: file(FileName.segments))
        } else {
            try KaldiTable.write(items.map { ($0.id, $0.audioPath) }, to: file(FileName.wavScp))
            try? FileManager.default.removeItem(atPath: file(FileName.segments))
        }
        try KaldiTable.write(items.map { ($0.id, $0.label) }, to: file(FileName.labels))
        let optional: [(String, KeyPath<DataItem, String?>)] = [
            (FileName.speakers, \.speaker), (FileName.sessions, \.session),
            (FileName.styles, \.style), (FileName.folds, \.fold), (FileName.genders, \.gender),
        ]
        for (name, keyPath) in optional {
            let values = items.compactMap { item in item[keyPath: keyPath].map { (item.id, $0) } }
            if !items.isEmpty && values.count == items.count {
                try KaldiTable.write(values, to: file(name))
            } else {
                try? FileManager.default.removeItem(atPath: file(name))
            }
        }
        // utt2channel when any item selects a channel (`mean` for those that do not).
        if items.contains(where: { $0.channel != nil }) {
            try KaldiTable.write(items.map { ($0.id, $0.channel.map(String.init) ?? "mean") }, to: file(FileName.channels))
        } else {
            try? FileManager.default.removeItem(atPath: file(FileName.channels))
        }
        for dimension in EmotionDimension.allCases {
            // Swift's shortest round-trip decimal: the value read back is the value written.
            let values = items.compactMap { item in item.dimensions[dimension].map { (item.id, "\($0)") } }
            if !items.isEmpty && values.count == items.count {
                try KaldiTable.write(values, to: file(dimension.fileName))
            } else {
                try? FileManager.default.removeItem(atPath: file(dimension.fileName))
            }
        }
    }
}
