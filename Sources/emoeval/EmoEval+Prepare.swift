// `emoeval prepare CORPUS ROOT OUT`: import a corpus release tree into a Kaldi-style data directory.
import ArgumentParser
import EmoCorpus
import Foundation

extension CorpusKind: ExpressibleByArgument {}
extension IEMOCAPSet: ExpressibleByArgument {}

extension EmoEval {
    struct Prepare: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "prepare",
            abstract: "Import a corpus release (IEMOCAP, RAVDESS, CREMA-D, EmoDB) into a Kaldi-style data directory.",
            discussion: """
            Writes OUT/wav.scp, OUT/utt2emo (raw labels: IEMOCAP's exc stays exc, the recipe maps it), \
            OUT/utt2spk and, for IEMOCAP, OUT/utt2session and OUT/utt2style. Labels, speakers and sessions \
            come from the release's own files and file names. On a complete IEMOCAP release the counts are \
            checked against the published ones (standard set: 1085/1023/1151/1031/1241 per session; \
            neu 1708, hap+exc 1636, ang 1103, sad 1084) and every difference is printed as a WARNING.

            Malformed or missing input is listed with file and line; nothing is written unless \
            --allow-problems is given (then the exit status is \(ExitStatus.itemFailures.rawValue)).
            """
        )

        @Argument(help: "Corpus release layout.")
        var corpus: CorpusKind

        @Argument(help: "Root of the release tree (e.g. IEMOCAP_full_release).")
        var root: String

        @Argument(help: "Data directory to write.")
        var out: String

        @Option(help: """
            IEMOCAP only: standard (4-class set, 5531), improvised (its improvised dialogs), full (every \
            label, including xxx). Default: standard.
            """)
        var set: IEMOCAPSet?

        @Flag(help: "Write the data directory even when some input was malformed or missing (those items are left out).")
        var allowProblems = false

        func validate() throws {
            if set != nil && corpus != .iemocap { throw ValidationError("--set applies to iemocap only") }
        }

        func run() throws {
            let result = try corpus.importCorpus(root: root, iemocapSet: set ?? .standard)
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
    }
}
