// EmoBox's official folds → a Kaldi-style data directory (docs/specs/emobox-protocol.md §2–5, §10–11).
//
// Reads one dataset's full list, fold lists (current `wav`/`emo` and legacy `audio`/`label` schema;
// EmoDB's duplicate legacy `_fold<k>` files), label map and STM speakers, resolves every
// `downloads/<ds>/…` path under the user's audio root, and keeps what EmoBox keeps: raw labels (mapped
// by the recipe), the test fold of each key, train/valid membership per fold, EmoBox's channel index,
// segment times (PAVOQUE) and lengths (for the 30 s rule). Keys EmoBox would drop silently are listed.
import Foundation

/// How many keys may stay unresolved before the import fails.
public enum UnresolvedLimit: Sendable, Equatable {
    case count(Int)
    case percent(Double)

    /// Parses `N` (keys) or `N%` (of the full list).
    public init?(_ text: String) {
        if text.hasSuffix("%") {
            guard let value = Double(text.dropLast()), value >= 0, value <= 100 else { return nil }
            self = .percent(value)
        } else {
            guard let value = Int(text), value >= 0 else { return nil }
            self = .count(value)
        }
    }

    func allows(_ unresolved: Int, of total: Int) -> Bool {
        switch self {
        case let .count(limit): return unresolved <= limit
        case let .percent(limit): return total == 0 || Double(unresolved) * 100 <= limit * Double(total)
        }
    }

    public var description: String {
        switch self {
        case let .count(n): return "\(n) key\(n == 1 ? "" : "s")"
        case let .percent(p): return "\(p)%"
        }
    }
}

/// Count of one (fold, part, EmoBox label) cell: keys in the list and keys resolved to audio.
public struct EmoBoxCount: Sendable, Equatable {
    public var fold: Int
    public var part: EmoBoxPart
    public var label: String
    public var listed: Int
    public var resolved: Int
}

/// A key of an EmoBox list that no audio file was found for.
public struct EmoBoxUnresolved: Sendable, Equatable {
    public var key: String
    public var wav: String
    public var reason: String
}

/// What `EmoBoxImporter` read: the data-directory items plus EmoBox's own tables.
public struct EmoBoxImport: Sendable {
    /// Items (ids are Kaldi-safe; `fold` = the test fold `1…N`, or `none` for keys in no test list).
    public var result: ImportResult
    public var dataset: String
    public var folds: Int
    /// Raw label → EmoBox label, as the label map file has it.
    public var labelMap: [String: String]
    /// Raw labels found only case-insensitively in the map (EmoDB `neutral` vs `Neutral`): raw → map key.
    public var caseFoldedLabels: [String: String]
    /// id → original EmoBox key.
    public var emoboxKeys: [String: String]
    /// id → 1-based channel index EmoBox selects.
    public var channels: [String: Int]
    /// id → length in seconds from the list.
    public var durations: [String: Double]
    /// fold → id → part (train / valid / test); ids in none of the fold's lists are absent.
    public var splits: [Int: [String: EmoBoxPart]]
    public var counts: [EmoBoxCount]
    public var unresolved: [EmoBoxUnresolved]
    /// Keys found by name in another folder than the list's (a re-packed copy), with where.
    public var resolvedByName: Int

    /// The EmoBox label of a raw label (exact map key first, then the case-insensitive match).
    public func mapped(_ raw: String) -> String? {
        labelMap[raw] ?? caseFoldedLabels[raw].flatMap { labelMap[$0] }
    }

    /// Writes the data directory (see `DataDirectory.write()`) and EmoBox's tables: `utt2emobox`,
    /// `utt2channel`, `utt2dur`, `utt2split.<fold>` (`train|valid|test|none`), and `unresolved` (the keys
    /// left out, `key<TAB>reason`) when there are any.
    public func write(to path: String) throws {
        try result.write(to: path)
        func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }
        let ids = result.items.map(\.id)
        try KaldiTable.write(ids.map { ($0, emoboxKeys[$0] ?? $0) }, to: file("utt2emobox"))
        try KaldiTable.write(ids.map { ($0, String(channels[$0] ?? 1)) }, to: file("utt2channel"))
        let timed = ids.compactMap { id in durations[id].map { (id, Self.seconds($0)) } }
        if timed.count == ids.count {
            try KaldiTable.write(timed, to: file("utt2dur"))
        } else {
            try? FileManager.default.removeItem(atPath: file("utt2dur"))
        }
        for stale in ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []) where stale.hasPrefix("utt2split.") {
            try? FileManager.default.removeItem(atPath: file(stale))
        }
        for fold in 1...max(folds, 1) where folds > 0 {
            let parts = splits[fold] ?? [:]
            try KaldiTable.write(ids.map { ($0, parts[$0]?.rawValue ?? "none") }, to: file("utt2split.\(fold)"))
        }
        let unresolvedFile = file("unresolved")
        if unresolved.isEmpty {
            try? FileManager.default.removeItem(atPath: unresolvedFile)
        } else {
            let text = unresolved.map { "\($0.key)\t\($0.reason)\n" }.joined()
            do { try text.write(toFile: unresolvedFile, atomically: true, encoding: .utf8) } catch {
                throw CorpusError.unwritable(path: unresolvedFile, reason: error.localizedDescription)
            }
        }
    }

    static func seconds(_ value: Double) -> String {
        var text = String(format: "%.6f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// Per-fold count table: `fold part: N listed / M resolved` and per EmoBox label.
    public func renderCounts() -> [String] {
        var lines: [String] = []
        let labels = Set(counts.map(\.label)).sorted()
        for fold in 1...max(folds, 1) where folds > 0 {
            for part in EmoBoxPart.allCases {
                let cells = counts.filter { $0.fold == fold && $0.part == part }
                guard !cells.isEmpty else { continue }
                let listed = cells.map(\.listed).reduce(0, +), resolved = cells.map(\.resolved).reduce(0, +)
                let perLabel = labels.compactMap { label -> String? in
                    guard let cell = cells.first(where: { $0.label == label }) else { return nil }
                    return cell.listed == cell.resolved ? "\(label) \(cell.listed)" : "\(label) \(cell.resolved)/\(cell.listed)"
                }
                lines.append("fold \(fold) \(part.rawValue): \(resolved) of \(listed) listed — "
                             + perLabel.joined(separator: ", "))
            }
        }
        return lines
    }
}

/// Reads one EmoBox dataset's metadata and the user's audio.
public struct EmoBoxImporter: Sendable {
    /// EmoBox's `data/` folder (or the checkout holding it).
    public var metadataRoot: String
    /// Dataset id, e.g. `iemocap` (the folder name under `data/`).
    public var dataset: String
    /// The user's copy of the corpus: what EmoBox expects under `downloads/<dataset>/`.
    public var audioRoot: String
    public var maxUnresolved: UnresolvedLimit

    public init(metadataRoot: String, dataset: String, audioRoot: String, maxUnresolved: UnresolvedLimit = .count(0)) {
        self.metadataRoot = metadataRoot
        self.dataset = dataset
        self.audioRoot = audioRoot
        self.maxUnresolved = maxUnresolved
    }

    /// Characters EmoBox keys may carry that Kaldi tables cannot: white space (ASVP-ESD, RESD) becomes `_`;
    /// a media extension kept in the key (eNTERFACE `.avi`, RESD/TurEV-DB `.wav`, MER2023 `.mp4`) is dropped.
    public static func kaldiId(_ key: String) -> String {
        var id = String(key.map { $0.isWhitespace ? "_" : $0 })
        for ext in [".wav", ".avi", ".mp4", ".flac", ".webm", ".m4a"] where id.lowercased().hasSuffix(ext) {
            id.removeLast(ext.count)
            break
        }
        return id
    }

    /// The dataset folder: `<root>/<ds>` or `<root>/data/<ds>`.
    func datasetFolder() throws -> String {
        let root = resolvePath(metadataRoot, against: "")
        for candidate in [root + "/" + dataset, root + "/data/" + dataset] where isDirectory(candidate) {
            return candidate
        }
        let known = ((try? FileManager.default.contentsOfDirectory(atPath: isDirectory(root + "/data") ? root + "/data" : root)) ?? [])
            .filter { !$0.hasPrefix(".") }.sorted()
        throw CorpusError.unreadable(path: root, reason: "no EmoBox dataset folder '\(dataset)' here or under data/"
                                     + (known.isEmpty ? "" : " (found: \(known.prefix(40).joined(separator: ", ")))"))
    }

    /// `fold_<k>` folder numbers, which must be 1…N.
    func foldNumbers(_ folder: String) throws -> [Int] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter {
            $0.hasPrefix("fold_") && isDirectory(folder + "/" + $0)
        }
        let numbers = names.compactMap { Int($0.dropFirst(5)) }.sorted()
        guard !numbers.isEmpty else {
            throw CorpusError.unreadable(path: folder, reason: "no fold_<k> folders (expected EmoBox's data/<ds>/fold_1 …)")
        }
        guard numbers == Array(1...numbers.count) else {
            throw CorpusError.unreadable(path: folder, reason: "fold folders are not fold_1 … fold_N: "
                                         + numbers.map { "fold_\($0)" }.joined(separator: ", "))
        }
        return numbers
    }

    public func importCorpus() throws -> EmoBoxImport {
        let folder = try datasetFolder()
        let audioRoot = resolvePath(self.audioRoot, against: "")
        guard isDirectory(audioRoot) else {
            throw CorpusError.unreadable(path: audioRoot, reason: "the audio root is not a directory (it should hold "
                                         + "what EmoBox expects under downloads/\(dataset)/)")
        }
        var problems: [CorpusProblem] = []
        var warnings: [String] = []
        var notes: [String] = []
        let (labelMap, labelFile) = try EmoBoxLists.labelMap(in: folder)
        if (labelFile as NSString).lastPathComponent != "label_map.json" {
            notes.append("label map read from \((labelFile as NSString).lastPathComponent)")
        }

        // Fold lists: `<ds>_<part>_fold_<k>` (current), `<ds>_<part>_fold<k>` (legacy EmoDB) as fallback.
        let folds = try foldNumbers(folder)
        var lists: [Int: [EmoBoxPart: [EmoBoxEntry]]] = [:]
        for fold in folds {
            let dir = "\(folder)/fold_\(fold)"
            for part in EmoBoxPart.allCases {
                let current = "\(dir)/\(dataset)_\(part.rawValue)_fold_\(fold)"
                let legacy = "\(dir)/\(dataset)_\(part.rawValue)_fold\(fold)"
                var read: [(file: String, entries: [EmoBoxEntry])] = []
                for candidate in [current + ".jsonl", current + ".json"] where isRegularFile(candidate) {
                    let (entries, found) = try EmoBoxLists.read(candidate)
                    problems += found
                    read.append((candidate, entries))
                }
                let legacyFiles = [legacy + ".jsonl", legacy + ".json"].filter(isRegularFile)
                if read.isEmpty {
                    for candidate in legacyFiles.prefix(1) {
                        let (entries, found) = try EmoBoxLists.read(candidate)
                        problems += found
                        read.append((candidate, entries))
                        notes.append("fold \(fold) \(part.rawValue): read the legacy list \((candidate as NSString).lastPathComponent)")
                    }
                } else if let legacyFile = legacyFiles.first {
                    let (entries, _) = try EmoBoxLists.read(legacyFile)
                    if Set(entries.map(\.key)) != Set(read[0].entries.map(\.key)) {
                        warnings.append("\((legacyFile as NSString).lastPathComponent) (legacy duplicate) holds other keys "
                                        + "than \((read[0].file as NSString).lastPathComponent); the latter is used")
                    }
                }
                guard let chosen = read.first else { continue }
                if read.count == 2, Set(read[0].entries.map(\.key)) != Set(read[1].entries.map(\.key)) {
                    problems.append(CorpusProblem(file: read[1].file, message: "holds other keys than "
                                                  + (read[0].file as NSString).lastPathComponent))
                }
                lists[fold, default: [:]][part] = chosen.entries
            }
            if lists[fold]?[.test] == nil {
                problems.append(CorpusProblem(file: dir, message: "no test list \(dataset)_test_fold_\(fold).jsonl/.json"))
            }
            let extra = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter {
                $0.hasPrefix("\(dataset)_test") && !$0.hasPrefix("\(dataset)_test_fold") && $0.hasSuffix(".jsonl")
            }.sorted()
            if !extra.isEmpty {
                notes.append("fold \(fold): extra lists \(extra.joined(separator: ", ")) belong to no fold "
                             + "(keys only in them get fold 'none')")
            }
        }

        // Full list: `<ds>.jsonl|.json`, or rebuilt from the fold lists (+ STM keys) when not shipped.
        var full: [EmoBoxEntry] = []
        if let file = ["\(folder)/\(dataset).jsonl", "\(folder)/\(dataset).json"].first(where: isRegularFile) {
            let (entries, found) = try EmoBoxLists.read(file)
            problems += found
            full = entries
        }
        let stmFile = folder + "/data.seg.wrd.stm"
        var stm: [String: EmoBoxLists.STMLine] = [:]
        if isRegularFile(stmFile) {
            let (lines, found) = try EmoBoxLists.readSTM(stmFile)
            problems += found
            for line in lines where stm[line.key] == nil { stm[line.key] = line }
        }
        if full.isEmpty {
            var seen = Set<String>()
            for fold in folds {
                for part in EmoBoxPart.allCases {
                    for entry in lists[fold]?[part] ?? [] where seen.insert(entry.key).inserted { full.append(entry) }
                }
            }
            let fromLists = full.count
            let missing = stm.keys.filter { !seen.contains($0) }.sorted()
            if !missing.isEmpty, isRegularFile(folder + "/data.seg.audmap") {
                let audmap = try EmoBoxLists.readAudmap(folder + "/data.seg.audmap", keys: missing)
                for key in missing {
                    guard let line = stm[key], let mapped = audmap[key] else {
                        problems.append(CorpusProblem(file: stmFile, message: "'\(key)' has no path in data.seg.audmap"))
                        continue
                    }
                    full.append(EmoBoxEntry(key: key, wav: mapped.path, emo: line.emotion, channel: line.channel ?? 1,
                                            length: mapped.end > mapped.start ? mapped.end - mapped.start : nil))
                }
            }
            guard !full.isEmpty else {
                throw CorpusError.unreadable(path: folder, reason: "no \(dataset).jsonl/.json and no fold lists")
            }
            notes.append("no \(dataset).jsonl/.json: full list rebuilt from the fold lists (\(fromLists) keys)"
                         + (full.count > fromLists ? " and data.seg.wrd.stm (\(full.count - fromLists) more)" : ""))
        }
        let byKey = Dictionary(full.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })

        // Fold membership and consistency with the full list.
        var testFold: [String: Int] = [:]
        var partOf: [Int: [String: EmoBoxPart]] = [:]
        for fold in folds {
            for part in EmoBoxPart.allCases {
                for entry in lists[fold]?[part] ?? [] {
                    guard let listed = byKey[entry.key] else {
                        problems.append(CorpusProblem(file: "\(folder)/fold_\(fold)",
                                                      message: "\(part.rawValue) key '\(entry.key)' is not in the full list"))
                        continue
                    }
                    if listed.emo != entry.emo {
                        problems.append(CorpusProblem(file: "\(folder)/fold_\(fold)", message: "'\(entry.key)' is '\(entry.emo)' "
                                                      + "in the \(part.rawValue) list but '\(listed.emo)' in the full list"))
                    }
                    if let other = partOf[fold]?[entry.key], other != part {
                        problems.append(CorpusProblem(file: "\(folder)/fold_\(fold)",
                                                      message: "'\(entry.key)' is in both the \(other.rawValue) and the \(part.rawValue) list"))
                    }
                    partOf[fold, default: [:]][entry.key] = part
                    if part == .test {
                        if let previous = testFold[entry.key], previous != fold {
                            problems.append(CorpusProblem(file: "\(folder)/fold_\(fold)",
                                                          message: "'\(entry.key)' is tested in fold \(previous) and fold \(fold)"))
                        }
                        testFold[entry.key] = testFold[entry.key] ?? fold
                    }
                }
            }
        }
        // A train list EmoBox's store lacks (ESD, MEAD: ≥ 4 MiB files) is the rest of the full list.
        for fold in folds where lists[fold]?[.train] == nil && lists[fold]?[.test] != nil {
            let rest = full.filter { partOf[fold]?[$0.key] == nil }
            for entry in rest { partOf[fold, default: [:]][entry.key] = .train }
            notes.append("fold \(fold): no train list; train = the full list minus test and valid (\(rest.count) keys)")
        }
        let inNoFold = full.filter { key in !folds.contains { partOf[$0]?[key.key] != nil } }.count
        if inNoFold > 0 { notes.append("\(inNoFold) keys of the full list are in no fold's train/valid/test list") }

        // Labels: exact map key, else a unique case-insensitive match (EmoDB `neutral` vs `Neutral`).
        var caseFolded: [String: String] = [:]
        var unmapped: [String: Int] = [:]
        for raw in Set(full.map(\.emo)).sorted() where labelMap[raw] == nil {
            let matches = labelMap.keys.filter { $0.lowercased() == raw.lowercased() }
            if matches.count == 1 {
                caseFolded[raw] = matches[0]
                notes.append("raw label '\(raw)' is spelled '\(matches[0])' in \((labelFile as NSString).lastPathComponent); "
                             + "matched case-insensitively → \(labelMap[matches[0]]!)")
            } else {
                unmapped[raw] = full.filter { $0.emo == raw }.count
            }
        }
        for (raw, count) in unmapped.sorted(by: { $0.key < $1.key }) {
            problems.append(CorpusProblem(file: labelFile, message: "raw label '\(raw)' (\(count) keys) has no entry"))
        }
        for raw in Set(full.map(\.emo)) where raw.isEmpty || raw.contains(where: \.isWhitespace) {
            problems.append(CorpusProblem(file: folder, message: "raw label '\(raw)' is empty or has white space"))
        }

        // Speakers from the STM meta (EmoBox's only speaker record; JL-Corpus writes the whole path prefix).
        func speaker(_ key: String) -> String? {
            guard var value = stm[key]?.speaker, !value.isEmpty else { return nil }
            if value.contains("/") { value = (value as NSString).lastPathComponent }
            return String(value.map { $0.isWhitespace ? "_" : $0 })
        }

        // Resolve audio and build items.
        let resolver = EmoBoxAudioResolver(root: audioRoot, dataset: dataset)
        var items: [DataItem] = []
        var unresolved: [EmoBoxUnresolved] = []
        var keys: [String: String] = [:], channels: [String: Int] = [:], durations: [String: Double] = [:]
        var idOf: [String: String] = [:]
        var byName = 0
        for entry in full {
            let id = Self.kaldiId(entry.key)
            if let other = keys[id] {
                problems.append(CorpusProblem(file: folder, message: "keys '\(other)' and '\(entry.key)' both become "
                                              + "utterance id '\(id)'"))
                continue
            }
            let path: String
            switch resolver.resolve(entry.wav) {
            case let .found(found): path = found
            case let .foundByName(found): path = found; byName += 1
            case let .missing(reason):
                unresolved.append(EmoBoxUnresolved(key: entry.key, wav: entry.wav, reason: reason))
                continue
            }
            var recording: String?
            var segment: UtteranceSegment?
            if let start = entry.startTime, let end = entry.endTime {
                let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
                recording = Self.kaldiId(stem.hasPrefix("\(dataset)-") ? stem : "\(dataset)-" + stem)
                if recording == id { recording = id + "-rec" }
                segment = UtteranceSegment(start: start, end: end)
            }
            keys[id] = entry.key
            idOf[entry.key] = id
            channels[id] = entry.channel
            if let length = entry.length { durations[id] = length }
            items.append(DataItem(id: id, audioPath: path, recording: recording, segment: segment, label: entry.emo,
                                  speaker: speaker(entry.key), fold: testFold[entry.key].map(String.init) ?? "none"))
        }
        if items.contains(where: { $0.segment != nil }) && items.contains(where: { $0.segment == nil }) {
            problems.append(CorpusProblem(file: folder, message: "some keys have start_time/end_time and others not"))
        }
        if byName > 0 {
            notes.append("\(byName) keys found by file name in another folder than the list's (a re-packed copy)")
        }
        var splits: [Int: [String: EmoBoxPart]] = [:]
        for (fold, parts) in partOf {
            for (key, part) in parts { if let id = idOf[key] { splits[fold, default: [:]][id] = part } }
        }

        // Counts per fold, part and EmoBox label: listed vs resolved.
        var counts: [EmoBoxCount] = []
        for fold in folds {
            for part in EmoBoxPart.allCases {
                guard let entries = lists[fold]?[part] else { continue }
                var cells: [String: (Int, Int)] = [:]
                for entry in entries {
                    let label = labelMap[entry.emo] ?? caseFolded[entry.emo].flatMap { labelMap[$0] } ?? entry.emo
                    var cell = cells[label] ?? (0, 0)
                    cell.0 += 1
                    if idOf[entry.key] != nil { cell.1 += 1 }
                    cells[label] = cell
                }
                counts += cells.sorted { $0.key < $1.key }.map {
                    EmoBoxCount(fold: fold, part: part, label: $0.key, listed: $0.value.0, resolved: $0.value.1)
                }
            }
        }
        if let known = EmoBoxCatalog.dataset(dataset) {
            if known.folds != folds.count {
                warnings.append("\(folds.count) folds, EmoBox's \(known.name) has \(known.folds)")
            } else {
                for fold in folds {
                    let listed = lists[fold]?[.test]?.count ?? 0
                    if listed != known.testPerFold[fold - 1] {
                        warnings.append("fold \(fold) test list has \(listed) keys, EmoBox's has \(known.testPerFold[fold - 1])")
                    }
                }
            }
            if let utterances = known.utterances, full.count != utterances {
                warnings.append("the full list has \(full.count) keys, EmoBox's \(known.name) has \(utterances)")
            }
            if let valid = known.valid, let listed = lists[1]?[.valid]?.count, listed != valid {
                warnings.append("the valid list has \(listed) keys, EmoBox's has \(valid)")
            }
        } else {
            notes.append("'\(dataset)' is not one of EmoBox's 32 datasets; list sizes not checked")
        }
        if !unresolved.isEmpty {
            notes.append("\(unresolved.count) of \(full.count) keys have no audio under \(audioRoot) "
                         + "(EmoBox drops such keys silently; they are listed)")
            if !maxUnresolved.allows(unresolved.count, of: full.count) {
                let listed = unresolved.prefix(50).map {
                    CorpusProblem(file: audioRoot, message: "'\($0.key)': \($0.reason)")
                }
                throw CorpusError.importFailed(
                    corpus: "EmoBox \(dataset)", root: audioRoot,
                    problems: listed + [CorpusProblem(
                        file: audioRoot, message: "\(unresolved.count) of \(full.count) keys unresolved, more than "
                            + "--max-unresolved \(maxUnresolved.description) allows"
                            + (unresolved.count > 50 ? " (first 50 listed)" : ""))])
            }
        }
        notes.insert("EmoBox \(dataset): \(full.count) keys, \(folds.count) fold\(folds.count == 1 ? "" : "s"), "
                     + "\(items.count) resolved", at: 0)
        let result = ImportResult(corpus: "EmoBox \(dataset)", root: audioRoot, items: items, problems: problems,
                                  warnings: warnings, notes: notes)
        return EmoBoxImport(result: result, dataset: dataset, folds: folds.count, labelMap: labelMap,
                            caseFoldedLabels: caseFolded, emoboxKeys: keys, channels: channels, durations: durations,
                            splits: splits, counts: counts, unresolved: unresolved, resolvedByName: byName)
    }
}
