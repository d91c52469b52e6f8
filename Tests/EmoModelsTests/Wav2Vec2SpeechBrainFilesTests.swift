// The SpeechBrain side files of a wav2vec2 classifier directory: label_encoder.txt and hyperparams.yaml.
import EmoModels
import EmoTestSupport
import Foundation
import Testing

@Suite("SpeechBrain label_encoder.txt and hyperparams.yaml")
struct Wav2Vec2SpeechBrainFilesTests {
    @Test("the release's label_encoder.txt gives neu, ang, hap, sad in index order")
    func releaseLabels() throws {
        let encoder = try SpeechBrainLabelEncoder(contentsOf: Fixture.path("sb_w2v2_tiny_oldkeys/label_encoder.txt"))
        #expect(encoder.labels == ["neu", "ang", "hap", "sad"])
    }

    @Test("labels follow their indices, not the line order; quotes and escapes are Python's")
    func order() throws {
        let text = "'b' => 1\n\"it's\" => 2\n'a\\'x' => 0\n================\n'starting_index' => 0\n"
        #expect(try SpeechBrainLabelEncoder(text: text, file: "l.txt").labels == ["a'x", "b", "it's"])
        let shifted = "'x' => 1\n'y' => 2\n================\n'starting_index' => 1\n"
        #expect(try SpeechBrainLabelEncoder(text: shifted, file: "l.txt").labels == ["x", "y"])
        #expect(try SpeechBrainLabelEncoder(text: "'x' => 0\r\n'y' => 1\r\n", file: "l.txt").labels == ["x", "y"])
    }

    @Test("a malformed label file names the file and the line", arguments: [
        ("'neu' => 0\n'ang' -> 1\n", "line 2"),
        ("'neu' => 0\nang => 1\n", "line 2"),
        ("'neu' => 0\n'ang' => one\n", "line 2"),
        ("'neu' => 0\n'ang' => 0\n", "line 2"),
        ("'neu' => 0\n'neu' => 1\n", "line 2"),
        ("'neu' => 0\n'ang' => 2\n", "not 0…1"),
        ("================\n'starting_index' => 0\n", "no labels"),
    ])
    func malformed(text: String, expected: String) {
        let error = #expect(throws: ModelError.self) { _ = try SpeechBrainLabelEncoder(text: text, file: "d/label_encoder.txt") }
        let message = error.map { "\($0)" } ?? ""
        #expect(message.hasPrefix("d/label_encoder.txt: ") && message.contains(expected), "\(message)")
    }

    @Test("the release hyperparams: output norm on, no head bias, plain probabilities")
    func releaseHyperparams() throws {
        let hyperparams = try SpeechBrainHyperparams(contentsOf: Fixture.path("sb_w2v2_tiny_newkeys/hyperparams.yaml"))
        #expect(hyperparams.outputNorm && !hyperparams.outputBias && !hyperparams.softmaxAppliesLog)
        #expect(hyperparams.encoderDim == 32 && hyperparams.outputNeurons == 4)
    }

    @Test("SpeechBrain's constructor defaults apply to absent arguments; !ref is followed")
    func defaults() throws {
        let yaml = """
            dim: 16
            wav2vec2: !new:speechbrain.integrations.huggingface.wav2vec2.Wav2Vec2
                source: x
            avg_pool: !new:speechbrain.nnet.pooling.StatisticsPooling
                return_std: False
            output_mlp: !new:speechbrain.nnet.linear.Linear
                input_size: !ref <dim>
                n_neurons: 3
            log_softmax: !new:speechbrain.nnet.activations.Softmax
                apply_log: True
            """
        let hyperparams = try SpeechBrainHyperparams(yaml: yaml, file: "h.yaml")
        #expect(!hyperparams.outputNorm && hyperparams.outputBias && hyperparams.softmaxAppliesLog)
        #expect(hyperparams.outputNeurons == 3 && hyperparams.encoderDim == nil)
    }

    @Test("unsupported settings name the key", arguments: [
        ("wav2vec2: !new:x.Wav2Vec2\n    output_all_hiddens: True\n", "wav2vec2.output_all_hiddens"),
        ("wav2vec2: !new:x.Wav2Vec2\navg_pool: !new:x.StatisticsPooling\n", "avg_pool"),
        ("wav2vec2: !new:x.WavLM\n", "wav2vec2"),
        ("encoder_dim: 768\n", "wav2vec2"),
        ("wav2vec2: !new:x.Wav2Vec2\n    output_norm: maybe\n", "wav2vec2.output_norm"),
    ])
    func unsupported(yaml: String, field: String) {
        let error = #expect(throws: ModelError.self) { _ = try SpeechBrainHyperparams(yaml: yaml, file: "m/hyperparams.yaml") }
        let message = error.map { "\($0)" } ?? ""
        #expect(message.hasPrefix("m/hyperparams.yaml: field '\(field)'"), "\(message)")
    }
}
