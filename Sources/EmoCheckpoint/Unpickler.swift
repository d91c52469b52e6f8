// A restricted pickle interpreter: it builds values, never imports or calls anything. Globals become names;
// calling one (REDUCE / NEWOBJ) records an opaque object, except for the few builtin containers it knows.

/// Decodes one pickle stream (protocols 2–5 as written by `torch.save`; a few protocol-0 opcodes too).
public struct Unpickler {
    /// File path and entry name, used in error messages.
    let path: String
    let entry: String
    private let bytes: UnsafeRawBufferPointer

    var position = 0
    var opcodeOffset = 0
    private var stack: [PickleItem] = []
    private var marks: [Int] = []
    private var memo: [Int: PickleItem] = [:]
    /// Every container created, so they can be emptied one by one at the end (no deep recursive release).
    private var boxes: [AnyObject] = []

    /// Deepest tuple/persistent-id nesting accepted while parsing.
    private static let maximumNesting = 200
    /// Longest text line (GLOBAL, INT...) accepted.
    static let lineLimit = 4096

    var bytesCount: Int { bytes.count }
    func byte(at offset: Int) -> UInt8 { bytes[offset] }
    func slice(_ start: Int, _ count: Int) -> UnsafeRawBufferPointer.SubSequence { bytes[start..<start + count] }

    /// Prepares to decode `bytes` (entry `entry` of file `path`).
    public init(bytes: UnsafeRawBufferPointer, path: String, entry: String) {
        self.bytes = bytes
        self.path = path
        self.entry = entry
    }

    /// Decodes the stream up to STOP. Throws `CheckpointError.malformedPickle` / `.unsupportedOpcode`.
    public static func load(bytes: UnsafeRawBufferPointer, path: String, entry: String) throws -> PickleValue {
        var unpickler = Unpickler(bytes: bytes, path: path, entry: entry)
        return try unpickler.run()
    }

    mutating func run() throws -> PickleValue {
        defer { tearDown() }
        while true {
            opcodeOffset = position
            let byte = try readByte()
            guard let opcode = PickleOpcode(rawValue: byte) else {
                throw CheckpointError.unsupportedOpcode(path: path, entry: entry, offset: opcodeOffset, opcode: byte)
            }
            if opcode == .stop {
                let result = try pop()
                var converter = PickleConverter()
                do {
                    try converter.checkSize(result)
                    return try converter.convert(result)
                } catch .tooDeep {
                    throw fail("values nested deeper than \(PickleConverter.maximumDepth) levels")
                } catch {
                    throw fail("more than \(PickleConverter.maximumNodes) values")
                }
            }
            try execute(opcode)
        }
    }

    // MARK: - Opcodes

    private mutating func execute(_ opcode: PickleOpcode) throws {
        switch opcode {
        case .proto: _ = try readByte()
        case .frame: _ = try read(8)
        case .stop: break
        case .mark: marks.append(stack.count)
        case .pop: _ = try pop()
        case .popMark: _ = try popToMark()
        case .dup: push(try top())
        case .none: push(.leaf(.none))
        case .newTrue: push(.leaf(.bool(true)))
        case .newFalse: push(.leaf(.bool(false)))
        case .binInt: push(.leaf(.int(Int(Int32(bitPattern: UInt32(try readInteger(4)))))))
        case .binInt1: push(.leaf(.int(Int(try readByte()))))
        case .binInt2: push(.leaf(.int(try readInteger(2))))
        case .long1: push(.leaf(try readLong(count: Int(try readByte()))))
        case .long4: push(.leaf(try readLong(count: try readLength(4))))
        case .int: push(.leaf(try parseTextInt(try readLine())))
        case .long: push(.leaf(try parseTextInt(try readLine(), trailingL: true)))
        case .binFloat:
            let raw = try read(8)
            var bits: UInt64 = 0
            for byte in raw { bits = bits << 8 | UInt64(byte) }   // big-endian
            push(.leaf(.float(Double(bitPattern: bits))))
        case .float:
            guard let value = Double(try readLine()) else { throw fail("bad FLOAT text") }
            push(.leaf(.float(value)))
        case .binUnicode: push(.leaf(.string(try readText(length: try readLength(4)))))
        case .shortBinUnicode: push(.leaf(.string(try readText(length: Int(try readByte())))))
        case .binUnicode8: push(.leaf(.string(try readText(length: try readLength(8)))))
        case .shortBinString: push(.leaf(.string(try readText(length: Int(try readByte())))))
        case .binString: push(.leaf(.string(try readText(length: try readLength(4)))))
        case .unicode: push(.leaf(.string(try readLine())))
        case .binBytes: push(.leaf(.bytes(Array(try read(try readLength(4))))))
        case .shortBinBytes: push(.leaf(.bytes(Array(try read(Int(try readByte()))))))
        case .binBytes8, .byteArray8: push(.leaf(.bytes(Array(try read(try readLength(8))))))
        case .emptyTuple: push(PickleItem.makeTuple([]))
        case .tuple: push(try makeTuple(try popToMark()))
        case .tuple1: push(try makeTuple(try pop(1)))
        case .tuple2: push(try makeTuple(try pop(2)))
        case .tuple3: push(try makeTuple(try pop(3)))
        case .emptyList: push(.list(newList(isSet: false)))
        case .list:
            let box = newList(isSet: false)
            box.items = try popToMark()
            push(.list(box))
        case .emptySet: push(.list(newList(isSet: true)))
        case .frozenSet:
            let box = newList(isSet: true)
            box.items = try popToMark()
            push(.list(box))
        case .append: try append([try pop()])
        case .appends, .addItems: try append(try popToMark())
        case .emptyDict: push(.dict(newDict()))
        case .dict:
            let box = newDict()
            try setItems(in: box, try popToMark())
            push(.dict(box))
        case .setItem:
            let pair = try pop(2)
            try setItems(pair)
        case .setItems: try setItems(try popToMark())
        case .global:
            let module = try readLine()
            let name = try readLine()
            push(.leaf(.global(module: module, name: name)))
        case .stackGlobal:
            let pair = try pop(2)
            guard case let .leaf(.string(module)) = pair[0], case let .leaf(.string(name)) = pair[1] else {
                throw fail("STACK_GLOBAL needs two strings")
            }
            push(.leaf(.global(module: module, name: name)))
        case .reduce:
            let pair = try pop(2)
            guard case let .tuple(args) = pair[1] else { throw fail("REDUCE arguments are not a tuple") }
            push(call(pair[0], args: args.items))
        case .newObj:
            let pair = try pop(2)
            guard case let .tuple(args) = pair[1] else { throw fail("NEWOBJ arguments are not a tuple") }
            push(call(pair[0], args: args.items))
        case .newObjEx:
            let triple = try pop(3)
            guard case let .tuple(args) = triple[1] else { throw fail("NEWOBJ_EX arguments are not a tuple") }
            push(call(triple[0], args: args.items + [triple[2]]))
        case .build:
            let state = try pop()
            if case let .object(box) = try top() { box.state = state }
            // BUILD on a dict (torch's OrderedDict `_metadata`) or anything else sets attributes we do not need.
        case .binPersID:
            let pid = try pop()
            guard pid.depth < Self.maximumNesting else { throw fail("persistent id nested too deeply") }
            push(.persistentID(pid, depth: pid.depth + 1))
        case .persID: push(.persistentID(.leaf(.string(try readLine())), depth: 1))
        case .binPut: memo[Int(try readByte())] = try top()
        case .longBinPut: memo[try readLength(4)] = try top()
        case .put: memo[try parseMemoIndex(try readLine())] = try top()
        case .memoize: memo[memo.count] = try top()
        case .binGet: push(try memoItem(Int(try readByte())))
        case .longBinGet: push(try memoItem(try readLength(4)))
        case .get: push(try memoItem(try parseMemoIndex(try readLine())))
        case .string, .inst, .obj, .ext1, .ext2, .ext4, .nextBuffer, .readonlyBuffer:
            throw CheckpointError.unsupportedOpcode(path: path, entry: entry, offset: opcodeOffset,
                                                    opcode: opcode.rawValue)
        }
    }

    /// REDUCE / NEWOBJ: builtin containers are built; any other global becomes an opaque object.
    private mutating func call(_ callable: PickleItem, args: [PickleItem]) -> PickleItem {
        guard case let .leaf(.global(module, name)) = callable else {
            let box = PickleObjectBox(module: "builtins", name: "<call of \(Self.kind(callable))>", args: args)
            boxes.append(box)
            return .object(box)
        }
        switch (module, name) {
        case ("collections", "OrderedDict"), ("builtins", "dict"), ("__builtin__", "dict"):
            let box = newDict()
            if args.count == 1, let pairs = Self.elements(args[0]) {
                for pair in pairs {
                    if case let .tuple(kv) = pair, kv.items.count == 2 { box.set(kv.items[0], kv.items[1]) }
                }
                return .dict(box)
            }
            if args.isEmpty { return .dict(box) }
        case ("builtins", "set"), ("builtins", "frozenset"), ("__builtin__", "set"), ("__builtin__", "frozenset"):
            let box = newList(isSet: true)
            if args.count == 1, let items = Self.elements(args[0]) { box.items = items; return .list(box) }
            if args.isEmpty { return .list(box) }
        case ("builtins", "list"), ("__builtin__", "list"):
            let box = newList(isSet: false)
            if args.count == 1, let items = Self.elements(args[0]) { box.items = items; return .list(box) }
            if args.isEmpty { return .list(box) }
        default:
            break
        }
        let box = PickleObjectBox(module: module, name: name, args: args)
        boxes.append(box)
        return .object(box)
    }

    private static func elements(_ item: PickleItem) -> [PickleItem]? {
        switch item {
        case let .tuple(tuple): return tuple.items
        case let .list(box): return box.items
        default: return nil
        }
    }

    private static func kind(_ item: PickleItem) -> String {
        switch item {
        case let .leaf(value): return value.kindName
        case .tuple: return "tuple"
        case .list: return "list"
        case .dict: return "dict"
        case let .object(box): return "\(box.module).\(box.name) object"
        case .persistentID: return "persistent id"
        }
    }

    private mutating func append(_ items: [PickleItem]) throws {
        switch try top() {
        case let .list(box): box.items.append(contentsOf: items)
        case .object: break   // a list subclass: its items are not needed
        default: throw fail("APPEND(S) to a \(Self.kind(try top()))")
        }
    }

    private mutating func setItems(_ flat: [PickleItem]) throws {
        switch try top() {
        case let .dict(box): try setItems(in: box, flat)
        case .object: guard flat.count % 2 == 0 else { throw fail("odd number of items for SETITEMS") }
        default: throw fail("SETITEM(S) on a \(Self.kind(try top()))")
        }
    }

    private func setItems(in box: PickleDictBox, _ flat: [PickleItem]) throws {
        guard flat.count % 2 == 0 else { throw fail("odd number of items for SETITEMS") }
        var index = 0
        while index < flat.count {
            box.set(flat[index], flat[index + 1])
            index += 2
        }
    }

    // MARK: - Stack

    private mutating func push(_ item: PickleItem) { stack.append(item) }

    /// Items above the innermost MARK are all that may be popped.
    private var floor: Int { marks.last ?? 0 }

    private mutating func pop() throws -> PickleItem {
        guard stack.count > floor else { throw fail("stack underflow") }
        return stack.removeLast()
    }

    private mutating func pop(_ count: Int) throws -> [PickleItem] {
        guard stack.count - floor >= count else { throw fail("stack underflow (needs \(count) items)") }
        let items = Array(stack[(stack.count - count)...])
        stack.removeLast(count)
        return items
    }

    private func top() throws -> PickleItem {
        guard stack.count > floor, let last = stack.last else { throw fail("stack underflow") }
        return last
    }

    private mutating func popToMark() throws -> [PickleItem] {
        guard let mark = marks.popLast() else { throw fail("no MARK on the stack") }
        let items = Array(stack[mark...])
        stack.removeLast(stack.count - mark)
        return items
    }

    private func makeTuple(_ items: [PickleItem]) throws -> PickleItem {
        let tuple = PickleItem.makeTuple(items)
        guard tuple.depth <= Self.maximumNesting else {
            throw fail("tuples nested deeper than \(Self.maximumNesting) levels")
        }
        return tuple
    }

    private func memoItem(_ index: Int) throws -> PickleItem {
        guard let item = memo[index] else { throw fail("memo index \(index) was never stored") }
        return item
    }

    private mutating func newList(isSet: Bool) -> PickleListBox {
        let box = PickleListBox(isSet: isSet)
        boxes.append(box)
        return box
    }

    private mutating func newDict() -> PickleDictBox {
        let box = PickleDictBox()
        boxes.append(box)
        return box
    }

    /// Empties every container so that releasing them never recurses deeply.
    private mutating func tearDown() {
        stack.removeAll()
        memo.removeAll()
        for box in boxes {
            if let list = box as? PickleListBox { list.items.removeAll() }
            if let dict = box as? PickleDictBox { dict.removeAll() }
            if let object = box as? PickleObjectBox { object.args.removeAll(); object.state = nil }
        }
        boxes.removeAll()
    }
}
