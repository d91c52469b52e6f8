// `emoeval classify --model DIR INPUT...`: run one model on audio files or a wav.scp, FunASR-style output.
import ArgumentParser
import EmoAudio
import EmoKernels
import EmoModels
import Foundation

extension EmoEval {
    struct Classify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "classify",
            abstract: "Classify audio files with a model directory and print scores or features.",
            discussion: """
            Each input is decoded, down-mixed, resampled to 16 kHz and run alone, as FunASR's \
            AutoModel.generate does. The key of a file is its name without the extension; with --scp every \
            line of the list is 'key path'. Default output: one line per input with key, top label and its \
            probability. --json prints one FunASR-shaped record per line: {"key", "labels", "scores", \
            "feats"} with the labels as written in tokens.txt (SpeechBrain models add classify_file's \
            "out_prob", "score", "index", "text_lab" after "scores"). --output-dir writes <key>.npy (float32, \
            [D] or [T, D]) as FunASR's output_dir does. A file that fails is reported on stderr, the others \
            are still processed, and the exit status is \(ExitStatus.itemFailures.rawValue).
            """
        )

        @Option(help: "Model directory (emotion2vec: config.yaml + model.pt [+ tokens.txt]; SpeechBrain: hyperparams.yaml + wav2vec2.ckpt + model.ckpt + label_encoder.txt).")
        var model: String

        @Argument(help: "Audio files (any format libsndfile reads), or list files with --scp.")
        var inputs: [String] = []

        @Flag(help: "Inputs are Kaldi-style lists ('key path' per line, e.g. wav.scp).")
        var scp = false

        @Flag(help: "Print FunASR-shaped JSON records, one per line.")
        var json = false

        @Flag(help: "Leave 'feats' out of the JSON records.")
        var noFeats = false

        @Option(help: "Features to return: the utterance embedding [D] or the frames [T, D].")
        var granularity: Granularity = .utterance

        @Option(help: "Write <key>.npy feature files into this directory (created if needed).")
        var outputDir: String?

        @Option(name: .customLong("jobs"), help: ArgumentHelp(
            "Utterances processed in parallel, each by a worker with single-threaded BLAS.", valueName: "jobs"))
        var jobCount: JobCount = .cores
        var jobs: Int { jobCount.value }

        @Option(help: "Linear-layer precision: fp32 (the official numbers) or int8 (faster; attention, feed-forward and conv layers in int8, a separate run).")
        var precision: Precision = .fp32

        func validate() throws {
            if inputs.isEmpty { throw ValidationError("give at least one input file") }
            if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        }

        func run() throws {
            let items = try scp ? inputs.flatMap { try FunASRInput.list(contentsOf: $0) } : inputs.map(FunASRInput.init(path:))
            let loaded = try loadModel(directory: model, precision: precision)
            for note in loaded.assumptions { printError("note: \(note)") }
            if let outputDir {
                try FileManager.default.createDirectory(atPath: outputDir, withIntermediateDirectories: true)
            }
            // Labels only: the identity without the checkpoint hash (hashing 373 MB is not needed here).
            let identity = loaded.identity
            if identity.labels.isEmpty && !json && outputDir == nil {
                printError("note: \(identity.variant) has no classifier head; use --json or --output-dir for its features")
            }
            let rate = loaded.sampleRate, minimum = loaded.minimumSamples
            var failures = 0
            try runInference(model: loaded, count: items.count, jobs: jobs, includeFrames: granularity == .frame,
                             load: { [outputDir] index in
                                 // A key that cannot be a file name inside --output-dir fails this item only.
                                 if outputDir != nil, let problem = Self.fileNameProblem(key: items[index].key) {
                                     throw ClassifyItemError.badKey(key: items[index].key, problem: problem)
                                 }
                                 return try loadWaveform(path: items[index].path, targetRate: rate,
                                                         minimumSamples: minimum).samples
                             },
                             deliver: { index, result in
                                 let item = items[index]
                                 do {
                                     let output = try result.get()
                                     try emit(item, output, identity: identity,
                                              speechBrain: loaded.classifyFileFields(of: output))
                                 } catch {
                                     failures += 1
                                     let text = "\(error)"
                                     printError("Error: " + (text.hasPrefix(item.path) ? text : "\(item.path): \(text)"))
                                 }
                             })
            if failures > 0 { throw ExitStatus.itemFailures.code }
        }

        /// Why `key` cannot name `<key>.npy` inside the output directory (nil when it can): it must be one
        /// path component, so that no key writes outside the directory or into a folder of it.
        static func fileNameProblem(key: String) -> String? {
            if key.isEmpty || key == "." || key == ".." { return "is not a file name" }
            if key.contains("/") { return "contains '/'" }
            if key.utf8.contains(0) { return "contains a NUL byte" }
            if key.utf8.count > 250 { return "is longer than a file name may be" }
            return nil
        }

        private func emit(_ item: FunASRInput, _ output: ModelOutput, identity: ModelIdentity,
                          speechBrain: SpeechBrainClassification?) throws {
            if let outputDir {
                let path = URL(fileURLWithPath: outputDir).appendingPathComponent(item.key + ".npy").path
                try writeNpy(FunASRRecord.features(output, granularity: granularity), to: path)
            }
            if json {
                var record = FunASRRecord(key: item.key, identity: identity, output: output,
                                          granularity: granularity, includeFeats: !noFeats)
                record.speechBrain = speechBrain
                print(try record.jsonLine())
            } else if let best = output.scores.indices.max(by: { output.scores[$0] < output.scores[$1] }) {
                print("\(item.key)\t\(identity.labels[best])\t\(String(format: "%.4f", output.scores[best]))")
            } else {
                print("\(item.key)\t-\t-")
            }
        }
    }
}

extension Granularity: ExpressibleByArgument {}

/// A per-item failure of `classify` that is not about the audio.
enum ClassifyItemError: Error, CustomStringConvertible {
    case badKey(key: String, problem: String)

    var description: String {
        switch self {
        case let .badKey(key, problem):
            return "key '\(key)' \(problem): it cannot name a file inside --output-dir (item skipped)"
        }
    }
}

/// Writes one line to stderr.
func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
