// A torch zip checkpoint (torch.save since 1.6): finds `<prefix>/data.pkl`, unpickles it, and turns
// `_rebuild_tensor_v2` / `_rebuild_parameter` objects over persistent-id storages into `StoredTensor`s.

/// An opened torch zip archive: its central directory, entry prefix and unpickled top-level object.
public struct TorchArchive: Sendable {
    public let zip: ZipReader
    /// Directory of `data.pkl` inside the zip, with its trailing slash (`model/`, `archive/`, or empty).
    public let prefix: String
    /// The unpickled top-level object (tensors still unresolved).
    public let root: PickleValue

    var path: String { zip.file.path }

    /// Opens the zip in `file` and unpickles its `data.pkl`.
    public init(file: MappedFile) throws {
        zip = try ZipReader(file: file)
        let pickles = zip.entries.filter { $0.name == "data.pkl" || $0.name.hasSuffix("/data.pkl") }
        guard let pickle = pickles.min(by: { $0.name.count < $1.name.count }) else {
            throw CheckpointError.missingEntry(path: file.path, entry: "<prefix>/data.pkl")
        }
        prefix = String(pickle.name.dropLast("data.pkl".count))
        if let order = zip.entry(named: prefix + "byteorder") {
            let text = String(decoding: zip.bytes(of: order), as: UTF8.self)
            guard text.hasPrefix("little") else {
                throw CheckpointError.unrecognizedFormat(path: file.path, reason: "byte order '\(text.prefix(20))' "
                    + "is not little-endian")
            }
        }
        root = try Unpickler.load(bytes: zip.bytes(of: pickle), path: file.path, entry: pickle.name)
    }

    /// The tensor `value` rebuilds, nil when `value` is not a tensor. Throws when it is a tensor that cannot be
    /// built: an unknown constructor or storage type, a missing storage, or an extent outside its storage.
    func tensor(from value: PickleValue, name: String) throws -> StoredTensor? {
        guard case let .object(module, function, args, _) = value else { return nil }
        switch (module, function) {
        case ("torch._utils", "_rebuild_tensor_v2"), ("torch._utils", "_rebuild_tensor"):
            return try rebuildTensor(args, name: name)
        case ("torch._utils", "_rebuild_parameter"), ("torch._utils", "_rebuild_parameter_with_state"):
            guard let data = args.first else { throw invalid(name, "_rebuild_parameter without arguments") }
            if let tensor = try tensor(from: data, name: name) { return tensor }
            if case let .object(dataModule, dataName, _, _) = data {
                throw CheckpointError.unknownGlobal(path: path, tensor: name, global: "\(dataModule).\(dataName)")
            }
            throw invalid(name, "_rebuild_parameter of \(data.kindWithArticle)")
        case ("torch._tensor", "_rebuild_from_type_v2"):
            // (function, type, args, state): the tensor is function(*args).
            guard args.count >= 3, case let .global(innerModule, innerName) = args[0],
                  let innerArgs = Self.elements(args[2]) else {
                throw invalid(name, "malformed _rebuild_from_type_v2 arguments")
            }
            let inner = PickleValue.object(module: innerModule, name: innerName, args: innerArgs, state: nil)
            guard let tensor = try tensor(from: inner, name: name) else {
                throw CheckpointError.unknownGlobal(path: path, tensor: name, global: "\(innerModule).\(innerName)")
            }
            return tensor
        default:
            // Another global: a tensor only if it consumes storage data, which this reader will not interpret.
            if module.hasPrefix("torch") && function.contains("rebuild") || Self.containsStorage(value) {
                throw CheckpointError.unknownGlobal(path: path, tensor: name, global: "\(module).\(function)")
            }
            return nil
        }
    }

    /// Every tensor below `value`, with dict keys and list indices joined by `.` onto `prefix`.
    func collectTensors(in value: PickleValue, prefix: String, into result: inout [StoredTensor]) throws {
        if let tensor = try tensor(from: value, name: prefix) {
            result.append(tensor)
            return
        }
        let join = { (component: String) in prefix.isEmpty ? component : prefix + "." + component }
        switch value {
        case let .dict(entries):
            for entry in entries {
                try collectTensors(in: entry.value, prefix: join(entry.key.pathComponent), into: &result)
            }
        case let .list(items), let .tuple(items):
            for (index, item) in items.enumerated() {
                try collectTensors(in: item, prefix: join(String(index)), into: &result)
            }
        default:
            break
        }
    }

    // MARK: - Rebuilding

    /// `_rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])`.
    private func rebuildTensor(_ args: [PickleValue], name: String) throws -> StoredTensor {
        guard args.count >= 4 else { throw invalid(name, "_rebuild_tensor_v2 with \(args.count) arguments") }
        let (dtype, storage) = try resolveStorage(args[0], tensor: name)
        guard case let .int(offset) = args[1] else { throw invalid(name, "storage offset is \(args[1].kindWithArticle)") }
        guard let shape = Self.integers(args[2]) else { throw invalid(name, "size is not a tuple of ints") }
        guard let strides = Self.integers(args[3]) else { throw invalid(name, "stride is not a tuple of ints") }
        return try StoredTensor(name: name, dtype: dtype, shape: shape, strides: strides, storageOffset: offset,
                                storage: storage)
    }

    /// `persistent_load(('storage', torch.FloatStorage, key, location, numel))` → dtype + checked storage range.
    private func resolveStorage(_ value: PickleValue, tensor name: String) throws -> (TensorDType, TensorStorage) {
        guard case let .persistentID(pid) = value else {
            if case let .object(module, function, _, _) = value {
                throw CheckpointError.unknownGlobal(path: path, tensor: name, global: "\(module).\(function)")
            }
            throw invalid(name, "storage argument is \(value.kindWithArticle), not a persistent id")
        }
        guard case let .tuple(fields) = pid, fields.count >= 5, fields[0] == .string("storage"),
              case let .global(typeModule, typeName) = fields[1], case let .string(key) = fields[2],
              case let .int(numel) = fields[4], numel >= 0
        else { throw invalid(name, "unrecognised persistent id \(Self.describe(pid))") }
        guard typeModule == "torch" else {
            throw CheckpointError.unknownGlobal(path: path, tensor: name, global: "\(typeModule).\(typeName)")
        }
        guard let dtype = TensorDType(torchStorage: typeName) else {
            throw CheckpointError.unsupportedDType(path: path, item: name, dtype: "torch.\(typeName)")
        }
        let entryName = prefix + "data/" + key
        guard let entry = zip.entry(named: entryName) else {
            throw CheckpointError.missingEntry(path: path, entry: entryName)
        }
        let (bytes, overflow) = numel.multipliedReportingOverflow(by: dtype.size)
        guard !overflow, bytes <= entry.size else {
            throw CheckpointError.invalidStorage(path: path, storage: entryName, reason: "declares \(numel) "
                + "\(dtype.rawValue) elements but the entry holds \(entry.size) bytes")
        }
        return (dtype, TensorStorage(file: zip.file, name: entryName, byteOffset: entry.dataOffset,
                                     elementCount: numel))
    }

    private func invalid(_ tensor: String, _ reason: String) -> CheckpointError {
        .invalidTensor(path: path, tensor: tensor, reason: reason)
    }

    private static func elements(_ value: PickleValue) -> [PickleValue]? {
        switch value {
        case let .tuple(items), let .list(items): return items
        default: return nil
        }
    }

    private static func integers(_ value: PickleValue) -> [Int]? {
        guard let items = elements(value) else { return nil }
        var result: [Int] = []
        for item in items {
            guard case let .int(number) = item else { return nil }
            result.append(number)
        }
        return result
    }

    /// True when a persistent id (storage) occurs anywhere inside `value`.
    static func containsStorage(_ value: PickleValue) -> Bool {
        switch value {
        case .persistentID: return true
        case let .tuple(items), let .list(items), let .set(items): return items.contains(where: containsStorage)
        case let .dict(entries): return entries.contains { containsStorage($0.key) || containsStorage($0.value) }
        case let .object(_, _, args, state):
            return args.contains(where: containsStorage) || state.map(containsStorage) == true
        default: return false
        }
    }

    private static func describe(_ value: PickleValue) -> String {
        String(String(describing: value).prefix(120))
    }
}
