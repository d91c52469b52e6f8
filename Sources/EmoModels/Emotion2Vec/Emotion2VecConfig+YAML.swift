// Reading an emotion2vec `config.yaml`: the file's top level, and decoding errors turned into field paths.
import EmoCheckpoint
import Foundation
import Yams

/// The parts of an emotion2vec `config.yaml` that inference uses.
public struct Emotion2VecConfigFile: Codable, Sendable, Equatable {
    /// FunASR model class name ("Emotion2vec").            // model
    public var model: String?
    /// Architecture.                                       // model_conf
    public var modelConf: Emotion2VecConfig
    /// Tokenizer class; FunASR builds the classifier head only when one is named.  // tokenizer
    public var tokenizer: String?
    /// Tokenizer options (the unknown symbol).             // tokenizer_conf
    public var tokenizerConf: TokenizerConf?

    public struct TokenizerConf: Codable, Sendable, Equatable {
        /// Label that must be present in tokens.txt (FunASR default `<unk>`).  // unk_symbol
        public var unkSymbol: String?

        enum CodingKeys: String, CodingKey { case unkSymbol = "unk_symbol" }
    }

    enum CodingKeys: String, CodingKey {
        case model
        case modelConf = "model_conf"
        case tokenizer
        case tokenizerConf = "tokenizer_conf"
    }

    /// Whether FunASR would build a classifier head (a tokenizer is configured).
    public var hasClassifierHead: Bool { tokenizer != nil }
    /// The unknown symbol FunASR requires in tokens.txt.
    public var unknownSymbol: String { tokenizerConf?.unkSymbol ?? "<unk>" }

    /// Decodes `config.yaml` text; errors name `file` and the field path.
    public init(yaml text: String, file: String) throws {
        do {
            self = try YAMLDecoder().decode(Emotion2VecConfigFile.self, from: text)
        } catch let error as DecodingError {
            throw Emotion2VecConfigFile.describe(error, file: file)
        } catch {
            throw ModelError.invalidConfig(file: file, field: "", problem: "not valid YAML: \(error)")
        }
        if let model, model != "Emotion2vec" {
            throw ModelError.invalidConfig(file: file, field: "model",
                                           problem: "'\(model)' is not an emotion2vec model (expected 'Emotion2vec')")
        }
        try modelConf.validate(file: file)
    }

    /// Reads and decodes the file at `path`.
    public init(contentsOf path: String) throws {
        // Checked before reading: a FIFO would block the read forever.
        if let reason = nonRegularFileReason(path) { throw ModelError.invalidConfig(file: path, field: "", problem: reason) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ModelError.invalidConfig(file: path, field: "", problem: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ModelError.invalidConfig(file: path, field: "", problem: "not valid UTF-8")
        }
        try self.init(yaml: text, file: path)
    }

    /// `DecodingError` → `ModelError.invalidConfig` with the dotted YAML path, e.g. `model_conf.embed_dim`.
    static func describe(_ error: DecodingError, file: String) -> ModelError {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case let .keyNotFound(key, context):
            return .missingConfigField(file: file, field: path(context.codingPath + [key]))
        case let .typeMismatch(type, context):
            return .invalidConfig(file: file, field: path(context.codingPath),
                                  problem: "expected a value of type \(type)")
        case let .valueNotFound(type, context):
            return .invalidConfig(file: file, field: path(context.codingPath),
                                  problem: "expected a value of type \(type), found null")
        case let .dataCorrupted(context):
            return .invalidConfig(file: file, field: path(context.codingPath), problem: context.debugDescription)
        @unknown default:
            return .invalidConfig(file: file, field: "", problem: "\(error)")
        }
    }
}
