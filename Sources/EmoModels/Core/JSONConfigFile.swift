// The JSON files of a Hugging Face model directory (config.json, preprocessor_config.json, a sharded-weights
// index): one place that reads them and turns a decoding failure into one line naming the file and the field.
import EmoCheckpoint
import Foundation

enum JSONConfigFile {
    /// The bytes of `path`; `ModelError.invalidConfig` naming it when it is not a regular file (checked before
    /// reading: a FIFO would block the read forever) or cannot be read.
    static func read(_ path: String) throws -> Data {
        if let reason = nonRegularFileReason(path) {
            throw ModelError.invalidConfig(file: path, field: "", problem: reason)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ModelError.invalidConfig(file: path, field: "", problem: "cannot read the file")
        }
        return data
    }

    /// `data` (the contents of `file`) decoded as `T`; a `DecodingError` becomes `ModelError.invalidConfig` with
    /// the dotted path of the offending field (`conv_dim.3`) and what was wrong with it.
    static func decode<T: Decodable>(_ type: T.Type, from data: Data, file: String) throws -> T {
        do { return try JSONDecoder().decode(type, from: data) } catch let error as DecodingError {
            throw ModelError.invalidConfig(file: file, field: error.jsonFieldPath, problem: error.jsonProblem)
        }
    }
}

extension DecodingError {
    /// The dotted path of the offending field (`conv_dim.3`), empty for the top level.
    var jsonFieldPath: String {
        let path: [CodingKey]
        switch self {
        case let .typeMismatch(_, context), let .valueNotFound(_, context), let .dataCorrupted(context):
            path = context.codingPath
        case let .keyNotFound(key, context):
            path = context.codingPath + [key]
        @unknown default:
            path = []
        }
        return path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }

    /// What went wrong, in one line.
    var jsonProblem: String {
        switch self {
        case let .typeMismatch(type, _): return "expected a value of type \(type)"
        case let .valueNotFound(type, _): return "expected a value of type \(type), found null"
        case .keyNotFound: return "missing field"
        case let .dataCorrupted(context): return context.debugDescription
        @unknown default: return "cannot be decoded"
        }
    }
}
