// Reading EmoBox's metadata (docs/specs/emobox-protocol.md §2–3): jsonl/json lists in both schemas, label maps,
// the STM speaker file and the audmap. EmoBox ships no audio; these files are its protocol.
import Foundation

/// One utterance of an EmoBox list (`<ds>.jsonl`, `fold_k/<ds>_{train,valid,test}_fold_k.{jsonl,json}`).
public struct EmoBoxEntry: Sendable, Equatable {
    /// EmoBox key, e.g. `iemocap-Ses01F_impro04_F000`; may contain spaces and file extensions.
    public var key: String
    /// Relative path, `downloads/<ds>/…` (field `wav`, legacy `audio`).
    public var wav: String
    /// Raw corpus label (field `emo`, legacy `label`), mapped through `label_map.json`.
    public var emo: String
    /// 1-based channel index EmoBox selects (`wav[channel-1]`); 1 when the list has none (legacy schema).
    public var channel: Int
    /// Length in seconds (`length`, else `num_frame / sample_rate`, else `end_time − start_time`).
    public var length: Double?
    /// PAVOQUE: the segment within a long file, seconds.
    public var startTime: Double?
    public var endTime: Double?

    public init(key: String, wav: String, emo: String, channel: Int = 1, length: Double? = nil,
                startTime: Double? = nil, endTime: Double? = nil) {
        self.key = key
        self.wav = wav
        self.emo = emo
        self.channel = channel
        self.length = length
        self.startTime = startTime
        self.endTime = endTime
    }
}

/// Which part of a fold a list describes.
public enum EmoBoxPart: String, Sendable, CaseIterable {
    case train, valid, test
}

/// A malformed list entry (wrapped so it can travel in a `Result`).
struct ListProblem: Error {
    var problem: CorpusProblem
}

enum EmoBoxLists {
    /// Parses one JSON object of either schema; `where` names it in problems.
    static func entry(_ object: Any, key fallbackKey: String?, file: String, line: Int?) -> Result<EmoBoxEntry, ListProblem> {
        func fail(_ message: String) -> Result<EmoBoxEntry, ListProblem> {
            .failure(ListProblem(problem: CorpusProblem(file: file, line: line, message: message)))
        }
        guard let dict = object as? [String: Any] else { return fail("expected a JSON object") }
        guard let key = (dict["key"] as? String) ?? fallbackKey, !key.isEmpty else { return fail("no 'key'") }
        guard let wav = (dict["wav"] as? String) ?? (dict["audio"] as? String), !wav.isEmpty else {
            return fail("'\(key)' has no 'wav' (or legacy 'audio') path")
        }
        guard let emo = (dict["emo"] as? String) ?? (dict["label"] as? String) else {
            return fail("'\(key)' has no 'emo' (or legacy 'label') field")
        }
        func number(_ name: String) -> Double? {
            if let value = dict[name] as? NSNumber { return value.doubleValue }
            if let text = dict[name] as? String { return Double(text) }
            return nil
        }
        var channel = 1
        if let value = number("channel") {
            guard value >= 1, value == value.rounded() else { return fail("'\(key)': channel \(value) is not a 1-based index") }
            channel = Int(value)
        }
        let start = number("start_time"), end = number("end_time")
        if (start == nil) != (end == nil) { return fail("'\(key)': start_time and end_time must come together") }
        if let start, let end, !(start >= 0 && end > start) {
            return fail("'\(key)': segment [\(start), \(end)) is empty or negative")
        }
        var length = number("length")
        if length == nil, let frames = number("num_frame"), let rate = number("sample_rate"), rate > 0 {
            length = frames / rate
        }
        if length == nil, let start, let end { length = end - start }
        return .success(EmoBoxEntry(key: key, wav: wav, emo: emo, channel: channel, length: length,
                                    startTime: start, endTime: end))
    }

    /// Reads a `.jsonl` (one object per line) or `.json` (one object keyed by utterance key) list.
    /// Malformed lines become problems; the rest is returned in file order.
    static func read(_ path: String) throws -> (entries: [EmoBoxEntry], problems: [CorpusProblem]) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CorpusError.unreadable(path: path, reason: "cannot read the file")
        }
        var entries: [EmoBoxEntry] = []
        var problems: [CorpusProblem] = []
        var seen: [String: Int] = [:]
        func add(_ result: Result<EmoBoxEntry, ListProblem>, line: Int?) {
            switch result {
            case let .success(entry):
                if let first = seen[entry.key] {
                    problems.append(CorpusProblem(file: path, line: line,
                                                  message: "duplicate key '\(entry.key)' (first at entry \(first))"))
                    return
                }
                seen[entry.key] = line ?? entries.count + 1
                entries.append(entry)
            case let .failure(failure):
                problems.append(failure.problem)
            }
        }
        if path.hasSuffix(".jsonl") {
            guard let text = String(data: data, encoding: .utf8) else {
                throw CorpusError.unreadable(path: path, reason: "not UTF-8 text")
            }
            for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
                if line.isEmpty { continue }
                guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) else {
                    problems.append(CorpusProblem(file: path, line: index + 1, message: "not a JSON object"))
                    continue
                }
                add(entry(object, key: nil, file: path, line: index + 1), line: index + 1)
            }
        } else {
            guard let object = try? JSONSerialization.jsonObject(with: data), let dict = object as? [String: Any] else {
                throw CorpusError.unreadable(path: path, reason: "not a JSON object keyed by utterance key")
            }
            for key in dict.keys.sorted() { add(entry(dict[key]!, key: key, file: path, line: nil), line: nil) }
        }
        return (entries, problems)
    }

    /// `label_map.json` (EMOVO: `label_dict.json`) as raw → mapped; parsed as JSON, never by line.
    static func labelMap(in folder: String) throws -> (map: [String: String], file: String) {
        for name in ["label_map.json", "label_dict.json"] {
            let path = folder + "/" + name
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            guard let object = try? JSONSerialization.jsonObject(with: data), let dict = object as? [String: Any] else {
                throw CorpusError.unreadable(path: path, reason: "not a JSON object of raw label → EmoBox label")
            }
            var map: [String: String] = [:]
            for (raw, value) in dict {
                guard let mapped = value as? String else {
                    throw CorpusError.unreadable(path: path, reason: "the value of '\(raw)' is not a string")
                }
                map[raw] = mapped
            }
            return (map, path)
        }
        throw CorpusError.unreadable(path: folder, reason: "no label_map.json (or EMOVO's label_dict.json)")
    }

    /// A line of `data.seg.wrd.stm`: key, speaker and raw emotion from the `<id=…,lang=…,spk=…,emotion=…>`
    /// meta (keys and speakers may contain spaces, so the line is never split on white space).
    struct STMLine: Equatable {
        var key: String
        var speaker: String
        var emotion: String
        var channel: Int?
        var start: Double?
        var end: Double?
    }

    static let stmMeta = try! NSRegularExpression(pattern: "<id=(.*?),lang=(.*?),spk=(.*?),emotion=(.*?)>")

    /// Parses `data.seg.wrd.stm`. The text before the meta is `<key> <channel> <spk> <start> <end>`;
    /// channel/start/end are read from the part after the key when it has that shape.
    static func readSTM(_ path: String) throws -> (lines: [STMLine], problems: [CorpusProblem]) {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw CorpusError.unreadable(path: path, reason: "cannot read the file as UTF-8 text")
        }
        var lines: [STMLine] = []
        var problems: [CorpusProblem] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : String(raw)
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let range = NSRange(line.startIndex..., in: line)
            guard let match = stmMeta.firstMatch(in: line, range: range), match.numberOfRanges == 5 else {
                problems.append(CorpusProblem(file: path, line: index + 1,
                                              message: "no <id=…,lang=…,spk=…,emotion=…> meta field"))
                continue
            }
            func group(_ i: Int) -> String { String(line[Range(match.range(at: i), in: line)!]) }
            let key = group(1)
            var stm = STMLine(key: key, speaker: group(3), emotion: group(4))
            // `<key> <channel> <spk> <start> <end> <meta>`: the key is known, so the channel follows it.
            let head = line[..<Range(match.range, in: line)!.lowerBound]
            if head.hasPrefix(key + " ") {
                let rest = head.dropFirst(key.count + 1).split(separator: " ")
                if let first = rest.first { stm.channel = Int(first) }
                if rest.count >= 3 {
                    stm.start = Double(rest[rest.count - 2])
                    stm.end = Double(rest[rest.count - 1])
                }
            }
            lines.append(stm)
        }
        return (lines, problems)
    }

    /// `data.seg.audmap`: `<key> <channel> <start> <end> <path>`, the path being the rest of the line.
    /// Keys may contain spaces, so a line is matched against the known keys (longest first).
    static func readAudmap(_ path: String, keys: [String]) throws -> [String: (path: String, start: Double, end: Double)] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw CorpusError.unreadable(path: path, reason: "cannot read the file as UTF-8 text")
        }
        var result: [String: (path: String, start: Double, end: Double)] = [:]
        let wanted = Set(keys)
        for raw in text.split(separator: "\n") {
            let line = String(raw.hasSuffix("\r") ? raw.dropLast() : raw)
            // The path starts with `downloads/`; everything before it is `<key> <channel> <start> <end>`.
            guard let cut = line.range(of: " downloads/") else { continue }
            let head = line[..<cut.lowerBound].split(separator: " ")
            guard head.count >= 4, let start = Double(head[head.count - 2]), let end = Double(head[head.count - 1]) else { continue }
            let key = head.dropLast(3).joined(separator: " ")
            guard wanted.contains(key) else { continue }
            result[key] = (String(line[line.index(after: cut.lowerBound)...]), start, end)
        }
        return result
    }
}
