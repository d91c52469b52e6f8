// Opening a checkpoint file: torch zip or safetensors by magic, then the state dict is unwrapped and bound.

/// The container format of a checkpoint file.
public enum CheckpointFormat: String, Sendable, Codable {
    /// `torch.save` zip archive (`.pt`, `.ckpt`, `.bin`).
    case torchZip = "torch-zip"
    /// Hugging Face safetensors.
    case safetensors
}

/// A loaded checkpoint: the state dict's tensors, views into the memory-mapped file.
public struct Checkpoint: Sendable {
    /// The file as given.
    public let path: String
    public let format: CheckpointFormat
    /// File size in bytes.
    public let fileSize: Int
    /// The unwrapped state dict (under `state_dict` / `model_state_dict` / `model` when present; a leading
    /// `module.` removed from every key).
    public let tensors: [String: StoredTensor]
    /// Tensor names in file order.
    public let tensorNames: [String]
    /// The top-level key the state dict was found under, nil for a bare state dict.
    public let stateDictKey: String?
    /// True when a leading `module.` was removed from the keys.
    public let strippedModulePrefix: Bool
    /// Top-level entries (and non-tensor state-dict entries) that were not used.
    public let ignoredEntries: [String]
    /// Torch archives: the whole unpickled top-level object (tensors unresolved).
    public let root: PickleValue?
    private let archive: TorchArchive?

    /// The tensors in file order.
    public var orderedTensors: [StoredTensor] { tensorNames.compactMap { tensors[$0] } }

    /// Every tensor anywhere in the file (optimizer state, configs...), nested keys joined by `.`, names
    /// unchanged (no unwrapping, no prefix stripping). For safetensors the same as `orderedTensors`.
    public func allTensors() throws -> [StoredTensor] {
        guard let archive, let root else { return orderedTensors }
        var result: [StoredTensor] = []
        try archive.collectTensors(in: root, prefix: "", into: &result)
        return result
    }

    init(path: String, format: CheckpointFormat, fileSize: Int, orderedTensors: [StoredTensor],
         stateDictKey: String?, strippedModulePrefix: Bool, ignoredEntries: [String], root: PickleValue?,
         archive: TorchArchive?) throws {
        var tensors: [String: StoredTensor] = [:]
        for tensor in orderedTensors {
            guard tensors[tensor.name] == nil else {
                throw CheckpointError.invalidTensor(path: path, tensor: tensor.name, reason: "appears twice in the "
                    + "state dict" + (strippedModulePrefix ? " (after removing 'module.')" : ""))
            }
            tensors[tensor.name] = tensor
        }
        self.path = path
        self.format = format
        self.fileSize = fileSize
        self.tensors = tensors
        self.tensorNames = orderedTensors.map(\.name)
        self.stateDictKey = stateDictKey
        self.strippedModulePrefix = strippedModulePrefix
        self.ignoredEntries = ignoredEntries
        self.root = root
        self.archive = archive
    }
}

/// Keys that wrap a state dict, checked in this order (as FunASR's `load_pretrained_model` does).
let stateDictWrapperKeys = ["state_dict", "model_state_dict", "model"]

/// Opens a torch zip checkpoint (`.pt`, `.ckpt`) or a `.safetensors` file, recognised by content, memory-maps it
/// and binds every tensor of its state dict. Every storage and tensor extent is checked before anything is read.
/// Throws `CheckpointError`.
public func loadCheckpoint(path: String) throws -> Checkpoint {
    let file = try MappedFile(path: path)
    let bytes = file.allBytes
    if bytes.count >= 4, bytes.u32(0) == 0x0403_4b50 || bytes.u32(0) == 0x0605_4b50 {
        return try loadTorchCheckpoint(file)
    }
    if bytes.count >= 2, bytes[0] == 0x80, bytes[1] <= 5 {
        throw CheckpointError.legacyTorchFormat(path: path)
    }
    if bytes.count > 262, bytes[257..<262].elementsEqual("ustar".utf8) {
        throw CheckpointError.legacyTorchFormat(path: path)   // torch < 0.4 tar format
    }
    if SafetensorsFile.looksLikeSafetensors(bytes) {
        return try SafetensorsFile.load(file)
    }
    let head = bytes.prefix(8).map { String($0, radix: 16) }.joined(separator: " ")
    throw CheckpointError.unrecognizedFormat(path: path, reason: bytes.isEmpty ? "empty file"
        : "unknown magic bytes [\(head)]")
}

private func loadTorchCheckpoint(_ file: MappedFile) throws -> Checkpoint {
    let archive = try TorchArchive(file: file)
    let path = file.path
    guard let topEntries = archive.root.dictEntries else {
        throw CheckpointError.notAStateDict(path: path, reason: "the top-level object is \(archive.root.kindWithArticle), "
            + "not a dict")
    }
    var stateDict = topEntries
    var wrapperKey: String?
    var ignored: [String] = []
    for key in stateDictWrapperKeys {
        if let inner = archive.root[key]?.dictEntries {
            stateDict = inner
            wrapperKey = key
            ignored = topEntries.map(\.key.pathComponent).filter { $0 != key }
            break
        }
    }
    let keyPrefix = wrapperKey.map { $0 + "." } ?? ""
    var tensors: [StoredTensor] = []
    tensors.reserveCapacity(stateDict.count)
    var stripped = false
    for entry in stateDict {
        let rawName = entry.key.pathComponent
        guard let tensor = try archive.tensor(from: entry.value, name: keyPrefix + rawName) else {
            ignored.append(keyPrefix + rawName)
            continue
        }
        var name = rawName
        if name.hasPrefix("module.") {
            name.removeFirst("module.".count)
            stripped = true
        }
        tensors.append(tensor.renamed(name))
    }
    return try Checkpoint(path: path, format: .torchZip, fileSize: file.count, orderedTensors: tensors,
                          stateDictKey: wrapperKey, strippedModulePrefix: stripped, ignoredEntries: ignored,
                          root: archive.root, archive: archive)
}
