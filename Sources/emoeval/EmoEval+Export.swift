// `emoeval export`: per-utterance predictions (or failures) as CSV or JSON Lines.
import ArgumentParser
import EmoRunner
import EmoStore
import Foundation

extension EmoEval {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Export per-utterance predictions (all scores, top label, timings) as CSV or JSON Lines.")

        @Option(help: "Result database.")
        var db: String

        @Option(name: .customLong("run"), help: "Run id to export (repeatable; default: every run).")
        var runs: [Int64] = []

        @Option(help: "Output format.")
        var format: ExportFormat = .csv

        @Flag(help: "Export the failures (utterance, kind, message) instead of the predictions.")
        var failures = false

        @Option(name: .shortAndLong, help: "Output file; '-' is stdout (default). A symlink is followed, a FIFO or device written into.")
        var output: String?

        func run() throws {
            guard FileManager.default.fileExists(atPath: db) else {
                throw RunnerError.missingDatabase(path: db)
            }
            let store = try EvalStore(path: db, readOnly: true)
            let all = try store.runOverviews()
            for id in runs where !all.contains(where: { $0.run.id == id }) {
                throw ValidationError("\(db): there is no run \(id) (see `emoeval runs --db \(db)`)")
            }
            let selected = runs.isEmpty ? all : all.filter { runs.contains($0.run.id) }
            let exporter = PredictionExporter(format: format)
            let text = failures
                ? exporter.failures(try selected.map { ($0, try store.failures(runId: $0.run.id)) })
                : exporter.predictions(try selected.map { ($0, try store.predictions(runId: $0.run.id)) })
            try writeOutput(text, to: output ?? "-")
        }
    }
}

extension ExportFormat: ExpressibleByArgument {}
