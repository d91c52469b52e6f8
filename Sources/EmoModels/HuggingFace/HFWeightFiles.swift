// The weights of a Hugging Face model directory: `model.safetensors`, `pytorch_model.bin`, or either sharded with
// its `*.index.json` (`{"weight_map": {tensor: shard file}}`), in transformers' order of preference
// (`modeling_utils.PreTrainedModel.from_pretrained`: safetensors first). Every shard is memory-mapped, not copied.
import EmoCheckpoint
import Foundation

/// The weight files of a Hugging Face model directory and the tensors they hold.
public struct HFWeightFiles: Sendable {
    /// The file weights were found through: the single weights file, or the shard index.
    public let primary: String
    /// Every file holding tensors (one, or the shards in index order).
    public let files: [String]
    /// All tensors, by state-dict name (the union of the shards, each tensor from the shard the index names).
    public let tensors: [String: StoredTensor]

    /// The names transformers looks for, in its order of preference.
    public static let candidates = ["model.safetensors", "model.safetensors.index.json",
                                    "pytorch_model.bin", "pytorch_model.bin.index.json"]

    /// The first weights file of `candidates` present in `directory`, or nil.
    public static func find(in directory: String) -> String? {
        for name in candidates {
            let path = (directory as NSString).appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                return path
            }
        }
        return nil
    }

    /// Loads the weights at `path` (a weights file or a shard index). Errors name the file and the tensor.
    public init(path: String) throws {
        primary = path
        guard path.hasSuffix(".index.json") else {
            files = [path]
            tensors = try loadCheckpoint(path: path).tensors
            return
        }
        let map = try Self.weightMap(index: path)
        let directory = (path as NSString).deletingLastPathComponent
        var shards: [String: [String: StoredTensor]] = [:]
        var order: [String] = []
        var merged: [String: StoredTensor] = [:]
        for (tensor, shard) in map.sorted(by: { $0.key < $1.key }) {
            if shards[shard] == nil {
                let shardPath = (directory as NSString).appendingPathComponent(shard)
                guard FileManager.default.fileExists(atPath: shardPath) else {
                    throw ModelError.missingFile(directory: directory, file: shard,
                                                 why: "\((path as NSString).lastPathComponent) names it for tensor '\(tensor)'")
                }
                shards[shard] = try loadCheckpoint(path: shardPath).tensors
                order.append(shardPath)
            }
            guard let stored = shards[shard]?[tensor] else {
                throw ModelError.missingTensor(file: (directory as NSString).appendingPathComponent(shard), name: tensor)
            }
            merged[tensor] = stored
        }
        files = order
        tensors = merged
    }

    /// `weight_map` of a shard index: tensor name → shard file name (relative to the index's folder).
    private static func weightMap(index path: String) throws -> [String: String] {
        struct Index: Decodable { var weight_map: [String: String] }
        let map = try JSONConfigFile.decode(Index.self, from: try JSONConfigFile.read(path), file: path).weight_map
        guard !map.isEmpty else {
            throw ModelError.invalidConfig(file: path, field: "weight_map", problem: "names no tensor")
        }
        for (tensor, shard) in map where shard.contains("/") || shard.hasPrefix(".") {
            throw ModelError.invalidConfig(file: path, field: "weight_map.\(tensor)",
                                           problem: "shard '\(shard)' is not a file name in the model directory")
        }
        return map
    }
}
