// `emoeval runs`: list the runs of one result database, or the per-shard progress of several.
import ArgumentParser
import EmoRunner
import EmoStore
import Foundation

extension EmoEval {
    struct Runs: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "runs",
            abstract: "List the runs of result databases: status, utterances done, failures, duration.",
            discussion: """
            Status: complete (every utterance has a prediction or a failure), incomplete (stopped early, \
            a shard, or --limit; resumable), running (in progress, or its process was killed), aborted \
            (stopped by --max-failures).

            With several databases, or one whose runs are shards (e.g. `emoeval runs shards/*.sqlite` while \
            a Slurm array runs), each line is one run in one database: its shard, how much of the shard's \
            share is done, the latest session's status, Slurm job and node; a total line per run follows.
            """)

        @Option(help: "Result database (repeatable).")
        var db: [String] = []

        @Argument(help: "More result databases.")
        var databases: [String] = []

        func validate() throws {
            guard !(db + databases).isEmpty else { throw ValidationError("give a database: --db PATH or PATH...") }
        }

        func run() throws {
            let paths = db + databases
            for path in paths where !FileManager.default.fileExists(atPath: path) {
                throw RunnerError.missingDatabase(path: path)
            }
            let entries = try paths.flatMap { try ShardProgress.read(try EvalStore(path: $0, readOnly: true), database: $0) }
            if paths.count == 1 && entries.allSatisfy({ $0.shard == nil }) {
                print(RunListing.render(entries.map(\.overview)), terminator: "")
            } else {
                print(RunListing.renderShards(entries), terminator: "")
            }
        }
    }
}
