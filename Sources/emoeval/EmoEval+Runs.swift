// `emoeval runs`: list the runs of a result database.
import ArgumentParser
import EmoRunner
import EmoStore
import Foundation

extension EmoEval {
    struct Runs: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "runs",
            abstract: "List the runs of a result database: status, utterances done, failures, duration.",
            discussion: """
            Status: complete (every utterance has a prediction or a failure), incomplete (stopped early, \
            a shard, or --limit; resumable), running (in progress, or its process was killed), aborted \
            (stopped by --max-failures).
            """)

        @Option(help: "Result database.")
        var db: String

        func run() throws {
            guard FileManager.default.fileExists(atPath: db) else {
                throw RunnerError.missingDatabase(path: db)
            }
            let store = try EvalStore(path: db)
            print(RunListing.render(try store.runOverviews()), terminator: "")
        }
    }
}
