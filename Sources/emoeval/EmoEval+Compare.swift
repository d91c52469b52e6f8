// `emoeval compare RECIPE`: several runs side by side with pairwise McNemar tests and ΔUA/ΔWA intervals.

import ArgumentParser
import EmoEvaluation
import EmoReport
import EmoRunner
import Foundation

extension EmoEval {
    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "compare",
            abstract: "Compare a recipe's runs: metrics, per-class recall deltas, McNemar p-values, agreement.",
            discussion: """
            Runs are paired on the utterances both scored. For every pair: the exact McNemar test \
            (two-sided binomial on the discordant utterances) and paired-bootstrap 95 % intervals of \
            ΔWA and ΔUA (second − first; speakers resampled when known). Also the agreement matrix: \
            how often two runs predict the same class.
            """
        )

        @OptionGroup var evaluation: EvaluationOptions

        @Option(name: .shortAndLong, help: "Write the markdown to this file instead of printing it ('-': stdout; a symlink is followed, a FIFO or device written into).")
        var output: String?

        @Flag(help: "Print the figures and comparisons as one JSON object.")
        var json = false

        func run() throws {
            let input = try evaluation.evaluate().comparisonInput(generated: reportDateLine(),
                                                                  toolkitVersion: EmoEvalVersion.string)
            let text = json ? try encodeJSON(ComparisonJSON(input)) : renderComparison(input)
            if case .standardOutput = try writeOutput(text, to: output ?? "-") { return }
            print("wrote \(output ?? "-")")
        }
    }
}
