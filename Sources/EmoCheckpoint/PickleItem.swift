// The unpickler's working values: mutable containers are reference boxes (pickle memo semantics), converted to
// immutable `PickleValue`s at STOP with a depth limit, a node budget and cycle detection.

/// A value on the unpickler's stack or in its memo.
indirect enum PickleItem {
    /// Immutable leaves: None, bool, int, float, str, bytes, global.
    case leaf(PickleValue)
    /// A tuple with its nesting depth (tuples are immutable, so the depth is exact).
    case tuple([PickleItem], depth: Int)
    case list(PickleListBox)
    case dict(PickleDictBox)
    case object(PickleObjectBox)
    case persistentID(PickleItem, depth: Int)

    /// Nesting depth counted through tuples and persistent ids (boxes count as 1: they are torn down one by one).
    var depth: Int {
        switch self {
        case .leaf: return 0
        case let .tuple(_, depth), let .persistentID(_, depth): return depth
        case .list, .dict, .object: return 1
        }
    }

    static func makeTuple(_ items: [PickleItem]) -> PickleItem {
        .tuple(items, depth: 1 + (items.map(\.depth).max() ?? 0))
    }
}

/// A list or set under construction.
final class PickleListBox {
    let isSet: Bool
    var items: [PickleItem] = []
    init(isSet: Bool) { self.isSet = isSet }
}

/// A dict under construction, keeping insertion order; string/int keys replace earlier values as in Python.
final class PickleDictBox {
    private(set) var entries: [(key: PickleItem, value: PickleItem)] = []
    private var positions: [PickleScalarKey: Int] = [:]

    func set(_ key: PickleItem, _ value: PickleItem) {
        if let scalar = PickleScalarKey(key) {
            if let at = positions[scalar] { entries[at].value = value; return }
            positions[scalar] = entries.count
        }
        entries.append((key, value))
    }

    func removeAll() {
        entries.removeAll()
        positions.removeAll()
    }
}

/// An opaque object: the global that made it, its arguments and its BUILD state.
final class PickleObjectBox {
    let module: String
    let name: String
    var args: [PickleItem]
    var state: PickleItem?
    init(module: String, name: String, args: [PickleItem]) {
        self.module = module
        self.name = name
        self.args = args
    }
}

/// Hashable form of the dict keys that state dicts use.
private enum PickleScalarKey: Hashable {
    case string(String)
    case int(Int)
    init?(_ item: PickleItem) {
        switch item {
        case let .leaf(.string(text)): self = .string(text)
        case let .leaf(.int(value)): self = .int(value)
        default: return nil
        }
    }
}

/// Converts working items into `PickleValue`s, refusing structures too deep or too large to be a checkpoint.
struct PickleConverter {
    static let maximumDepth = 200
    static let maximumNodes = 5_000_000

    private var nodes = 0
    private var onPath: Set<ObjectIdentifier> = []

    enum Failure: Error { case tooDeep, tooLarge }

    mutating func convert(_ item: PickleItem, depth: Int = 0) throws(Failure) -> PickleValue {
        guard depth < Self.maximumDepth else { throw .tooDeep }
        nodes += 1
        guard nodes <= Self.maximumNodes else { throw .tooLarge }
        switch item {
        case let .leaf(value):
            return value
        case let .tuple(items, _):
            return .tuple(try convertAll(items, depth: depth))
        case let .persistentID(inner, _):
            return .persistentID(try convert(inner, depth: depth + 1))
        case let .list(box):
            guard enter(box) else { return Self.recursive }
            defer { leave(box) }
            let items = try convertAll(box.items, depth: depth)
            return box.isSet ? .set(items) : .list(items)
        case let .dict(box):
            guard enter(box) else { return Self.recursive }
            defer { leave(box) }
            var entries: [PickleDictEntry] = []
            entries.reserveCapacity(box.entries.count)
            for entry in box.entries {
                entries.append(PickleDictEntry(key: try convert(entry.key, depth: depth + 1),
                                               value: try convert(entry.value, depth: depth + 1)))
            }
            return .dict(entries)
        case let .object(box):
            guard enter(box) else { return Self.recursive }
            defer { leave(box) }
            let args = try convertAll(box.args, depth: depth)
            let state = try box.state.map { (state) throws(Failure) in try convert(state, depth: depth + 1) }
            return .object(module: box.module, name: box.name, args: args, state: state)
        }
    }

    private mutating func convertAll(_ items: [PickleItem], depth: Int) throws(Failure) -> [PickleValue] {
        var values: [PickleValue] = []
        values.reserveCapacity(items.count)
        for item in items { values.append(try convert(item, depth: depth + 1)) }
        return values
    }

    /// A reference cycle (a container that contains itself) is cut here.
    private static let recursive = PickleValue.object(module: "builtins", name: "<recursive reference>",
                                                      args: [], state: nil)

    private mutating func enter(_ box: AnyObject) -> Bool { onPath.insert(ObjectIdentifier(box)).inserted }
    private mutating func leave(_ box: AnyObject) { onPath.remove(ObjectIdentifier(box)) }
}
