// The unpickler's working values: mutable containers are reference boxes (pickle memo semantics), converted to
// immutable `PickleValue`s at STOP with a depth limit, a node budget and cycle detection.

/// A value on the unpickler's stack or in its memo.
indirect enum PickleItem {
    /// Immutable leaves: None, bool, int, float, str, bytes, global.
    case leaf(PickleValue)
    /// A tuple (immutable; boxed so that shared tuples have an identity for size accounting).
    case tuple(PickleTupleBox)
    case list(PickleListBox)
    case dict(PickleDictBox)
    case object(PickleObjectBox)
    case persistentID(PickleItem, depth: Int)

    /// Nesting depth counted through tuples and persistent ids (boxes count as 1: they are torn down one by one).
    var depth: Int {
        switch self {
        case .leaf: return 0
        case let .tuple(box): return box.depth
        case let .persistentID(_, depth): return depth
        case .list, .dict, .object: return 1
        }
    }

    static func makeTuple(_ items: [PickleItem]) -> PickleItem {
        .tuple(PickleTupleBox(items))
    }
}

/// An immutable tuple and its nesting depth (exact, since tuples never change).
final class PickleTupleBox {
    let items: [PickleItem]
    let depth: Int
    init(_ items: [PickleItem]) {
        self.items = items
        depth = 1 + (items.map(\.depth).max() ?? 0)
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
    static let maximumNodes = 2_000_000

    private var nodes = 0
    private var onPath: Set<ObjectIdentifier> = []

    enum Failure: Error { case tooDeep, tooLarge }

    /// Number of values `item` expands to (shared containers counted at every use, as consumers will see them),
    /// computed once per container: throws before a tiny stream can expand into billions of values.
    mutating func checkSize(_ item: PickleItem) throws(Failure) {
        var sizes: [ObjectIdentifier: Int] = [:]
        var path: Set<ObjectIdentifier> = []
        func size(_ item: PickleItem, _ depth: Int) throws(Failure) -> Int {
            guard depth < Self.maximumDepth else { throw .tooDeep }
            let children: [PickleItem]
            let box: AnyObject
            switch item {
            case .leaf: return 1
            case let .persistentID(inner, _): return 1 + (try size(inner, depth + 1))
            case let .tuple(tuple): children = tuple.items; box = tuple
            case let .list(list): children = list.items; box = list
            case let .dict(dict): children = dict.entries.flatMap { [$0.key, $0.value] }; box = dict
            case let .object(object): children = object.args + (object.state.map { [$0] } ?? []); box = object
            }
            let id = ObjectIdentifier(box)
            if let known = sizes[id] { return known }
            guard path.insert(id).inserted else { return 1 }   // a cycle is cut to one value
            defer { path.remove(id) }
            var total = 1
            for child in children {
                total += try size(child, depth + 1)
                guard total <= Self.maximumNodes else { throw .tooLarge }
            }
            sizes[id] = total
            return total
        }
        _ = try size(item, 0)
    }

    mutating func convert(_ item: PickleItem, depth: Int = 0) throws(Failure) -> PickleValue {
        guard depth < Self.maximumDepth else { throw .tooDeep }
        nodes += 1
        guard nodes <= Self.maximumNodes else { throw .tooLarge }
        switch item {
        case let .leaf(value):
            return value
        case let .tuple(box):
            return .tuple(try convertAll(box.items, depth: depth))
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
