// `emoeval prepare CORPUS ROOT OUT`: import a corpus release tree into a Kaldi-style data directory.
import ArgumentParser
import EmoAudio
import EmoCorpus
import Foundation

extension CorpusKind: ExpressibleByArgument {}
extension IEMOCAPSet: ExpressibleByArgument {}
extension MSPPodcastSplit: ExpressibleByArgument {}
extension MELDChannelPolicy: ExpressibleByArgument {}

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
            abstract: "Import a corpus release (IEMOCAP, RAVDESS, CREMA-D, EmoDB, MSP-Podcast, EMOVO, SAVEE, TESS, ESD, MELD, JL-Corpus, CASIA, ShEMO, SUBESCO) or EmoBox's folds into a Kaldi-style data directory.",
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

            ESD (<spk>/<Emotion>/<train|evaluation|test>/<spk>_<nnnnnn>.wav; flattened copies without the split \
            folders get the split from the index rule: in each block of 350, 20 evaluation, 30 test, 300 train): \
            utt2emo from the emotion folder, utt2split, utt2gender (the ReadMe's table), utt2language. \
            MELD ({train,dev,test}_sent_emo.csv; clips dia<D>_utt<U>.mp4 in train_splits/, dev_splits_complete/, \
            output_repeated_splits_test/, found up to three folders down): ids meld_<split>_dia<D>_utt<U>, utt2emo \
            (Emotion), utt2spk (Speaker, spaces → _), utt2split, utt2dialogue, utt2sentiment, utt2channel (see \
            --meld-channel); no utt2gender (the release names speakers, it gives no genders). The two clips known \
            to be broken (train dia125_utt3, dev dia110_utt7) are left out when missing, with a note. Counts: \
            9989/1109/2610 rows and per emotion per split (MELD README).
            JL-Corpus (the JL(wav+txt) folder): label, speaker and gender from the file name, utt2emotion_set \
            (primary|secondary). For ESD, MELD and JL-Corpus the counts are checked against the release \
            (ESD 35000, 350 per speaker and emotion, 20/30/300 per split; JL-Corpus 2400, 240 per emotion, 600 \
            per speaker): a difference is an error naming expected and found, and nothing is written unless \
            --allow-count-mismatch is given.
            CASIA (<speaker>/<emotion>/<nnn>.wav or a flat re-pack; speaker, emotion and number read from the \
            path, case-insensitive, NFC): utt2emo angry|fear|happy|neutral|sad|surprise, utt2spk (EmoBox's \
            spelling, liuchanhg); no utt2gender (the package does not state it); 1200 files, 300 per speaker, \
            200 per emotion. ShEMO (male/, female/ <G><ss><E><nn>.wav; checked against shemo.json when it is in \
            ROOT or its parent): utt2emo as shemo.json spells it (angry fearful happy neutral sad surprised), \
            utt2spk F21|M21, utt2gender from the G letter; 3000 files, per emotion and gender as in shemo.json, \
            87 speakers. SUBESCO (<G>_<ss>_<NAME>_S_<sentence>_<EMOTION>_<take>.wav; the release's `3]` take \
            read as 3): utt2emo lower-cased, utt2spk F_02, utt2gender from G; 7000 files, 350 per speaker, 1000 \
            per emotion. For these, a count difference is an error naming expected and found, and nothing is \
            written unless --allow-count-mismatch is given.

            Malformed or missing input is listed with file and line; nothing is written unless \
            --allow-problems is given (then the exit status is \(ExitStatus.itemFailures.rawValue)).

            emobox: reads EmoBox's metadata for DATASET (EMOBOX_DATA_DIR = EmoBox's data/ folder or its \
            checkout): the full list, fold_<k> train/valid/test lists (jsonl or json, both schemas), the label \
            map and data.seg.wrd.stm (speakers). Every downloads/<dataset>/... path is looked up under \
            AUDIO_ROOT by its relative path, then by file name (NFC-normalised, preferring matching folders; \
            eNTERFACE: never from another subject's folder, and subject 11's s12_* files are also found renamed \
            s11_*). \
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

        @Option(help: """
            MELD only: emobox writes utt2channel as EmoBox chooses (channel 3, front centre, of 5.1 clips; 1 of \
            stereo ones; each clip's header is read through FFmpeg); mean writes none (runs use the channel mean). \
            Default: emobox.
            """)
        var meldChannel: MELDChannelPolicy?

        @Flag(help: "Write the data directory even when some input was malformed or missing (those items are left out).")
        var allowProblems = false

        @Flag(help: "ESD, MELD, JL-Corpus, CASIA, ShEMO, SUBESCO: write the data directory even when the counts differ from the release's published ones.")
        var allowCountMismatch = false

        func validate() throws {
            if set != nil && corpus != .release(.iemocap) { throw ValidationError("--set applies to iemocap only") }
            if meldChannel != nil && corpus != .release(.meld) { throw ValidationError("--meld-channel applies to meld only") }
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
            let policy = meldChannel ?? .emobox
            if kind == .meld && policy == .emobox {
                let ffmpeg = ffmpegAvailability()
                guard ffmpeg.available else {
                    throw ValidationError("MELD's clips are mp4: reading their channel counts (--meld-channel emobox) "
                                          + "and decoding them needs FFmpeg: \(ffmpeg.reason)")
                }
            }
            let result = try kind.importCorpus(root: paths[0], iemocapSet: set ?? .standard, mspSplit: split ?? .all,
                                               meldChannel: policy, channelCount: { try audioChannelCount(path: $0) })
            let stderr = FileHandle.standardError
            for problem in result.problems { stderr.write(Data("problem: \(problem)\n".utf8)) }
            if !result.warnings.isEmpty {
                let banner = String(repeating: "!", count: 72)
                let text = ([banner, "WARNING: \(result.corpus) counts differ from the published ones:"]
                            + result.warnings.map { "WARNING:   \($0)" } + [banner]).joined(separator: "\n")
                stderr.write(Data((text + "\n").utf8))
            }
            if !result.countMismatches.isEmpty {
                let level = allowCountMismatch ? "WARNING" : "Error"
                let text = ["\(level): \(result.corpus) at \(result.root): counts differ from the release (expected vs found):"]
                    + result.countMismatches.map { "\(level):   \($0)" }
                stderr.write(Data((text.joined(separator: "\n") + "\n").utf8))
            }
            if !result.problems.isEmpty && !allowProblems {
                throw CorpusError.importFailed(corpus: result.corpus, root: result.root, problems: result.problems)
            }
            if !result.countMismatches.isEmpty && !allowCountMismatch {
                stderr.write(Data(("Error: nothing written to \(out); pass --allow-count-mismatch to import a partial "
                                   + "or modified release anyway.\n").utf8))
                throw ExitCode.failure
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
