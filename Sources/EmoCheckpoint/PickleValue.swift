// The values a restricted unpickler produces. Nothing here refers to Python code: globals are names only.

/// A decoded pickle value. Objects of unknown classes stay opaque (`object`), recording how they were built.
public indirect enum PickleValue: Sendable, Equatable {
    case none
    case bool(Bool)
    case int(Int)
    /// An integer that does not fit in 64 bits: little-endian two's-complement bytes.
    case bigInt([UInt8])
    case float(Double)
    case string(String)
    case bytes([UInt8])
    case tuple([PickleValue])
    case list([PickleValue])
    case set([PickleValue])
    /// A dict (plain or `collections.OrderedDict`) in insertion order.
    case dict([PickleDictEntry])
    /// A reference to a global (class or function) by name; never imported.
    case global(module: String, name: String)
    /// The result of calling a global (REDUCE, NEWOBJ) with `args`, then BUILD with `state`.
    case object(module: String, name: String, args: [PickleValue], state: PickleValue?)
    /// A persistent id (torch: a storage reference tuple), unresolved.
    case persistentID(PickleValue)

    /// The dict entries when this is a dict.
    public var dictEntries: [PickleDictEntry]? {
        if case let .dict(entries) = self { return entries }
        return nil
    }

    /// The value for string key `key` when this is a dict.
    public subscript(key: String) -> PickleValue? {
        dictEntries?.first { $0.key == .string(key) }?.value
    }

    /// A short type name for messages ("dict", "tensor-building object torch._utils._rebuild_tensor_v2", ...).
    public var kindName: String {
        switch self {
        case .none: return "None"
        case .bool: return "bool"
        case .int, .bigInt: return "int"
        case .float: return "float"
        case .string: return "str"
        case .bytes: return "bytes"
        case .tuple: return "tuple"
        case .list: return "list"
        case .set: return "set"
        case .dict: return "dict"
        case let .global(module, name): return "global \(module).\(name)"
        case let .object(module, name, _, _): return "\(module).\(name) object"
        case .persistentID: return "persistent id"
        }
    }

    /// `kindName` with its article, for messages ("an int", "a dict", "None").
    public var kindWithArticle: String {
        if case .none = self { return "None" }
        let name = kindName
        return ("aeiou".contains(name.first ?? "x") ? "an " : "a ") + name
    }

    /// The text used when this value is a key in a dotted tensor path (`state.0.exp_avg`).
    var pathComponent: String {
        switch self {
        case let .string(text): return text
        case let .int(value): return String(value)
        case let .bool(value): return value ? "True" : "False"
        case let .float(value): return String(value)
        case .none: return "None"
        default: return "<\(kindName)>"
        }
    }
}

/// One key/value pair of a pickled dict.
public struct PickleDictEntry: Sendable, Equatable {
    public var key: PickleValue
    public var value: PickleValue

    public init(key: PickleValue, value: PickleValue) {
        self.key = key
        self.value = value
    }
}
