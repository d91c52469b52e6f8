// `emoeval prepare CORPUS ROOT OUT`: import a corpus release tree into a Kaldi-style data directory.
import ArgumentParser
import EmoCorpus
import Foundation

extension CorpusKind: ExpressibleByArgument {}
extension IEMOCAPSet: ExpressibleByArgument {}
extension MSPPodcastSplit: ExpressibleByArgument {}

/// What `prepare` imports: a release layout, or EmoBox's lists for one of its datasets.
enum PrepareKind: ExpressibleByArgument, Equatable {
    case release(CorpusKind)
    case emobox

    init?(argument: String) {
        if argument == "emobox" { self = .emobox } else if let kind = CorpusKind(rawValue: argument) {
            self = .release(kind)
        } else { return nil }
    }

    static var allValueStrings: [String] { CorpusKind.allCases.map(\.rawValue) + ["emobox"] }
}

extension EmoEval {
    struct Prepare: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "prepare",
            abstract: "Import a corpus release (IEMOCAP, RAVDESS, CREMA-D, EmoDB, MSP-Podcast) or EmoBox's folds into a Kaldi-style data directory.",
            usage: """
            emoeval prepare <corpus> <root> <out> [--set <set>] [--split <split>] [--allow-problems]
            emoeval prepare emobox <emobox-data-dir> <dataset> <audio-root> <out> [--max-unresolved <n|n%>] [--allow-problems]
            """,
            discussion: """
            Writes OUT/wav.scp, OUT/utt2emo (raw labels: IEMOCAP's exc stays exc, the recipe maps it), \
            OUT/utt2spk and, for IEMOCAP, OUT/utt2session and OUT/utt2style. Labels, speakers and sessions \
            come from the release's own files and file names. On a complete IEMOCAP release the counts are \
            checked against the published ones (standard set: 1085/1023/1151/1031/1241 per session; \
            neu 1708, hap+exc 1636, ang 1103, sad 1084) and every difference is printed as a WARNING. \
            IEMOCAP also gets OUT/utt2valence, OUT/utt2arousal, OUT/utt2dominance (the evaluators' mean \
            [V, A, D], 1–5).

            MSP-Podcast (Audios/ + Labels/labels_consensus.csv): utt2emo holds the class names (A angry, S sad, \
            H happy, U surprise, F fear, D disgust, C contempt, N neutral, O other, X no-agreement); \
            utt2arousal/utt2valence/utt2dominance the 1–7 means (EmoAct/EmoVal/EmoDom); utt2spk msp<SpkrID> \
            (SpkrID Unknown: one speaker per utterance, unknown_<utt>); utt2gender; utt2split. Per-split row \
            counts are printed and, for a release recognised by its row count (1.11, Odyssey 2024), checked \
            against its published totals.

            Malformed or missing input is listed with file and line; nothing is written unless \
            --allow-problems is given (then the exit status is \(ExitStatus.itemFailures.rawValue)).

            emobox: reads EmoBox's metadata for DATASET (EMOBOX_DATA_DIR = EmoBox's data/ folder or its \
            checkout): the full list, fold_<k> train/valid/test lists (jsonl or json, both schemas), the label \
            map and data.seg.wrd.stm (speakers). Every downloads/<dataset>/... path is looked up under \
            AUDIO_ROOT by its relative path, then by file name (NFC-normalised, preferring matching folders). \
            Writes utt2emo (raw labels), utt2fold (test fold, 'none' for keys in no test list), \
            utt2split.<k> (train|valid|test|none), utt2emobox (original key), utt2channel (EmoBox's 1-based \
            channel), utt2dur (list length), segments (PAVOQUE) and utt2spk; prints counts per fold and class \
            against the lists; lists every unresolved key (and writes them to OUT/unresolved) and fails when \
            there are more than --max-unresolved (default 0).
            """
        )

        @Argument(help: "Corpus release layout, or emobox.")
        var corpus: PrepareKind

        @Argument(help: ArgumentHelp("ROOT OUT (release), or EMOBOX_DATA_DIR DATASET AUDIO_ROOT OUT (emobox).",
                                     valueName: "paths"))
        var paths: [String] = []

        @Option(help: "emobox only: unresolved keys allowed before failing, a count (N) or a share of the full list (N%).")
        var maxUnresolved: String?

        @Option(help: """
            IEMOCAP only: standard (4-class set, 5531), improvised (its improvised dialogs), full (every \
            label, including xxx). Default: standard.
            """)
        var set: IEMOCAPSet?

        @Option(help: "MSP-Podcast only: the Split_Set partition to import (v1.8's Validation = development). Default: all.")
        var split: MSPPodcastSplit?

        @Flag(help: "Write the data directory even when some input was malformed or missing (those items are left out).")
        var allowProblems = false

        func validate() throws {
            if set != nil && corpus != .release(.iemocap) { throw ValidationError("--set applies to iemocap only") }
            if split != nil && corpus != .release(.mspPodcast) {
                throw ValidationError("--split applies to msp-podcast only")
            }
            switch corpus {
            case .release:
                guard paths.count == 2 else { throw ValidationError("expected ROOT OUT, got \(paths.count) path(s)") }
                if maxUnresolved != nil { throw ValidationError("--max-unresolved applies to emobox only") }
            case .emobox:
                guard paths.count == 4 else {
                    throw ValidationError("expected EMOBOX_DATA_DIR DATASET AUDIO_ROOT OUT, got \(paths.count) path(s)")
                }
                if let maxUnresolved, UnresolvedLimit(maxUnresolved) == nil {
                    throw ValidationError("--max-unresolved must be a count (e.g. 3) or a percentage (e.g. 1%)")
                }
            }
        }

        func run() throws {
            guard case let .release(kind) = corpus else { return try runEmoBox() }
            let out = paths[1]
            let result = try kind.importCorpus(root: paths[0], iemocapSet: set ?? .standard, mspSplit: split ?? .all)
            let stderr = FileHandle.standardError
            for problem in result.problems { stderr.write(Data("problem: \(problem)\n".utf8)) }
            if !result.warnings.isEmpty {
                let banner = String(repeating: "!", count: 72)
                let text = ([banner, "WARNING: \(result.corpus) counts differ from the published ones:"]
                            + result.warnings.map { "WARNING:   \($0)" } + [banner]).joined(separator: "\n")
                stderr.write(Data((text + "\n").utf8))
            }
            if !result.problems.isEmpty && !allowProblems {
                throw CorpusError.importFailed(corpus: result.corpus, root: result.root, problems: result.problems)
            }
            try result.write(to: out)
            for note in result.notes { print(note) }
            print("labels: " + result.labelCounts.map { "\($0.label) \($0.count)" }.joined(separator: ", "))
            print("wrote \(result.items.count) utterances to \(out)")
            if !result.problems.isEmpty { throw ExitStatus.itemFailures.code }
        }

        /// `prepare emobox EMOBOX_DATA_DIR DATASET AUDIO_ROOT OUT`.
        private func runEmoBox() throws {
            let out = paths[3]
            let limit = maxUnresolved.flatMap(UnresolvedLimit.init) ?? .count(0)
            let imported = try EmoBoxImporter(metadataRoot: paths[0], dataset: paths[1], audioRoot: paths[2],
                                              maxUnresolved: limit).importCorpus()
            let result = imported.result
            let stderr = FileHandle.standardError
            for problem in result.problems { stderr.write(Data("problem: \(problem)\n".utf8)) }
            for missing in imported.unresolved {
                stderr.write(Data("unresolved: \(missing.key) (\(missing.wav)): \(missing.reason)\n".utf8))
            }
            if !result.warnings.isEmpty {
                let banner = String(repeating: "!", count: 72)
                let text = ([banner, "WARNING: \(result.corpus) lists differ from EmoBox's published sizes:"]
                            + result.warnings.map { "WARNING:   \($0)" } + [banner]).joined(separator: "\n")
                stderr.write(Data((text + "\n").utf8))
            }
            if !result.problems.isEmpty && !allowProblems {
                throw CorpusError.importFailed(corpus: result.corpus, root: result.root, problems: result.problems)
            }
            try imported.write(to: out)
            for note in result.notes { print(note) }
            for line in imported.renderCounts() { print(line) }
            let mapped = result.labelCounts.map { "\($0.label)→\(imported.mapped($0.label) ?? "?") \($0.count)" }
            print("labels: " + mapped.joined(separator: ", "))
            print("wrote \(result.items.count) utterances to \(out)"
                  + (imported.unresolved.isEmpty ? "" : " (\(imported.unresolved.count) unresolved keys left out, "
                     + "listed in \(out)/unresolved)"))
            if !result.problems.isEmpty || !imported.unresolved.isEmpty { throw ExitStatus.itemFailures.code }
        }
    }
}
