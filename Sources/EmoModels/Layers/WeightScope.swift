// Scoped, shape-checked access to a checkpoint's tensors (candle's `VarBuilder.pp`), recording what was used.
import EmoCheckpoint
import EmoKernels

/// A view of a checkpoint's state dict under a name prefix.
///
/// `scope("blocks").scope("0").weight("norm1.weight", shape: [D])` asks for
/// `blocks.0.norm1.weight`; a missing tensor or a different shape throws a `ModelError` naming the tensor
/// and the file. Every tensor handed out is recorded, so `checkAllConsumed(ignoring:)` can list the keys no
/// layer asked for. Weights are zero-copy views of the memory-mapped file when the tensor is stored as
/// contiguous little-endian float32.
public struct WeightScope {
    private let store: Store
    /// Prefix of this scope, ending in "." unless empty.
    public let prefix: String

    /// A root scope over `tensors` (the unwrapped state dict) read from `file`. `precision` is what the
    /// quantizable linear layers built from this scope use (`LinearLayer(…, quantizable: true)`).
    public init(tensors: [String: StoredTensor], file: String, precision: Precision = .fp32) {
        store = Store(tensors: tensors, file: file, precision: precision)
        prefix = ""
    }

    private init(store: Store, prefix: String) {
        self.store = store
        self.prefix = prefix
    }

    /// The checkpoint file, for error messages.
    public var file: String { store.file }

    /// The precision of the quantizable linear layers read through this scope.
    public var precision: Precision { store.precision }

    /// The full checkpoint name of `name` in this scope (for error messages).
    public func key(_ name: String) -> String { prefix + name }

    /// A child scope: `scope("attn")` under `blocks.0.` is `blocks.0.attn.`.
    public func scope(_ name: String) -> WeightScope {
        WeightScope(store: store, prefix: prefix + name + ".")
    }

    /// The tensor `prefix + name`, checked against `shape`, as an immutable kernel weight.
    public func weight(_ name: String, shape: [Int]) throws -> Weight {
        let key = prefix + name
        guard let tensor = store.tensors[key] else { throw ModelError.missingTensor(file: file, name: key) }
        guard tensor.shape == shape else {
            throw ModelError.shapeMismatch(file: file, name: key, expected: shape, got: tensor.shape)
        }
        let buffer: FloatBuffer
        do {
            buffer = try tensor.float32()
        } catch {
            throw ModelError.unreadableTensor(file: file, name: key, problem: "\(error)")
        }
        store.consumed.insert(key)
        return Weight(shape: shape, base: buffer.baseAddress, owner: buffer)
    }

    /// The tensor's values copied into an array (for small parameters read once, e.g. `alibi_scale`).
    public func values(_ name: String, shape: [Int]) throws -> [Float] {
        let weight = try self.weight(name, shape: shape)
        return weight.withUnsafeBufferPointer { Array($0) }
    }

    /// Shape of `prefix + name` without consuming it; nil when absent.
    public func shape(of name: String) -> [Int]? {
        store.tensors[prefix + name]?.shape
    }

    /// Whether `prefix + name` exists.
    public func contains(_ name: String) -> Bool { store.tensors[prefix + name] != nil }

    /// The distinct integer components right below this scope, sorted: under `blocks.` with keys
    /// `blocks.0.x`, `blocks.1.y` this is [0, 1]. Used to count layers from the keys.
    public func childIndices() -> [Int] {
        var indices = Set<Int>()
        for key in store.tensors.keys where key.hasPrefix(prefix) {
            let rest = key.dropFirst(prefix.count)
            if let dot = rest.firstIndex(of: "."), let index = Int(rest[..<dot]), index >= 0 { indices.insert(index) }
        }
        return indices.sorted()
    }

    /// Throws `ModelError.unusedTensors` listing (the first 10 of) the keys nobody asked for, apart from
    /// those starting with one of `ignoredPrefixes` (deliberately ignored keys, named by the model).
    public func checkAllConsumed(ignoring ignoredPrefixes: [String] = []) throws {
        let leftovers = store.tensors.keys.filter { key in
            !store.consumed.contains(key) && !ignoredPrefixes.contains { key.hasPrefix($0) }
        }.sorted()
        guard leftovers.isEmpty else {
            throw ModelError.unusedTensors(file: file, names: Array(leftovers.prefix(10)), count: leftovers.count)
        }
    }

    /// Shared state of all scopes of one checkpoint. Loading is single-threaded, hence not Sendable.
    private final class Store {
        let tensors: [String: StoredTensor]
        let file: String
        let precision: Precision
        var consumed: Set<String> = []

        init(tensors: [String: StoredTensor], file: String, precision: Precision) {
            self.tensors = tensors
            self.file = file
            self.precision = precision
        }
    }
}
