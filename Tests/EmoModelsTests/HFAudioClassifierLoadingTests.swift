// Loading Hugging Face directories: the registry claims them by model_type, identity, sharded weights, and every
// kind of bad input giving one line that names the file and the field or tensor.
import EmoBench
import EmoCheckpoint
import EmoKernels
@testable import EmoModels
import EmoTestSupport
import Foundation
import Testing

/// A writable copy of a fixture directory, with `edit` applied to its config.json object.
private func copyFixture(_ name: String, editConfig edit: ((inout [String: Any]) -> Void)? = nil) throws -> URL {
    let directory = try Fixture.temporaryDirectory("hf-\(name)").appendingPathComponent(name)
    try FileManager.default.copyItem(at: Fixture.url(name), to: directory)
    if let edit {
        let url = directory.appendingPathComponent("config.json")
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
        edit(&object)
        try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]).write(to: url)
    }
    return directory
}

/// Writes `tensors` (float32) as a safetensors file.
private func writeSafetensors(_ tensors: [(String, [Int], [Float])], to url: URL) throws {
    var header: [String: Any] = ["__metadata__": ["format": "pt"]]
    var payload = Data()
    for (name, shape, values) in tensors {
        let start = payload.count
        values.withUnsafeBufferPointer { payload.append(Data(buffer: $0)) }
        header[name] = ["dtype": "F32", "shape": shape, "data_offsets": [start, payload.count]]
    }
    var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
    while json.count % 8 != 0 { json.append(0x20) }
    var length = UInt64(json.count).littleEndian
    var file = Data(bytes: &length, count: 8)
    file.append(json)
    file.append(payload)
    try file.write(to: url)
}

/// The fixture's tensors, in name order, as (name, shape, values).
private func tensors(of path: String) throws -> [(String, [Int], [Float])] {
    let checkpoint = try loadCheckpoint(path: path)
    return try checkpoint.tensors.keys.sorted().map { name in
        let tensor = checkpoint.tensors[name]!
        return (name, tensor.shape, try tensor.float32().array)
    }
}

private func message(_ body: () throws -> Void) -> String {
    do { try body() } catch { return "\(error)" }
    return "(no error)"
}

@Suite("HFAudioClassifier loading")
struct HFAudioClassifierLoadingTests {
    @Test("the registry claims each fixture for its family; SpeechBrain and emotion2vec directories stay theirs")
    func registry() throws {
        for fixture in HFFixture.all {
            let found = try detectModelDirectory(Fixture.path(fixture.directory))
            #expect(found.family == fixture.family, "\(fixture.directory)")
            #expect(found.config.hasSuffix("config.json") && found.metadata?.hasSuffix("preprocessor_config.json") == true)
            let model = try loadModel(directory: Fixture.path(fixture.directory))
            #expect(model is HFAudioClassifier && model.identity.family == fixture.family)
            #expect(model.computeCost != nil)
        }
        #expect(try detectModelDirectory(Fixture.path("sb_w2v2_tiny_newkeys")).family == .wav2vec2IEMOCAP)
        #expect(try detectModelDirectory(Fixture.path("e2v_tiny_plus")).family == .emotion2vec)
    }

    @Test("identity: directory name, sha256 of the weights file, labels from id2label; a hub-cache entry resolves")
    func identity() throws {
        let model = try HFFixture.all[0].load()
        let weights = Fixture.path("hf_w2v2_tiny_base/model.safetensors")
        #expect(model.identity.variant == "hf_w2v2_tiny_base")
        #expect((try model.hashedIdentity().checkpointSHA256) == (try sha256Hex(ofFile: weights)))
        #expect(try model.hashedIdentity().checkpointSHA256 == "9e3300b4632a67a8181c50041ba3a48351febdbb9313690056856b0928871806")
        #expect(model.identity.checkpointSHA256.isEmpty)
        #expect(model.assumptions.isEmpty && model.outputFunction == .softmax)
        #expect(try HFFixture.all[5].load().outputFunction == .none)

        let cache = try Fixture.temporaryDirectory("hf-cache").appendingPathComponent("models--superb--tiny-er")
        try FileManager.default.createDirectory(at: cache.appendingPathComponent("refs"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: cache.appendingPathComponent("snapshots"), withIntermediateDirectories: true)
        try "abc123\n".write(to: cache.appendingPathComponent("refs/main"), atomically: true, encoding: .utf8)
        // As the hub client lays it out: snapshot files are symlinks into blobs/.
        let snapshot = cache.appendingPathComponent("snapshots/abc123"), blobs = cache.appendingPathComponent("blobs")
        try FileManager.default.createDirectory(at: snapshot, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: blobs, withIntermediateDirectories: true)
        for name in ["config.json", "preprocessor_config.json", "model.safetensors"] {
            let blob = blobs.appendingPathComponent("blob-" + name)
            try FileManager.default.copyItem(at: Fixture.url("hf_hubert_tiny/" + name), to: blob)
            try FileManager.default.createSymbolicLink(atPath: snapshot.appendingPathComponent(name).path,
                                                       withDestinationPath: "../../blobs/blob-" + name)
        }
        let cached = try loadModel(directory: cache.path)
        #expect(cached.identity.family == .hfHubert && cached.identity.variant == "tiny-er")
        #expect(HFAudioClassifier.hubID(directory: cache.path + "/snapshots/abc123") == "superb/tiny-er")
    }

    @Test("audEERING's published name Wav2Vec2ForSpeechClassification: the head is recognised by its weights")
    func audeeringArchitectureName() throws {
        let directory = try copyFixture("hf_w2v2_dim_tiny") { $0["architectures"] = ["Wav2Vec2ForSpeechClassification"] }
        let renamed = try HFAudioClassifier(directory: directory.path)
        let original = try HFFixture.all[5].load()
        let samples = BenchmarkInput.synthetic(seconds: 1).samples
        // Bit-for-bit comparisons run under one fixed OpenBLAS thread count (see BlasThreads): suites running in
        // parallel may otherwise switch it between the two inferences, and sgemm then rounds differently.
        let (a, b) = try BlasThreads.using(1) {
            (try renamed.infer(samples, includeFrames: false).scores, try original.infer(samples, includeFrames: false).scores)
        }
        #expect(a == b)
        guard case .denseTanh = renamed.head else { Issue.record("expected the dense regression head"); return }
    }

    @Test("sharded safetensors with an index load and give the single file's outputs")
    func sharded() throws {
        let directory = try copyFixture("hf_wavlm_tiny_base")
        let all = try tensors(of: directory.appendingPathComponent("model.safetensors").path)
        try FileManager.default.removeItem(at: directory.appendingPathComponent("model.safetensors"))
        let half = all.count / 2
        let shards = [("model-00001-of-00002.safetensors", Array(all[..<half])),
                      ("model-00002-of-00002.safetensors", Array(all[half...]))]
        var map: [String: String] = [:]
        for (file, part) in shards {
            try writeSafetensors(part, to: directory.appendingPathComponent(file))
            for (name, _, _) in part { map[name] = file }
        }
        let index = directory.appendingPathComponent("model.safetensors.index.json")
        try JSONSerialization.data(withJSONObject: ["metadata": ["total_size": 0], "weight_map": map]).write(to: index)
        let model = try loadModel(directory: directory.path)
        let samples = BenchmarkInput.synthetic(seconds: 1.2).samples
        let single = try HFFixture.all[3].load()
        let (a, b) = try BlasThreads.using(1) {  // one fixed thread count for a bit-for-bit comparison
            (try model.infer(samples, includeFrames: false).scores, try single.infer(samples, includeFrames: false).scores)
        }
        #expect(a == b)
        #expect(try model.hashedIdentity().checkpointSHA256.count == 64)

        let unhashed = try loadModel(directory: directory.path)
        try FileManager.default.removeItem(at: directory.appendingPathComponent(shards[1].0))
        let text = message { _ = try loadModel(directory: directory.path) }
        // A shard gone after load: the hash fails naming that shard (nothing stands in for the hash).
        let hashText = message { _ = try unhashed.hashedIdentity() }
        #expect(hashText.hasPrefix(directory.appendingPathComponent(shards[1].0).path + ": cannot compute the checkpoint's sha256"),
                "\(hashText)")
        #expect(text.contains("missing model-00002-of-00002.safetensors") && text.contains("model.safetensors.index.json names it for tensor '"),
                "\(text)")
        #expect(!text.contains("\n"))
    }

    @Test("a missing preprocessor_config.json loads with the Wav2Vec2FeatureExtractor defaults and says so")
    func missingPreprocessor() throws {
        let directory = try copyFixture("hf_hubert_tiny")
        try FileManager.default.removeItem(at: directory.appendingPathComponent("preprocessor_config.json"))
        let model = try HFAudioClassifier(directory: directory.path)
        #expect(model.preprocessor == .defaults)
        #expect(model.assumptions.count == 1)
        #expect(model.assumptions.first?.contains("preprocessor_config.json: missing; assumed Wav2Vec2FeatureExtractor's defaults (do_normalize true, sampling_rate 16000)") == true)
        let samples = BenchmarkInput.synthetic(seconds: 1).samples
        let original = try HFFixture.all[2].load()
        let (a, b) = try BlasThreads.using(1) {  // one fixed thread count for a bit-for-bit comparison
            (try model.infer(samples, includeFrames: false).scores, try original.infer(samples, includeFrames: false).scores)
        }
        #expect(a == b)
    }

    /// On the stable (layer-norm CNN, conv bias) fixture: the base one's group norm after a bias-free first conv
    /// would make the scale of the input nearly irrelevant.
    @Test("do_normalize false: the waveform goes in as it is (true normalises it per utterance first)")
    func doNormalizeFalse() throws {
        let directory = try copyFixture("hf_w2v2_tiny_stable")
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        let url = directory.appendingPathComponent(HFAudioClassifier.FileName.preprocessor)
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
        #expect(object["do_normalize"] as? Bool == true)
        object["do_normalize"] = false
        try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]).write(to: url)
        let raw = try HFAudioClassifier(directory: directory.path)
        let normalising = try HFFixture.all[1].load()
        #expect(!raw.preprocessor.doNormalize && normalising.preprocessor.doNormalize)
        let samples = BenchmarkInput.synthetic(seconds: 1.2).samples
        var normalised = samples
        HFPreprocessorConfig.normalise(&normalised)
        let (fedNormalised, fedRaw, reference) = try BlasThreads.using(1) {  // one thread count: compared bit for bit
            (try raw.infer(normalised, includeFrames: false), try raw.infer(samples, includeFrames: false),
             try normalising.infer(samples, includeFrames: false))
        }
        #expect(fedNormalised.scores == reference.scores && fedNormalised.embedding == reference.embedding)
        #expect(maxAbsDifference(fedRaw.embedding, reference.embedding) > 1e-3)
    }

    @Test("bad config.json: one line naming the file, the field and the tensor", arguments: [
        ("hf_w2v2_tiny_base", "hidden_size", 48, "'hidden_size' is 48 but", "wav2vec2.feature_projection.projection.weight"),
        ("hf_w2v2_tiny_base", "conv_bias", true, "'conv_bias' is true but", "wav2vec2.feature_extractor.conv_layers.0.conv.bias"),
        ("hf_w2v2_tiny_stable", "feat_extract_norm", "group", "'feat_extract_norm' is 'group' but", "conv_layers.1.layer_norm.weight"),
        ("hf_wavlm_tiny_base", "num_attention_heads", 8, "'num_attention_heads' is 8 but", "rel_attn_embed.weight"),
        ("hf_hubert_tiny", "num_hidden_layers", 3, "'num_hidden_layers' is 3 but", "hubert.encoder.layers.*"),
        ("hf_hubert_tiny", "classifier_proj_size", 16, "'classifier_proj_size' is 16 but", "projector.weight"),
        ("hf_w2v2_tiny_base", "use_weighted_layer_sum", false, "'use_weighted_layer_sum' is false but", "layer_weights"),
        ("hf_wavlm_tiny_stable", "id2label", ["0": "a", "1": "b"], "'id2label' is 2 labels but", "5 outputs"),
    ] as [(String, String, any Sendable, String, String)])
    func badConfig(fixture: String, field: String, value: any Sendable, expected: String, tensor: String) throws {
        let directory = try copyFixture(fixture) { $0[field] = value }
        let text = message { _ = try loadModel(directory: directory.path) }
        #expect(text.hasPrefix(directory.appendingPathComponent("config.json").path + ": "), "\(text)")
        #expect(text.contains(expected) && text.contains(tensor), "\(text)")
    }

    @Test("an unknown model_type is one line naming config.json")
    func unknownModelType() throws {
        let directory = try copyFixture("hf_w2v2_tiny_base") { $0["model_type"] = "data2vec-audio" }
        let text = message { _ = try loadModel(directory: directory.path) }
        #expect(text == directory.appendingPathComponent("config.json").path
                + ": field 'model_type': 'data2vec-audio': not a model emoeval runs (Hugging Face audio classifiers: "
                + "'wav2vec2', 'hubert', 'wavlm')")
    }

    @Test("weights without a classification head: unknown head, naming the file and the architecture")
    func unknownHead() throws {
        let directory = try copyFixture("hf_w2v2_tiny_base") { $0["architectures"] = ["Wav2Vec2ForCTC"] }
        let weights = directory.appendingPathComponent("model.safetensors")
        let encoderOnly = try tensors(of: weights.path).filter { $0.0.hasPrefix("wav2vec2.") }
        try writeSafetensors(encoderOnly, to: weights)
        let text = message { _ = try loadModel(directory: directory.path) }
        #expect(text.hasPrefix(weights.path + ": unknown head ('Wav2Vec2ForCTC' is not an audio classifier emoeval knows)"),
                "\(text)")
    }

    @Test("a weights file missing a tensor or holding an unused one names it")
    func tensorProblems() throws {
        let directory = try copyFixture("hf_w2v2_tiny_base")
        let weights = directory.appendingPathComponent("model.safetensors")
        let all = try tensors(of: weights.path)
        try writeSafetensors(all.filter { $0.0 != "wav2vec2.encoder.layers.1.final_layer_norm.bias" }, to: weights)
        #expect(message { _ = try loadModel(directory: directory.path) }
                == "\(weights.path): missing tensor 'wav2vec2.encoder.layers.1.final_layer_norm.bias'")
        try writeSafetensors(all + [("wav2vec2.extra.weight", [2], [1, 2])], to: weights)
        #expect(message { _ = try loadModel(directory: directory.path) }.hasPrefix(
            "\(weights.path): 1 tensor(s) not used by the model: 'wav2vec2.extra.weight'"))
    }

    @Test("compute cost: the encoder's products, WavLM's gate projections and the head")
    func computeCost() throws {
        let model = try HFFixture.all[3].load()   // WavLM base, weighted sum, projector 24, 4 classes
        let samples = 16_000, T = 49, D = 32, H = 4, d = 8, L = 2
        let encoder = model.config.encoder.gemmShapes(samples: samples, classes: 0).reduce(0) { $0 + $1.flops }
        let gate = 2.0 * Double(T * H) * 8 * Double(d) * Double(L)
        let head = 2.0 * Double(T * 24 * D) + 2.0 * Double(4 * 24)
        #expect(model.config.encoder.frameCount(samples: samples) == T)
        #expect(model.flopCount(samples: samples) == encoder + gate + head)
    }
}
