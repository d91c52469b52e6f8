// The restricted unpickler on CPython-written streams (protocols 2 and 4) and on broken streams.
import Foundation
import Testing
import EmoCheckpoint

private func unpickle(_ bytes: [UInt8]) throws -> PickleValue {
    try bytes.withUnsafeBytes { try Unpickler.load(bytes: $0, path: "test.pt", entry: "test/data.pkl") }
}

@Suite("Unpickler")
struct UnpicklerTests {
    /// `pickle.dumps({'i': 1, 'neg': -300, 'big': 2**70, 'nbig': -2**63, 'f': 1.5, 's': 'héllo', 'b': b'\x00\x01',
    /// 't': (1, (2, None)), 'l': [True, False], 'od': OrderedDict([('z', 1)]), 'st': {3}}, protocol=P)`.
    static let protocol2 = "80027d71002858010000006971014b0158030000006e656771024ad4feffff580300000062696771038a0900000000000000004058040000006e62696771048a0800000000000000805801000000667105473ff80000000000005801000000737106580600000068c3a96c6c6f71075801000000627108635f636f646563730a656e636f64650a710958020000000001710a58060000006c6174696e31710b86710c52710d580100000074710e4b014b024e86710f86711058010000006c71115d71122888896558020000006f64711363636f6c6c656374696f6e730a4f726465726564446963740a71142952711558010000007a71164b0173580200000073747117635f5f6275696c74696e5f5f0a7365740a71185d71194b036185711a52711b752e"
    static let protocol4 = "800495aa000000000000007d94288c0169944b018c036e6567944ad4feffff8c03626967948a090000000000000000408c046e626967948a0800000000000000808c016694473ff80000000000008c0173948c0668c3a96c6c6f948c01629443020001948c0174944b014b024e869486948c016c945d94288889658c026f64948c0b636f6c6c656374696f6e73948c0b4f726465726564446963749493942952948c017a944b01738c027374948f94284b0390752e"

    @Test("values of a protocol 2 and a protocol 4 stream", arguments: [protocol2, protocol4])
    func values(hex: String) throws {
        let value = try unpickle(hexBytes(hex))
        #expect(value["i"] == .int(1))
        #expect(value["neg"] == .int(-300))
        #expect(value["big"] == .bigInt([0, 0, 0, 0, 0, 0, 0, 0, 0x40]))
        #expect(value["nbig"] == .int(Int.min))
        #expect(value["f"] == .float(1.5))
        #expect(value["s"] == .string("héllo"))
        #expect(value["t"] == .tuple([.int(1), .tuple([.int(2), .none])]))
        #expect(value["l"] == .list([.bool(true), .bool(false)]))
        #expect(value["od"] == .dict([PickleDictEntry(key: .string("z"), value: .int(1))]))
        #expect(value["st"] == .set([.int(3)]))
        #expect(value.dictEntries?.count == 11)
        switch value["b"] {
        case .bytes(let bytes): #expect(bytes == [0, 1])                       // protocol 4: SHORT_BINBYTES
        case let .object(module, name, args, _):                                // protocol 2: _codecs.encode(...)
            #expect(module == "_codecs" && name == "encode" && args.count == 2)
        default: Issue.record("unexpected bytes value \(String(describing: value["b"]))")
        }
    }

    @Test("a list referenced twice through the memo sees later appends (Python semantics)")
    func sharedMutableList() throws {
        // a = []; d = {'x': a, 'y': a}; a.append(1)
        let value = try unpickle(hexBytes("80027d71002858010000007871015d71024b016158010000007971036802752e"))
        #expect(value["x"] == .list([.int(1)]))
        #expect(value["y"] == .list([.int(1)]))
    }

    @Test("a list that contains itself is cut, not followed forever")
    func recursiveList() throws {
        let value = try unpickle(hexBytes("80025d71006800612e"))   // r = []; r.append(r)
        guard case let .list(items) = value, items.count == 1, case .object(_, let name, _, _) = items[0] else {
            Issue.record("unexpected \(value)")
            return
        }
        #expect(name == "<recursive reference>")
    }

    @Test("broken streams name the problem and the byte offset", arguments: [
        ([0x80, 0x02, 0x52, 0x2E], "invalid pickle at byte 2: stack underflow"),              // REDUCE on empty
        ([0x80, 0x02, 0xFF], "unsupported pickle opcode 0xff (unknown) at byte 2"),
        ([0x80, 0x02, 0x82, 0x01], "unsupported pickle opcode 0x82 (EXT1) at byte 2"),
        ([0x80, 0x02, 0x58, 0x10, 0, 0, 0, 0x61, 0x62], "byte 2: argument of 16 bytes runs past the end"),
        ([0x80, 0x02, 0x4E], "byte 3: truncated stream (no STOP)"),
        ([0x80, 0x02, 0x68, 0x05, 0x2E], "byte 2: memo index 5 was never stored"),
        ([0x80, 0x02, 0x74, 0x2E], "byte 2: no MARK on the stack"),
        ([0x80, 0x02, 0x28, 0x4E, 0x30, 0x30, 0x2E], "byte 5: stack underflow"),                // POP below MARK
        ([0x80, 0x02, 0x4E, 0x4E, 0x73, 0x2E], "byte 4: stack underflow"),                      // SETITEM needs 3
        ([0x80, 0x02, 0x4E, 0x4E, 0x4E, 0x73, 0x2E], "SETITEM(S) on a None"),
        ([0x80, 0x02, 0x63, 0x61, 0x62], "unterminated text argument"),                         // GLOBAL
        ([0x80, 0x02, 0x4E, 0x4E, 0x52, 0x2E], "byte 4: REDUCE arguments are not a tuple"),
    ])
    func broken(bytes: [UInt8], message: String) {
        #expect {
            try unpickle(bytes)
        } throws: { error in
            guard let error = error as? CheckpointError else { return false }
            return error.description.contains(message) && error.description.hasPrefix("test.pt: ")
        }
    }

    @Test("a million nested tuples is refused without exhausting the stack")
    func deepNesting() {
        var bytes: [UInt8] = [0x80, 0x02, 0x29]
        bytes += [UInt8](repeating: 0x85, count: 1_000_000)   // TUPLE1 wraps the top each time
        bytes.append(0x2E)
        #expect {
            try unpickle(bytes)
        } throws: { error in
            "\(error)".contains("nested deeper than")
        }
    }

    @Test("a 100,000-deep chain of lists (through the memo) is refused and released without recursion")
    func deepLists() {
        // Each level: BINPUT 0, POP, MARK, BINGET 0, LIST  →  new = [previous]
        var bytes: [UInt8] = [0x80, 0x02, 0x5D]
        for _ in 0..<100_000 { bytes += [0x71, 0x00, 0x30, 0x28, 0x68, 0x00, 0x6C] }
        bytes.append(0x2E)
        #expect {
            try unpickle(bytes)
        } throws: { error in
            "\(error)".contains("nested deeper than")
        }
    }

    @Test("a tiny stream whose memo sharing would expand to 2^60 values is refused")
    func exponentialSharing() {
        // () then 60 times: BINPUT 0, BINGET 0, TUPLE2  →  t = (t, t)
        var bytes: [UInt8] = [0x80, 0x02, 0x29]
        for _ in 0..<60 { bytes += [0x71, 0x00, 0x68, 0x00, 0x86] }
        bytes.append(0x2E)
        #expect {
            try unpickle(bytes)
        } throws: { error in
            "\(error)".contains("more than 2000000 values")
        }
    }
}
