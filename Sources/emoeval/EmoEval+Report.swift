// `emoeval report RECIPE`: metrics of a recipe's stored runs as markdown (+ SVG heat maps) or JSON.

import ArgumentParser
import EmoEvaluation
import EmoReport
import EmoRunner
import Foundation

extension EmoEval {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "Write a markdown report (or print JSON) of a recipe's runs from the result database.",
            discussion: """
            Applies each model family's label map and decoding policy from the recipe to the stored \
            scores (so a policy can change without re-inference), then computes WA, UA, macro-F1, \
            weighted-F1, per-class figures and confusion matrices, per fold and pooled, with bootstrap \
            95 % intervals (speakers resampled when known). The report lists provenance, contamination \
            warnings, the recipe's published figures and failures; then, per run, calibration (ECE, MCE, \
            Brier, NLL, reliability diagram), results by gender (utt2gender) and by each utt2<group> the \
            recipe names under groups:, by duration band and per speaker. Confusion heat maps and \
            reliability diagrams are written as SVG next to it. Output is identical for a fixed database \
            except for one date line.
            """
        )

        @OptionGroup var evaluation: EvaluationOptions

        @Option(name: .shortAndLong, help: "Report file; '-' prints the markdown (default: Reports/<recipe name>.md).")
        var output: String?

        @Flag(help: "Print the figures as one JSON object on stdout instead of writing markdown.")
        var json = false

        func run() throws {
            let stored = try evaluation.evaluate()
            let path = output ?? "Reports/\(stored.recipe.name).md"
            let prefix = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            let input = stored.reportInput(generated: reportDateLine(), toolkitVersion: EmoEvalVersion.string,
                                           figurePrefix: path == "-" ? stored.recipe.name : prefix)
            if json {
                print(try encodeJSON(ReportJSON(input)), terminator: "")
                return
            }
            let rendered = renderReport(input)
            if path == "-" {
                print(rendered.markdown, terminator: "")
                return
            }
            // Heat maps go next to a regular report file (next to the link when -o is a symlink); a report
            // written into a FIFO or device has none (there is no folder to put them in).
            guard case .regularFile = try writeOutput(rendered.markdown, to: path) else {
                printSummary(input, path: path, figures: 0)
                return
            }
            let directory = (path as NSString).deletingLastPathComponent
            for figure in rendered.figures {
                let figurePath = directory.isEmpty ? figure.name : "\(directory)/\(figure.name)"
                try writeOutput(figure.svg, to: figurePath)
            }
            printSummary(input, path: path, figures: rendered.figures.count)
        }

        /// One line per run on stdout, so the command shows its headline numbers.
        private func printSummary(_ input: ReportInput, path: String, figures: Int) {
            for run in input.runs {
                let m = run.metrics.pooled
                print("\(run.name) \(run.model.variant) [\(run.policy.rawValue)]: N=\(m.count) "
                    + String(format: "WA %.2f  UA %.2f  macro-F1 %.2f  weighted-F1 %.2f", m.wa * 100, m.ua * 100,
                             m.macroF1 * 100, m.weightedF1 * 100)
                    + (run.failures.total > 0 ? "  (\(run.failures.total) failed)" : ""))
            }
            for run in input.dimensionalRuns {
                let figures = run.dimensions.map { d in
                    "\(d.dimension) CCC " + (d.pooled.ccc.map { String(format: "%.3f", $0) } ?? "undefined")
                }
                print("\(run.name) \(run.model.variant) [dimensions]: N=\(run.dimensions.map(\.pooled.count).max() ?? 0) "
                    + figures.joined(separator: "  "))
            }
            print("wrote \(path) and \(figures) SVG figure\(figures == 1 ? "" : "s")")
        }
    }
}
