// FunASR's `AutoModel.generate` conventions for emotion2vec: input keys, list files and result records
// (funasr/auto/auto_model.py `prepare_data_iterator`, funasr/utils/misc.py
// `extract_filename_without_extension`, funasr/models/emotion2vec/model.py `inference`; docs/specs/emotion2vec.md §5).
import Foundation
import EmoCheckpoint
import EmoKernels

/// One input: FunASR's key and the audio path.
public struct FunASRInput: Sendable, Equatable {
    public var key: String
    public var path: String

    public init(key: String, path: String) {
        self.key = key
        self.path = path
    }

    /// An audio path; key = file name without its extension (Python `os.path.splitext(basename)`).
    public init(path: String) {
        self.init(key: FunASRInput.key(forPath: path), path: path)
    }

    /// `os.path.splitext(os.path.basename(path))[0]`: the last extension is removed, but leading dots of
    /// the name do not start one (".wav" stays ".wav").
    public static func key(forPath path: String) -> String {
        let name = String(path.split(separator: "/", omittingEmptySubsequences: false).last ?? "")
        let body = name.drop { $0 == "." }
        guard let dot = body.lastIndex(of: ".") else { return name }
        return String(name[..<dot])
    }

    /// A Kaldi-style list (`wav.scp`): each non-blank line `key<whitespace>path`, split once as FunASR does;
    /// a line with one field is a path keyed by its file name (FunASR would draw a random key).
    public static func list(contentsOf file: String) throws -> [FunASRInput] {
        if let reason = nonRegularFileReason(file) { throw FunASRInputError.notRegularFile(file: file, reason: reason) }
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8)
        else { throw FunASRInputError.unreadable(file: file) }
        var inputs: [FunASRInput] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            let fields = trimmed.split(maxSplits: 1, whereSeparator: { $0 == " " || $0 == "\t" })
            if fields.count == 2 {
                inputs.append(FunASRInput(key: String(fields[0]),
                                          path: fields[1].trimmingCharacters(in: .whitespaces)))
            } else {
                inputs.append(FunASRInput(path: trimmed))
            }
        }
        return inputs
    }
}

/// A list file could not be read.
public enum FunASRInputError: Error, CustomStringConvertible, Equatable {
    case unreadable(file: String)
    /// A directory, FIFO or device given as the list (never opened).
    case notRegularFile(file: String, reason: String)

    public var description: String {
        switch self {
        case let .unreadable(file): return "\(file): cannot read the list file (expected UTF-8 'key path' lines)"
        case let .notRegularFile(file, reason): return "\(file): \(reason)"
        }
    }
}

/// How much of the feature sequence a result carries (FunASR `granularity`).
public enum Granularity: String, Sendable, CaseIterable, Codable {
    /// The utterance embedding, shape (D).
    case utterance
    /// The frame features, shape (T, D).
    case frame
}

/// One FunASR result `{"key", "labels", "scores"[, "feats"]}`, labels as written in tokens.txt.
public struct FunASRRecord: Encodable, Sendable {
    public var key: String
    public var labels: [String]
    public var scores: [Float]
    /// (D) or (T, D) features; nil to leave `feats` out.
    public var feats: Tensor?
    /// SpeechBrain models: `classify_file`'s `out_prob`, `score`, `index`, `text_lab`, written after `scores`.
    public var speechBrain: SpeechBrainClassification?

    public init(key: String, identity: ModelIdentity, output: ModelOutput, granularity: Granularity,
                includeFeats: Bool) {
        self.key = key
        labels = identity.rawLabels
        scores = output.scores
        feats = includeFeats ? FunASRRecord.features(output, granularity: granularity) : nil
    }

    /// The features FunASR returns and saves: the embedding (D) or the frames (T, D).
    public static func features(_ output: ModelOutput, granularity: Granularity) -> Tensor {
        switch granularity {
        case .utterance: return Tensor(shape: [output.embedding.count], data: output.embedding)
        case .frame: return output.frames ?? Tensor(shape: [1, output.embedding.count], data: output.embedding)
        }
    }

    enum CodingKeys: String, CodingKey { case key, labels, scores, feats, outProb = "out_prob", score, index, textLab = "text_lab" }

    /// One line of JSON with the fields in FunASR's order: key, labels, scores, feats.
    public func jsonLine() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        func text<T: Encodable>(_ value: T) throws -> String { String(decoding: try encoder.encode(value), as: UTF8.self) }
        var fields = ["\"key\":" + (try text(key)), "\"labels\":" + (try text(labels)), "\"scores\":" + (try text(scores))]
        if let speechBrain {
            fields += ["\"out_prob\":" + (try text(speechBrain.outProb)), "\"score\":" + (try text(speechBrain.score)),
                       "\"index\":" + (try text(speechBrain.index)), "\"text_lab\":" + (try text(speechBrain.textLab))]
        }
        if let feats {
            fields.append("\"feats\":" + (try text(FeatsValue(tensor: feats))))
        }
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// `feats` as JSON: a flat array for (D), an array of rows for (T, D).
    private struct FeatsValue: Encodable {
        let tensor: Tensor
        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            if tensor.shape.count == 2 {
                let width = tensor.shape[1]
                try container.encode((0..<tensor.shape[0]).map { Array(tensor.data[($0 * width)..<(($0 + 1) * width)]) })
            } else {
                try container.encode(tensor.data)
            }
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(key, forKey: .key)
        try container.encode(labels, forKey: .labels)
        try container.encode(scores, forKey: .scores)
        if let speechBrain {
            try container.encode(speechBrain.outProb, forKey: .outProb)
            try container.encode(speechBrain.score, forKey: .score)
            try container.encode(speechBrain.index, forKey: .index)
            try container.encode(speechBrain.textLab, forKey: .textLab)
        }
        if let feats { try container.encode(FeatsValue(tensor: feats), forKey: .feats) }
    }
}
