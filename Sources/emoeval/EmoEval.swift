// The `emoeval` command line: thin commands that call the library modules.
import ArgumentParser
import EmoRunner

@main
struct EmoEval: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emoeval",
        abstract: "Evaluate speech emotion recognition models over whole corpora, natively.",
        discussion: """
        Exit status: 0 success; 1 error; 64 usage error; \(ExitStatus.itemFailures.rawValue) finished, \
        but some utterances or files failed (they are listed and, for `run`, stored as failures).
        """,
        version: EmoEvalVersion.string,
        subcommands: [
            Info.self, AudioInfo.self, Inspect.self, Classify.self, Bench.self,
            Prepare.self, Validate.self, Run.self, Runs.self, Export.self, Merge.self,
            Report.self, Compare.self, Probe.self, EmoBoxSummaryCommand.self, Serve.self,
        ]
    )
}

/// Documented exit statuses beyond ArgumentParser's own.
enum ExitStatus: Int32 {
    /// The command finished, but some items (files, utterances) failed.
    case itemFailures = 3

    var code: ExitCode { ExitCode(rawValue) }
}
