// The parts of a SpeechBrain `hyperparams.yaml` (HyperPyYAML) that change what the wav2vec2 classifier
// computes: the wav2vec2 lobe's `output_norm`, the pooling statistics, the output layer's size and bias,
// and whether the softmax returns log-probabilities. Nothing is instantiated; `!new:` tags are only read
// for their class name and `!ref <key>` scalars are resolved against the top-level keys.
// Defaults are SpeechBrain 1.1.2's constructor defaults (integrations/huggingface/wav2vec2.py `Wav2Vec2`,
// nnet/pooling.py `StatisticsPooling`, nnet/linear.py `Linear`, nnet/activations.py `Softmax`).
import EmoCheckpoint
import Foundation
import Yams

/// What `hyperparams.yaml` says about the SpeechBrain wav2vec2 classifier (docs/specs/wav2vec2-iemocap.md §1.2).
public struct SpeechBrainHyperparams: Sendable, Equatable {
    /// `encoder_dim`: the wav2vec2 width the head expects, when given.
    public var encoderDim: Int?
    /// `out_n_neurons` (or `output_mlp.n_neurons`): number of classes, when given.
    public var outputNeurons: Int?
    /// `wav2vec2.output_norm`: one layer norm over all T×D outputs (SpeechBrain default false; the release: true).
    public var outputNorm: Bool
    /// `output_mlp.bias` (SpeechBrain `Linear` default true; the release: false).
    public var outputBias: Bool
    /// `softmax.apply_log` (default false: `classify_file`'s `out_prob` are plain probabilities).
    public var softmaxAppliesLog: Bool

    /// The released model's settings.
    public static let release = SpeechBrainHyperparams(encoderDim: 768, outputNeurons: 4, outputNorm: true,
                                                       outputBias: false, softmaxAppliesLog: false)

    public init(encoderDim: Int?, outputNeurons: Int?, outputNorm: Bool, outputBias: Bool, softmaxAppliesLog: Bool) {
        self.encoderDim = encoderDim
        self.outputNeurons = outputNeurons
        self.outputNorm = outputNorm
        self.outputBias = outputBias
        self.softmaxAppliesLog = softmaxAppliesLog
    }

    /// Reads and checks `hyperparams.yaml`. Throws `ModelError.invalidConfig` naming the key for settings
    /// this port does not implement (intermediate hidden states, standard-deviation pooling, another encoder).
    public init(contentsOf path: String) throws {
        // Checked before reading: a FIFO would block the read forever.
        if let reason = nonRegularFileReason(path) { throw ModelError.invalidConfig(file: path, field: "", problem: reason) }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ModelError.invalidConfig(file: path, field: "", problem: "cannot read the file as UTF-8 text")
        }
        try self.init(yaml: text, file: path)
    }

    /// Parses the YAML text of a `hyperparams.yaml`; `file` is used in error messages.
    public init(yaml text: String, file: String) throws {
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            throw ModelError.invalidConfig(file: file, field: "", problem: "not valid YAML: \(error)")
        }
        guard let top = root?.mapping else {
            throw ModelError.invalidConfig(file: file, field: "", problem: "the top level is not a mapping")
        }
        let reader = HyperReader(top: top, file: file)

        guard let lobe = try reader.mapping("wav2vec2") else {
            throw ModelError.invalidConfig(file: file, field: "wav2vec2", problem: "missing: no wav2vec2 module is declared")
        }
        let lobeClass = reader.className(of: top["wav2vec2"])
        guard lobeClass.isEmpty || lobeClass.hasSuffix("Wav2Vec2") else {
            throw reader.fail("wav2vec2", "class '\(lobeClass)' is not supported (only a wav2vec2 lobe)")
        }
        outputNorm = try reader.bool(lobe, "output_norm", path: "wav2vec2.output_norm") ?? false
        if try reader.bool(lobe, "output_all_hiddens", path: "wav2vec2.output_all_hiddens") == true {
            throw reader.fail("wav2vec2.output_all_hiddens", "true is not supported (the release uses the last layer only)")
        }

        if let pool = try reader.mapping("avg_pool") {
            let returnMean = try reader.bool(pool, "return_mean", path: "avg_pool.return_mean") ?? true
            let returnStd = try reader.bool(pool, "return_std", path: "avg_pool.return_std") ?? true
            guard returnMean, !returnStd else {
                throw reader.fail("avg_pool", "only mean pooling (return_mean: True, return_std: False) is supported")
            }
        }

        encoderDim = try reader.int(top, "encoder_dim", path: "encoder_dim")
        outputNeurons = try reader.int(top, "out_n_neurons", path: "out_n_neurons")
        outputBias = true
        if let mlp = try reader.mapping("output_mlp") {
            outputBias = try reader.bool(mlp, "bias", path: "output_mlp.bias") ?? true
            if let neurons = try reader.int(mlp, "n_neurons", path: "output_mlp.n_neurons") {
                if let declared = outputNeurons, declared != neurons {
                    throw reader.fail("output_mlp.n_neurons", "\(neurons) differs from out_n_neurons \(declared)")
                }
                outputNeurons = neurons
            }
        }
        // The release names its activation `softmax`; older recipe layouts used `log_softmax`.
        let softmax = try reader.mapping("softmax") ?? reader.mapping("log_softmax")
        softmaxAppliesLog = try softmax.flatMap { try reader.bool($0, "apply_log", path: "softmax.apply_log") } ?? false
    }
}

/// Typed lookups in a HyperPyYAML mapping, following `!ref <key>` to top-level keys.
private struct HyperReader {
    let top: Node.Mapping
    let file: String

    func fail(_ field: String, _ problem: String) -> ModelError {
        .invalidConfig(file: file, field: field, problem: problem)
    }

    /// A top-level module declaration (`key: !new:Class` followed by its arguments), or nil when absent.
    func mapping(_ key: String) throws -> Node.Mapping? {
        guard let node = resolve(top[key]) else { return nil }
        if case .scalar(let scalar) = node, scalar.string.isEmpty { return Node.Mapping([]) }  // `!new:Class` alone
        guard let mapping = node.mapping else { throw fail(key, "expected a mapping of arguments") }
        return mapping
    }

    /// The class of a `!new:` / `!name:` tag (e.g. `speechbrain.nnet.linear.Linear`), "" when untagged.
    func className(of node: Node?) -> String {
        guard let raw = node?.tag.rawValue, let colon = raw.firstIndex(of: ":"), raw.hasPrefix("!") else { return "" }
        return String(raw[raw.index(after: colon)...])
    }

    func bool(_ mapping: Node.Mapping, _ key: String, path: String) throws -> Bool? {
        guard let text = try scalar(mapping, key, path: path) else { return nil }
        switch text {
        case "True", "true", "TRUE": return true
        case "False", "false", "FALSE": return false
        default: throw fail(path, "expected True or False, got '\(text)'")
        }
    }

    func int(_ mapping: Node.Mapping, _ key: String, path: String) throws -> Int? {
        guard let text = try scalar(mapping, key, path: path) else { return nil }
        guard let value = Int(text) else { throw fail(path, "expected an integer, got '\(text)'") }
        return value
    }

    private func scalar(_ mapping: Node.Mapping, _ key: String, path: String) throws -> String? {
        guard let node = resolve(mapping[key]) else { return nil }
        guard let scalar = node.scalar else { throw fail(path, "expected a single value") }
        return scalar.string
    }

    /// Follows `!ref <key>` (a plain reference to a top-level key, as the release uses) up to 8 times.
    private func resolve(_ node: Node?) -> Node? {
        var current = node
        for _ in 0..<8 {
            guard let scalar = current?.scalar, scalar.tag.rawValue == "!ref" else { return current }
            let text = scalar.string.trimmingCharacters(in: .whitespaces)
            guard text.hasPrefix("<"), text.hasSuffix(">") else { return current }
            current = top[String(text.dropFirst().dropLast())]
        }
        return current
    }
}
