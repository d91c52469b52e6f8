// `emoeval run RECIPE`: infer every utterance of a recipe with every model into the result database.
import EmoKernels
import ArgumentParser
import Dispatch
import EmoCorpus
import EmoRunner
import EmoStore
import Foundation

extension EmoEval {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Infer every utterance of a recipe with each model and store all scores in SQLite.",
            discussion: """
            Every model's full score vector is stored per utterance; label policies and metrics are applied \
            later (`emoeval report`). A run is identified by the corpus audio set, the model checkpoint's \
            sha256 and the options (--embeddings, --frames): running the same command again resumes it and \
            skips what is stored. Results are committed in batches; a killed process loses at most the \
            uncommitted batch. Ctrl-C (SIGINT) and SIGTERM commit what is done and print how to resume.

            Exit status: 0 done; 1 error (or stopped by --max-failures); \(ExitStatus.itemFailures.rawValue) \
            done, but the run has failed utterances (stored as failures, also when stored by an earlier \
            invocation; see `emoeval export --failures`); \
            130 / 143 interrupted by SIGINT / SIGTERM (resume by running the same command).
            """)

        @Argument(help: "Recipe file (YAML), e.g. Recipes/demo.yaml.")
        var recipe: String

        @Option(name: .customLong("model"),
                help: "Model directory (repeatable; default: the recipe's model_directories).")
        var models: [String] = []

        @Option(help: "Result database (default: Results/<recipe name>.sqlite).")
        var db: String?

        @Option(help: ArgumentHelp(
            "Worker threads, each running one utterance with single-threaded BLAS.",
            discussion: "Default: SLURM_CPUS_PER_TASK inside a Slurm job submitted with --cpus-per-task, else the core count."))
        var jobs: Int?

        @Option(help: ArgumentHelp(
            "Run only shard K of N (e.g. 2/8): a deterministic share balanced by duration; or 'auto' in a Slurm job array.",
            discussion: """
            auto takes K and N from the array task (SLURM_ARRAY_TASK_ID, _MIN, _COUNT; arrays numbered from 0 or 1). \
            --db may contain {shard} and {shards} (K and N). Merge the shard databases with `emoeval merge`.
            """))
        var shard: String?

        @Option(help: "Infer at most N pending utterances now (the rest is left for a later run).")
        var limit: Int?

        @Option(help: "Stop once more than N utterances failed in this invocation.")
        var maxFailures: Int?

        @Flag(help: "Also store each utterance's embedding (needed by `emoeval probe`).")
        var embeddings = false

        @Flag(help: "Also store frame features (large).")
        var frames = false

        @Option(help: "Linear-layer precision: fp32 (the official numbers) or int8 (faster; attention, feed-forward and conv layers in int8, a separate run).")
        var precision: Precision = .fp32

        @Flag(help: "Delete this run's stored results first and infer everything again.")
        var rerun = false

        @Flag(help: "Try the run's stored failures again (e.g. after fixing audio files).")
        var retryFailures = false

        @Option(help: "Progress on stderr: bar, lines or none (default: bar on a terminal, else lines).")
        var progress: ProgressPrinter.Style?

        @Option(help: .hidden)
        var batchSize: Int = 32

        func validate() throws {
            if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
            guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
            if let limit, limit < 0 { throw ValidationError("--limit must not be negative") }
            if let maxFailures, maxFailures < 0 { throw ValidationError("--max-failures must not be negative") }
            do {
                let shard = try resolvedShard()
                if shard == nil, let db, Shard.hasPlaceholder(db) {
                    throw RunnerError.shardPlaceholderWithoutShard(path: db)
                }
            } catch let error as RunnerError {
                throw ValidationError("\(error)")
            }
        }

        /// `--shard K/N`, or the Slurm array task's shard for `--shard auto`.
        private func resolvedShard() throws -> Shard? {
            guard let shard else { return nil }
            if shard == "auto" { return try SlurmEnvironment(ProcessInfo.processInfo.environment).arrayShard() }
            return try Shard(parsing: shard)
        }

        /// `--jobs`, else the CPUs Slurm granted this task, else the core count.
        private var resolvedJobs: Int {
            jobs ?? SlurmEnvironment(ProcessInfo.processInfo.environment).cpusPerTask
                ?? ProcessInfo.processInfo.activeProcessorCount
        }

        func run() throws {
            // Installed first, so that SIGTERM / SIGINT during loading also ends in a clean exit.
            let cancellation = CancellationFlag()
            let interrupt = InterruptHandler(cancellation)
            defer { interrupt.remove() }
            let recipe = try loadRecipe(path: self.recipe)
            let corpus = try recipe.loadCorpus()
            let directories = models.isEmpty ? recipe.modelDirectories : models
            guard !directories.isEmpty else {
                throw ValidationError("no model: pass --model DIR or list model_directories in \(self.recipe)")
            }
            let shard = try resolvedShard()
            let path = db.map { shard?.substitute(in: $0) ?? $0 } ?? defaultDatabasePath(recipe: recipe)
            let store = try EvalStore(path: path)
            let utterances = UtteranceRecord.records(of: corpus)
            let request = RunRequest(
                corpus: CorpusRecord(recipe: recipe), utterances: utterances,
                options: RunOptions(embeddings: embeddings, frames: frames), jobs: resolvedJobs,
                shard: shard, limit: limit, maxFailures: maxFailures, rerun: rerun,
                retryFailures: retryFailures, batchSize: batchSize,
                command: CommandLine.arguments.joined(separator: " "))
            let printer = ProgressPrinter(style: progress ?? ProgressPrinter.automaticStyle)
            var anyFailures = false
            for directory in directories {
                if let signal = interrupt.received { throw ExitCode(128 + signal) }
                let model = try loadModel(directory: directory, hashCache: store, precision: precision)
                if model.precision != precision {
                    printError("note: \(model.identity.family) computes at \(model.precision.rawValue) only; stored as a \(model.precision.rawValue) run")
                }
                for note in model.assumptions { printError("note: \(note)") }
                let runner = Runner(store: store, loader: .standard, environment: .current(),
                                    progress: { printer.update($0) })
                let summary = try runner.run(request, model: model, cancellation: cancellation)
                printer.finish()
                printSummary(summary, shard: shard)
                anyFailures = anyFailures || summary.storedFailures > 0
                switch summary.ending {
                case .finished: continue
                case .aborted: throw RunnerError.tooManyFailures(failed: summary.failed, limit: maxFailures ?? 0)
                case .interrupted:
                    let signal = interrupt.received ?? SIGINT
                    FileHandle.standardError.write(Data("""
                        interrupted by \(InterruptHandler.name(of: signal)): \(summary.predicted + summary.failed) \
                        results of this invocation are stored.
                        resume with: \(CommandLine.arguments.joined(separator: " "))\n
                        """.utf8))
                    throw ExitCode(128 + signal)
                }
            }
            if let signal = interrupt.received { throw ExitCode(128 + signal) }
            if anyFailures { throw ExitStatus.itemFailures.code }
        }

        private func printSummary(_ s: RunSummary, shard: Shard?) {
            var line = "run \(s.runId) \(s.modelVariant)\(shard.map { " shard \($0)" } ?? ""): "
                + "\(s.predicted) predicted, \(s.failed) failed"
            if s.alreadyDone > 0 { line += ", \(s.alreadyDone) already stored" }
            if s.storedElsewhere > 0 { line += ", \(s.storedElsewhere) stored meanwhile by another process" }
            if s.deferred > 0 { line += ", \(s.deferred) left for later (--limit)" }
            line += String(format: "; %.1f s audio in %.1f s (%.1fx real time); status %@", s.audioSeconds,
                           s.wallSeconds, s.realTimeFactor, s.status.rawValue)
            print(line)
            if s.storedFailures > s.failed {
                print("\(s.storedFailures - s.failed) failures stored earlier (--retry-failures tries them again)")
            }
            if s.failed > 0 {
                print("Skipped \(s.failed) utterance\(s.failed == 1 ? "" : "s"); first \(s.failurePreview.count):")
                for f in s.failurePreview { print("  \(f.utteranceKey) [\(f.kind.rawValue)] \(f.message)") }
            }
        }
    }
}

extension ProgressPrinter.Style: ExpressibleByArgument {}

/// SIGINT (Ctrl-C) and SIGTERM (Slurm at the time limit, systemd, `timeout`) → cancel the run: the runner
/// commits what is done and closes the session as resumable; the command exits 128 + the signal (130, 143).
/// A second signal exits at once (the database stays valid: WAL rolls back the open transaction).
final class InterruptHandler: @unchecked Sendable {
    // @unchecked: `first` is only read or written under `lock`; `sources` is set once in init.
    static let signals: [Int32] = [SIGINT, SIGTERM]
    private let sources: [DispatchSourceSignal]
    private let lock = NSLock()
    private var first: Int32?

    init(_ cancellation: CancellationFlag) {
        var sources: [DispatchSourceSignal] = []
        for number in Self.signals {
            signal(number, SIG_IGN)
            sources.append(DispatchSource.makeSignalSource(signal: number, queue: .global()))
        }
        self.sources = sources
        for (number, source) in zip(Self.signals, sources) {
            source.setEventHandler { [unowned self] in
                lock.lock()
                let again = first != nil
                if !again { first = number }
                lock.unlock()
                if again { exit(128 + number) }
                FileHandle.standardError.write(Data(
                    "\n\(Self.name(of: number)): finishing the utterances in flight and committing...\n".utf8))
                cancellation.cancel()
            }
            source.resume()
        }
    }

    /// The first signal received, if any.
    var received: Int32? {
        lock.lock()
        defer { lock.unlock() }
        return first
    }

    static func name(of signal: Int32) -> String { signal == SIGTERM ? "SIGTERM" : "SIGINT" }

    func remove() {
        for source in sources { source.cancel() }
        for number in Self.signals { signal(number, SIG_DFL) }
    }
}
