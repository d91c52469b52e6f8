// A Kaldi-style data directory: wav.scp, utt2emo, and optional utt2spk, segments, utt2session,
// utt2style, utt2fold, utt2gender and the dimension files utt2arousal / utt2valence / utt2dominance.
// Reading validates in the spirit of Kaldi's validate_data_dir.sh.

import EmoTypes
import Foundation

/// One utterance of a data directory, before any recipe is applied (the label is the raw one).
public struct DataItem: Sendable, Hashable {
    /// Utterance id.
    public var id: String
    /// Audio file path (relative `wav.scp` paths are resolved against the data directory).
    public var audioPath: String
    /// Recording id in `wav.scp` when the utterance is a segment of a recording.
    public var recording: String?
    /// The cut, from `segments`; nil means the whole file.
    public var segment: UtteranceSegment?
    /// Raw label from `utt2emo` (e.g. `exc`).
    public var label: String
    public var speaker: String?
    public var session: String?
    public var style: String?
    public var fold: String?
    /// Speaker gender from `utt2gender` (as the release writes it, lower case, e.g. `female`).
    public var gender: String?
    /// Continuous annotations from `utt2arousal` / `utt2valence` / `utt2dominance`, on the corpus's own scale.
    public var dimensions: [EmotionDimension: Double]
    /// The 1-based channel to decode, from `utt2channel` (EmoBox's index: MELD's 5.1 clips use 3); nil (no
    /// utt2channel, or the value `mean`) means the mean of the channels.
    public var channel: Int?

    public init(id: String, audioPath: String, recording: String? = nil, segment: UtteranceSegment? = nil,
                label: String, speaker: String? = nil, session: String? = nil, style: String? = nil,
                fold: String? = nil, gender: String? = nil, dimensions: [EmotionDimension: Double] = [:],
                channel: Int? = nil) {
        self.id = id
        self.audioPath = audioPath
        self.recording = recording
        self.segment = segment
        self.label = label
        self.speaker = speaker
        self.session = session
        self.style = style
        self.fold = fold
        self.gender = gender
        self.dimensions = dimensions
        self.channel = channel
    }
}

/// The contents of a data directory, items sorted by id (C order).
public struct DataDirectory: Sendable {
    /// Folder holding the files.
    public var path: String
    public var items: [DataItem]

    public init(path: String, items: [DataItem]) {
        self.path = path
        self.items = items.sorted { KaldiTable.cOrder($0.id, $1.id) }
    }

    /// File names inside a data directory.
    public enum FileName {
        public static let wavScp = "wav.scp"
        public static let labels = "utt2emo"
        public static let speakers = "utt2spk"
        public static let segments = "segments"
        public static let sessions = "utt2session"
        public static let styles = "utt2style"
        public static let folds = "utt2fold"
        public static let genders = "utt2gender"
        public static let channels = "utt2channel"
    }

    /// Reads and validates the data directory at `path`. Throws `CorpusError.invalidData` listing every
    /// problem (file and line); missing audio files count only when `checkAudioFiles` is true.
    public static func read(_ path: String, checkAudioFiles: Bool = true) throws -> DataDirectory {
        let inspection = try inspect(path, checkAudioFiles: checkAudioFiles)
        guard inspection.problems.isEmpty else {
            throw CorpusError.invalidData(directory: path, problems: inspection.problems)
        }
        return inspection.directory
    }

    /// What `read` found: the usable items, every problem, the `utt2emo` line of each id, and the line of
    /// each dimension value (for range checks against a recipe's scale).
    struct Inspection {
        var directory: DataDirectory
        var problems: [CorpusProblem]
        var labelLines: [String: Int]
        var dimensionLines: [EmotionDimension: [String: Int]] = [:]
    }

    /// Reads every file, joins them on utterance id and collects all problems without stopping.
    /// A dimension file, when present, must give a finite number for every utterance, or for every id in
    /// `dimensionSubset` when a recipe declares one (the utterances that carry dimensional labels).
    static func inspect(_ path: String, checkAudioFiles: Bool,
                        dimensionSubset: Set<String>? = nil) throws -> Inspection {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CorpusError.unreadable(path: path, reason: "no such data directory (create it with `emoeval prepare`)")
        }
        func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }
        var problems: [CorpusProblem] = []
        guard let wavScp = try KaldiTable.read(file(FileName.wavScp), fields: nil) else {
            throw CorpusError.invalidData(directory: path, problems: [
                CorpusProblem(file: file(FileName.wavScp), message: "missing (every data directory needs wav.scp)")])
        }
        guard let labels = try KaldiTable.read(file(FileName.labels), fields: 2) else {
            throw CorpusError.invalidData(directory: path, problems: [
                CorpusProblem(file: file(FileName.labels), message: "missing (every data directory needs utt2emo)")])
        }
        let segments = try KaldiTable.read(file(FileName.segments), fields: 4)
        let optional = [FileName.speakers, FileName.sessions, FileName.styles, FileName.folds, FileName.genders,
                        FileName.channels]
        var extras: [String: KaldiTable] = [:]
        for name in optional { extras[name] = try KaldiTable.read(file(name), fields: 2) }
        for table in [wavScp, labels] + [segments].compactMap({ $0 }) + extras.values.sorted(by: { $0.file < $1.file }) {
            problems += table.problems
        }

        // Recordings: wav.scp value → resolved audio path.
        var recordings: [String: String] = [:]
        for entry in wavScp.entries {
            if let problem = audioProblem(entry, file: wavScp.file) {
                problems.append(problem)
                continue
            }
            let resolved = entry.value.hasPrefix("/") ? entry.value
                : ((path as NSString).appendingPathComponent(entry.value) as NSString).standardizingPath
            if checkAudioFiles && !isRegularFile(resolved) {
                let why = nonRegularFileReason(resolved).map { "is \($0)" } ?? "does not exist"
                problems.append(CorpusProblem(file: wavScp.file, line: entry.line,
                                              message: "audio file '\(clipped(entry.value))' of '\(clipped(entry.key))' \(why)"))
            }
            recordings[entry.key] = resolved
        }

        // Utterances: from segments when present, else one per wav.scp line.
        var audio: [String: (path: String, recording: String?, segment: UtteranceSegment?, line: Int, file: String)] = [:]
        if let segments {
            for entry in segments.entries {
                let parts = entry.value.split(separator: " ", omittingEmptySubsequences: true)
                    .flatMap { $0.split(separator: "\t") }.map(String.init)
                guard parts.count == 3 else {
                    problems.append(CorpusProblem(file: segments.file, line: entry.line,
                                                  message: "expected 'utt recording start end' with numeric times"))
                    continue
                }
                let recording = parts[0]
                guard let audioPath = recordings[recording] else {
                    problems.append(CorpusProblem(file: segments.file, line: entry.line,
                                                  message: "recording '\(clipped(recording))' is not in wav.scp"))
                    continue
                }
                if SegmentTime.parse(parts[2]).seconds == -1 {
                    problems.append(CorpusProblem(file: segments.file, line: entry.line,
                                                  message: "end time -1 (to the end of the recording) is not "
                                                      + "supported; write the end time in seconds"))
                    continue
                }
                let times = parts[1...2].map { SegmentTime.parse($0) }
                if let problem = times.compactMap(\.problem).first {
                    problems.append(CorpusProblem(file: segments.file, line: entry.line, message: problem))
                    continue
                }
                let start = times[0].seconds ?? 0, end = times[1].seconds ?? 0
                guard start >= 0, end > start else {
                    problems.append(CorpusProblem(file: segments.file, line: entry.line,
                                                  message: "segment [\(clipped(parts[1])), \(clipped(parts[2]))) is empty or negative"))
                    continue
                }
                audio[entry.key] = (audioPath, recording, UtteranceSegment(start: start, end: end),
                                    entry.line, segments.file)
            }
        } else {
            for entry in wavScp.entries {
                guard let audioPath = recordings[entry.key] else { continue }
                audio[entry.key] = (audioPath, nil, nil, entry.line, wavScp.file)
            }
        }

        // Join on the utterance id; every utterance needs audio and a label.
        let labelValues = labels.values
        var labelLines: [String: Int] = [:]
        for (id, entry) in labelValues { labelLines[id] = entry.line }
        let audioSource = segments?.file ?? wavScp.file
        let malformedAudio = Set(wavScp.entries.map(\.key)).subtracting(recordings.keys)
            .union(wavScp.malformedKeys).union(segments?.malformedKeys ?? [])
        for entry in labels.entries where audio[entry.key] == nil && !malformedAudio.contains(entry.key) {
            problems.append(CorpusProblem(file: labels.file, line: entry.line,
                                          message: "utterance '\(clipped(entry.key))' has a label but no audio in "
                                              + (audioSource as NSString).lastPathComponent))
        }
        for (id, source) in audio.sorted(by: { $0.key < $1.key }) where labelValues[id] == nil && !labels.malformedKeys.contains(id) {
            problems.append(CorpusProblem(file: source.file, line: source.line,
                                          message: "utterance '\(clipped(id))' has audio but no label in utt2emo"))
        }
        var extraValues: [String: [String: KaldiEntry]] = [:]
        for (name, table) in extras.sorted(by: { $0.key < $1.key }) {
            let values = table.values
            extraValues[name] = values
            for (id, entry) in values.sorted(by: { $0.value.line < $1.value.line }) where audio[id] == nil && labelValues[id] == nil {
                problems.append(CorpusProblem(file: table.file, line: entry.line,
                                              message: "'\(clipped(id))' is not an utterance of this data directory"))
            }
            for id in labelValues.keys.sorted() where values[id] == nil && audio[id] != nil {
                problems.append(CorpusProblem(file: table.file, message: "utterance '\(clipped(id))' has no entry"))
            }
        }

        let utteranceIds = Set(labelValues.keys).intersection(audio.keys)
        var dimensionValues: [EmotionDimension: [String: Double]] = [:]
        var dimensionLines: [EmotionDimension: [String: Int]] = [:]
        for dimension in EmotionDimension.allCases {
            guard let table = try KaldiTable.read(file(dimension.fileName), fields: 2) else { continue }
            let read = Self.dimensionValues(table, utterances: utteranceIds.union(labelValues.keys).union(audio.keys),
                                            required: dimensionSubset ?? utteranceIds)
            problems += read.problems
            dimensionValues[dimension] = read.values
            dimensionLines[dimension] = read.lines
        }

        // utt2channel: a 1-based channel index per utterance (the decoder checks it against the file), or `mean`
        // for the mean of the channels (what an utterance without utt2channel gets).
        var channels: [String: Int] = [:]
        if let table = extras[FileName.channels] {
            for (id, entry) in table.values.sorted(by: { $0.value.line < $1.value.line }) where entry.value != "mean" {
                guard let channel = Int(entry.value), channel >= 1 else {
                    problems.append(CorpusProblem(file: table.file, line: entry.line,
                                                  message: "channel '\(clipped(entry.value))' of '\(clipped(id))' is not a "
                                                      + "1-based channel index or 'mean'"))
                    continue
                }
                channels[id] = channel
            }
        }

        var items: [DataItem] = []
        for (id, label) in labelValues {
            guard let source = audio[id] else { continue }
            var dimensions: [EmotionDimension: Double] = [:]
            for (dimension, values) in dimensionValues { dimensions[dimension] = values[id] }
            items.append(DataItem(
                id: id, audioPath: source.path, recording: source.recording, segment: source.segment,
                label: label.value, speaker: extraValues[FileName.speakers]?[id]?.value,
                session: extraValues[FileName.sessions]?[id]?.value, style: extraValues[FileName.styles]?[id]?.value,
                fold: extraValues[FileName.folds]?[id]?.value, gender: extraValues[FileName.genders]?[id]?.value,
                dimensions: dimensions, channel: channels[id]))
        }
        return Inspection(directory: DataDirectory(path: path, items: items), problems: problems,
                          labelLines: labelLines, dimensionLines: dimensionLines)
    }

    /// The numbers of one dimension file: every value must be a finite number of a known utterance, and
    /// every `required` utterance needs one (missing ones are reported as one problem with a few examples).
    static func dimensionValues(_ table: KaldiTable, utterances: Set<String>, required: Set<String>)
        -> (values: [String: Double], lines: [String: Int], problems: [CorpusProblem]) {
        var problems = table.problems
        var values: [String: Double] = [:], lines: [String: Int] = [:]
        for entry in table.entries {
            guard utterances.contains(entry.key) else {
                problems.append(CorpusProblem(file: table.file, line: entry.line,
                                              message: "'\(entry.key)' is not an utterance of this data directory"))
                continue
            }
            guard SegmentTime.isDecimal(entry.value), let value = Double(entry.value), value.isFinite else {
                problems.append(CorpusProblem(file: table.file, line: entry.line,
                                              message: "value '\(clipped(entry.value))' of '\(clipped(entry.key))' is not a finite number"))
                continue
            }
            values[entry.key] = value
            lines[entry.key] = entry.line
        }
        let written = Set(table.entries.map(\.key)).union(table.malformedKeys)
        let missing = required.subtracting(written).sorted(by: KaldiTable.cOrder)
        if !missing.isEmpty {
            let shown = missing.prefix(3).map { "'\($0)'" }.joined(separator: ", ")
            problems.append(CorpusProblem(
                file: table.file,
                message: "\(missing.count) utterance(s) have no value (\(shown)\(missing.count > 3 ? ", ..." : ""));"
                    + " every utterance needs one unless the recipe names the labelled ones in dimension_subset"))
        }
        return (values, lines, problems)
    }

    /// A problem for wav.scp values emoeval refuses: Kaldi pipes (never run) and archive offsets.
    static func audioProblem(_ entry: KaldiEntry, file: String) -> CorpusProblem? {
        if entry.value.hasSuffix("|") {
            return CorpusProblem(file: file, line: entry.line,
                                 message: "'\(clipped(entry.key))' is a pipe entry ('\(clipped(entry.value))'): emoeval never runs "
                                     + "commands from wav.scp; convert the audio to files and list their paths")
        }
        if entry.value.contains(".ark:") {
            return CorpusProblem(file: file, line: entry.line,
                                 message: "'\(clipped(entry.key))' points into a Kaldi archive ('\(clipped(entry.value))'), "
                                     + "which is not supported; list audio file paths")
        }
        return nil
    }
}

/// A time of the `segments` file: a plain decimal number of seconds (`12.5`, `1e3`), finite and within any
/// plausible recording length. `0x10`, `inf`, `nan` and `1_000` are refused, as Kaldi's own reader does.
enum SegmentTime {
    /// Longer than any recording (about 116 days); larger times are typing errors, and converting them
    /// to sample indices would overflow.
    static let maximumSeconds = 1e7

    /// The seconds, or the problem with `text`.
    static func parse(_ text: String) -> (seconds: Double?, problem: String?) {
        guard isDecimal(text), let value = Double(text) else {
            return (nil, "time '\(clipped(text))' is not a decimal number of seconds")
        }
        guard value.isFinite, abs(value) <= maximumSeconds else {
            return (nil, "time \(clipped(text)) s is beyond any plausible recording length "
                        + "(at most \(Int(maximumSeconds)) s)")
        }
        return (value, nil)
    }

    /// `[+-]digits[.digits][e[+-]digits]` or `[+-].digits[...]`.
    static func isDecimal(_ text: String) -> Bool {
        var bytes = Array(text.utf8)[...]
        func digits() -> Int {
            let count = bytes.prefix { $0 >= 0x30 && $0 <= 0x39 }.count
            bytes = bytes.dropFirst(count)
            return count
        }
        if let sign = bytes.first, sign == 0x2B || sign == 0x2D { bytes = bytes.dropFirst() }
        var mantissa = digits()
        if bytes.first == 0x2E { bytes = bytes.dropFirst(); mantissa += digits() }
        guard mantissa > 0 else { return false }
        if let e = bytes.first, e == 0x65 || e == 0x45 {
            bytes = bytes.dropFirst()
            if let sign = bytes.first, sign == 0x2B || sign == 0x2D { bytes = bytes.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }
}
