// CASIA (Chinese emotional speech, the public 1 200-file subset; docs/specs/corpora.md §5) → data-directory items.
// The circulating copies differ: `<speaker>/<emotion>/<nnn>.wav` (EmoBox's), capitalised folders
// (`ZhaoZuoxiang`), flat `<nnn>-<emotion>-<speaker>.wav`, `相同文本300_<speaker>_<emotion>_<nnn>.wav`,
// and `Chang.Liu`-style speaker spellings. Speaker, emotion and number are therefore read as tokens of the
// whole relative path (NFC, case-insensitive), wherever they are.
import Foundation

/// Reads a CASIA copy: 4 speakers × 6 emotions × 50 files (numbers 201–250) = 1 200.
public struct CASIAImporter: Sendable {
    /// Folder holding the copy (any of the layouts above, nested at any depth).
    public var root: String

    public init(root: String) { self.root = root }

    /// Speaker spellings seen in circulating copies (lower case) → the speaker id EmoBox's lists use
    /// (`liuchanhg` is the release's own misspelling, kept so speaker names match EmoBox's folds).
    public static let speakerAliases: [String: String] = [
        "liuchanhg": "liuchanhg", "liuchang": "liuchanhg", "chang.liu": "liuchanhg",
        "wangzhe": "wangzhe", "zhe.wang": "wangzhe",
        "zhaoquanyin": "zhaoquanyin", "quanyin.zhao": "zhaoquanyin",
        "zhaozuoxiang": "zhaozuoxiang", "zuoxiang.zhao": "zhaozuoxiang",
    ]
    /// Emotion folder / token names as the release spells them; utt2emo keeps them (EmoBox's raw labels,
    /// which `Recipes/emobox/casia.yaml` maps to Angry, Fear, ...).
    public static let emotions = ["angry", "fear", "happy", "neutral", "sad", "surprise"]
    /// The public subset's counts: 1 200 files, 300 per speaker, 200 per emotion (EmoBox's copy, verified
    /// in docs/specs/emobox-protocol.md §4.2; 50 per speaker and emotion).
    public static let releaseCount = 1200
    public static let perSpeaker = 300
    public static let perEmotion = 200

    public func importCorpus() throws -> ImportResult {
        let root = resolvePath(self.root, against: "")
        let files = wavFilesRecursively(root)
        guard !files.isEmpty else {
            throw CorpusError.unreadable(path: root, reason: "no .wav files (expected the CASIA layout "
                                         + "<speaker>/<emotion>/<nnn>.wav, or flat names holding speaker, emotion and number)")
        }
        var items: [DataItem] = [], problems = undecodableNameProblems(root: root)
        var firstPath: [String: String] = [:]
        for relative in files {
            let path = root + "/" + relative
            let name = ReleaseName(relative: relative)
            var why = name.encodingProblems
            let tokens = name.tokens
            let speakers = Set(tokens.compactMap { Self.speakerAliases[$0] })
            let emotions = Set(tokens.filter { Self.emotions.contains($0) })
            let numbers = name.stemTokens.filter { !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
            if speakers.isEmpty {
                why.append("no CASIA speaker (liuchanhg, wangzhe, zhaoquanyin, zhaozuoxiang) in the path")
            } else if speakers.count > 1 {
                why.append("several speakers in the path (\(speakers.sorted().joined(separator: ", ")))")
            }
            if emotions.isEmpty {
                why.append("no emotion (\(Self.emotions.joined(separator: ", "))) in the path")
            } else if emotions.count > 1 {
                why.append("several emotions in the path (\(emotions.sorted().joined(separator: ", ")))")
            }
            if numbers.count != 1 { why.append("the file name does not hold exactly one utterance number") }
            guard let label = checkedLabel(emotions.count == 1 ? emotions.first : nil, path: path, why: why,
                                           problems: &problems),
                  let speaker = speakers.first, let number = numbers.first else { continue }
            // The number is shared by every speaker and emotion, so the id needs all three (EmoBox:
            // casia-<nnn>-<speaker>-<emotion>).
            let id = "casia_\(speaker)_\(label)_\(number)"
            if let first = firstPath[id] {
                problems.append(CorpusProblem(file: path, message: "same speaker, emotion and number as \(first)"))
                continue
            }
            firstPath[id] = path
            // No gender: the public package does not state the speakers' genders (docs/specs/corpora.md §5, open question).
            items.append(DataItem(id: id, audioPath: path, label: label, speaker: speaker))
        }
        var mismatches = ReleaseCounts.compareTotal(items.count, expected: Self.releaseCount)
        mismatches += ReleaseCounts.compare(ReleaseCounts.tally(items) { $0.speaker },
                                            expected: Dictionary(uniqueKeysWithValues: Set(Self.speakerAliases.values)
                                                .map { ($0, Self.perSpeaker) }), what: "speaker")
        mismatches += ReleaseCounts.compare(ReleaseCounts.tally(items) { $0.label },
                                            expected: Dictionary(uniqueKeysWithValues: Self.emotions
                                                .map { ($0, Self.perEmotion) }), what: "emotion")
        var result = ImportResult(corpus: "CASIA", root: root, items: items, problems: problems, notes: [
            "\(Set(items.compactMap(\.speaker)).count) speakers, \(items.count) files",
            "no utt2gender: the CASIA package does not state its speakers' genders",
        ])
        result.countMismatches = mismatches
        return result
    }
}
