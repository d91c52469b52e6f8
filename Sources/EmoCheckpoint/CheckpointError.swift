// Errors of the checkpoint reader. Every case names the file, the item (entry, tensor, storage) and the problem.

/// A checkpoint file could not be read. `description` is one line fit for the command line.
public enum CheckpointError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file could not be opened or mapped.
    case cannotOpen(path: String, reason: String)
    /// The file is neither a torch zip archive nor a safetensors file.
    case unrecognizedFormat(path: String, reason: String)
    /// A pre-1.6 torch file (pickle stream or tar), which is not supported.
    case legacyTorchFormat(path: String)
    /// The zip container is damaged (bad end record, central directory, local header, bounds).
    case malformedZip(path: String, reason: String)
    /// A zip entry is compressed; torch writes every entry stored.
    case compressedEntry(path: String, entry: String, method: Int)
    /// A required zip entry is missing.
    case missingEntry(path: String, entry: String)
    /// The pickle stream is invalid at `offset` (stack underflow, truncated argument, bad memo index...).
    case malformedPickle(path: String, entry: String, offset: Int, reason: String)
    /// The pickle stream uses an opcode this reader does not implement.
    case unsupportedOpcode(path: String, entry: String, offset: Int, opcode: UInt8)
    /// A tensor is built from a global this reader will not interpret.
    case unknownGlobal(path: String, tensor: String, global: String)
    /// A storage or tensor element type that is not supported.
    case unsupportedDType(path: String, item: String, dtype: String)
    /// A tensor's metadata is invalid or its extent lies outside its storage.
    case invalidTensor(path: String, tensor: String, reason: String)
    /// A storage lies outside the file or disagrees with its declared size.
    case invalidStorage(path: String, storage: String, reason: String)
    /// The top-level object holds no usable state dict.
    case notAStateDict(path: String, reason: String)
    /// A safetensors header or data section is invalid.
    case malformedSafetensors(path: String, reason: String)

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason):
            return "\(path): cannot open checkpoint: \(reason)"
        case let .unrecognizedFormat(path, reason):
            return "\(path): not a torch zip checkpoint or safetensors file: \(reason)"
        case let .legacyTorchFormat(path):
            return "\(path): legacy (pre-1.6, non-zip) torch serialization is not supported\n"
                + "hint: re-save it with PyTorch: python -c \"import torch; f='\(path)'; "
                + "torch.save(torch.load(f, weights_only=False), f, _use_new_zipfile_serialization=True)\""
        case let .malformedZip(path, reason):
            return "\(path): damaged zip container: \(reason)"
        case let .compressedEntry(path, entry, method):
            return "\(path): zip entry '\(entry)' is compressed (method \(method)); torch checkpoints store entries "
                + "uncompressed"
        case let .missingEntry(path, entry):
            return "\(path): zip entry '\(entry)' is missing"
        case let .malformedPickle(path, entry, offset, reason):
            return "\(path): \(entry): invalid pickle at byte \(offset): \(reason)"
        case let .unsupportedOpcode(path, entry, offset, opcode):
            return "\(path): \(entry): unsupported pickle opcode \(PickleOpcode.displayName(opcode)) at byte \(offset)"
        case let .unknownGlobal(path, tensor, global):
            return "\(path): tensor '\(tensor)' is built from the unsupported global '\(global)' (nothing is imported "
                + "or executed)"
        case let .unsupportedDType(path, item, dtype):
            return "\(path): '\(item)' has unsupported element type '\(dtype)'"
        case let .invalidTensor(path, tensor, reason):
            return "\(path): tensor '\(tensor)': \(reason)"
        case let .invalidStorage(path, storage, reason):
            return "\(path): storage '\(storage)': \(reason)"
        case let .notAStateDict(path, reason):
            return "\(path): no state dict found: \(reason)"
        case let .malformedSafetensors(path, reason):
            return "\(path): invalid safetensors file: \(reason)"
        }
    }
}
