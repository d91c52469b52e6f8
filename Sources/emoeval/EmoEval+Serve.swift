// `emoeval serve`: the web page — try models on your own audio, browse a result database by ear.
import ArgumentParser
import EmoCorpus
import EmoKernels
import EmoServer
import Foundation

extension EmoEval {
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: "Serve the web page: try models on uploaded or recorded audio, browse stored runs by ear.",
            discussion: """
            Models are loaded once at start-up and shared by all requests; at most one inference per core \
            runs at a time and the others queue. Uploads are decoded as `classify` decodes a file and give \
            the same scores. With --db, the page lists the database's runs; with a recipe named like a \
            run's corpus it shows that run's figures (WA/UA/F1 with intervals, per fold), an interactive \
            confusion matrix whose cells list their utterances with players, and two runs' disagreements. \
            Audio is served only for utterances the database references, by id. Serves until Ctrl-C or \
            SIGTERM. Listens on loopback only unless --host says otherwise.
            """
        )

        @Option(help: "Model directory to offer (repeatable; loaded once at start-up).")
        var model: [String] = []

        @Option(help: "Result database to browse (as written by `emoeval run`).")
        var db: String?

        @Option(help: "Recipe (repeatable): label maps and policies for the dataset-label view and the run figures.")
        var recipe: [String] = []

        @Option(help: "Interface to listen on. 0.0.0.0 lets anyone on the network use the page and its models.")
        var host = "127.0.0.1"

        @Option(help: "TCP port (0: any free port).")
        var port = ServerSettings.defaultPort

        @Option(help: "Largest accepted upload, MB.")
        var maxUploadMb = ServerSettings.defaultMaxUploadMegabytes

        @Option(help: "Longest accepted upload, seconds of audio.")
        var maxDuration = ServerSettings.defaultMaxAudioSeconds

        @Option(name: .customLong("jobs"), help: ArgumentHelp("Inferences run at once; the rest queue.", valueName: "jobs"))
        var jobCount: JobCount = .cores
        var jobs: Int { jobCount.value }

        @Option(help: "Linear-layer precision of the offered models: fp32 (the official numbers) or int8 (faster; attention, feed-forward and conv layers in int8).")
        var precision: Precision = .fp32

        func validate() throws {
            if model.isEmpty && db == nil { throw ValidationError("give at least one --model or a --db to browse") }
            if !(0...65535).contains(port) { throw ValidationError("--port must be between 0 and 65535") }
            if maxUploadMb < 1 { throw ValidationError("--max-upload-mb must be at least 1") }
            if !(maxDuration > 0) { throw ValidationError("--max-duration must be positive") }
            if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        }

        func run() async throws {
            let settings = ServerSettings(host: host, port: port, maxUploadBytes: maxUploadMb << 20,
                                          maxAudioSeconds: maxDuration, inferenceSlots: jobs)
            let recipes = try recipe.map { try loadRecipe(path: $0) }
            let database = try db.map { try ResultDatabase(path: $0) }
            let catalog = try ModelCatalog(directories: model, precision: precision)
            for served in catalog.models {
                printError("loaded \(served.identity.variant) (\(served.identity.family.rawValue), "
                    + (served.model.precision == .fp32 ? "" : "\(served.model.precision.rawValue), ")
                    + "\(served.identity.labels.count) labels, sha256 \(served.identity.checkpointSHA256.prefix(12))) "
                    + String(format: "in %.2f s", served.loadSeconds))
            }
            let server = try EmoServer(settings: settings, catalog: catalog, recipes: recipes, database: database)
            if let warning = settings.exposureWarning(port: port) { printError(warning) }
            let displayHost = host.contains(":") ? "[\(host)]" : host
            try await server.run { port in
                // Written unbuffered: a script waiting for this line must see it at once.
                FileHandle.standardOutput.write(Data("emoeval serve: http://\(displayHost):\(port)/  (Ctrl-C to stop)\n".utf8))
            }
            printError("emoeval serve: stopped")
        }
    }
}
