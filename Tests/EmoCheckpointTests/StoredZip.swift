// Test helper: writes stored (uncompressed) zip archives byte by byte, optionally with ZIP64 records, a comment
// or local-header padding, to build torch-style archives with hand-made pickles.
import Foundation

struct StoredZip {
    var entries: [(name: String, data: [UInt8])] = []
    /// Bytes of `FB`-style padding in each local header's extra field (torch pads data to 64-byte offsets).
    var localExtra = 0
    var comment: [UInt8] = []
    /// Write sizes/offsets as 0xFFFFFFFF with ZIP64 extra fields and end records.
    var zip64 = false

    /// A torch-layout archive: `<prefix>data.pkl`, `<prefix>data/<key>` storages, `<prefix>version`.
    static func torch(pickle: [UInt8], storages: [String: [UInt8]] = [:], prefix: String = "archive/") -> StoredZip {
        var zip = StoredZip()
        zip.entries.append((prefix + "data.pkl", pickle))
        for key in storages.keys.sorted() { zip.entries.append((prefix + "data/" + key, storages[key] ?? [])) }
        zip.entries.append((prefix + "version", Array("3\n".utf8)))
        return zip
    }

    func bytes() -> [UInt8] {
        var out: [UInt8] = []
        var central: [UInt8] = []
        func le(_ value: Int, _ width: Int, into buffer: inout [UInt8]) {
            for i in 0..<width { buffer.append(UInt8(truncatingIfNeeded: value >> (8 * i))) }
        }
        for entry in entries {
            let offset = out.count
            let name = Array(entry.name.utf8)
            le(0x0403_4b50, 4, into: &out)
            le(20, 2, into: &out); le(0x0808, 2, into: &out); le(0, 2, into: &out)   // version, flags, stored
            le(0, 4, into: &out); le(0, 4, into: &out)                                // time/date, crc
            le(0, 4, into: &out); le(0, 4, into: &out)                                // sizes: 0 (data descriptor)
            le(name.count, 2, into: &out); le(localExtra, 2, into: &out)
            out += name
            if localExtra >= 4 {
                le(0x4246, 2, into: &out); le(localExtra - 4, 2, into: &out)
                out += [UInt8](repeating: UInt8(ascii: "Z"), count: localExtra - 4)
            } else {
                out += [UInt8](repeating: 0, count: localExtra)
            }
            out += entry.data
            let big = zip64 ? 0xFFFF_FFFF : -1
            le(0x0201_4b50, 4, into: &central)
            le(45, 2, into: &central); le(45, 2, into: &central); le(0x0808, 2, into: &central)
            le(0, 2, into: &central); le(0, 4, into: &central); le(0, 4, into: &central)
            le(zip64 ? big : entry.data.count, 4, into: &central)                     // compressed
            le(zip64 ? big : entry.data.count, 4, into: &central)                     // uncompressed
            le(name.count, 2, into: &central); le(zip64 ? 28 : 0, 2, into: &central)
            le(0, 2, into: &central); le(0, 2, into: &central); le(0, 2, into: &central); le(0, 4, into: &central)
            le(zip64 ? big : offset, 4, into: &central)
            central += name
            if zip64 {
                le(0x0001, 2, into: &central); le(24, 2, into: &central)
                le(entry.data.count, 8, into: &central); le(entry.data.count, 8, into: &central)
                le(offset, 8, into: &central)
            }
        }
        let directoryOffset = out.count
        out += central
        if zip64 {
            let record = out.count
            le(0x0606_4b50, 4, into: &out); le(44, 8, into: &out); le(45, 2, into: &out); le(45, 2, into: &out)
            le(0, 4, into: &out); le(0, 4, into: &out)
            le(entries.count, 8, into: &out); le(entries.count, 8, into: &out)
            le(central.count, 8, into: &out); le(directoryOffset, 8, into: &out)
            le(0x0706_4b50, 4, into: &out); le(0, 4, into: &out); le(record, 8, into: &out); le(1, 4, into: &out)
        }
        le(0x0605_4b50, 4, into: &out); le(0, 2, into: &out); le(0, 2, into: &out)
        le(zip64 ? 0xFFFF : entries.count, 2, into: &out); le(zip64 ? 0xFFFF : entries.count, 2, into: &out)
        le(zip64 ? 0xFFFF_FFFF : central.count, 4, into: &out)
        le(zip64 ? 0xFFFF_FFFF : directoryOffset, 4, into: &out)
        le(comment.count, 2, into: &out)
        out += comment
        return out
    }

    /// Writes the archive to a fresh file in `directory` and returns its path.
    func write(in directory: URL, name: String = "case.pt") throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(bytes()).write(to: url)
        return url.path
    }
}

/// Decodes a hex string (test vectors produced with CPython's pickle module).
func hexBytes(_ hex: String) -> [UInt8] {
    var bytes: [UInt8] = []
    var index = hex.startIndex
    while index < hex.endIndex {
        let next = hex.index(index, offsetBy: 2)
        bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
        index = next
    }
    return bytes
}

/// Pickle bytes of `{'x': _rebuild_tensor_v2(storage(key '0', FloatStorage, numel), offset, size, stride, False,
/// OrderedDict())}` for a 1-D or 2-D tensor — the structure torch writes.
func tensorPickle(numel: Int, offset: Int, size: [Int], stride: [Int]) -> [UInt8] {
    var p: [UInt8] = [0x80, 0x02, 0x7D, 0x28]                 // PROTO 2, EMPTY_DICT, MARK
    func unicode(_ s: String) { p.append(0x58); let u = Array(s.utf8); p += le32(u.count) + u }
    func int(_ v: Int) { p.append(0x8A); p.append(8); p += (0..<8).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
    func le32(_ v: Int) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
    func global(_ module: String, _ name: String) { p.append(0x63); p += Array("\(module)\n\(name)\n".utf8) }
    unicode("x")
    global("torch._utils", "_rebuild_tensor_v2")
    p.append(0x28)                                           // MARK (args)
    p.append(0x28); unicode("storage"); global("torch", "FloatStorage"); unicode("0"); unicode("cpu"); int(numel)
    p.append(0x74); p.append(0x51)                           // TUPLE, BINPERSID
    int(offset)
    p.append(0x28); size.forEach(int); p.append(0x74)
    p.append(0x28); stride.forEach(int); p.append(0x74)
    p.append(0x89)                                           // NEWFALSE
    global("collections", "OrderedDict"); p.append(0x29); p.append(0x52)
    p.append(0x74); p.append(0x52)                           // TUPLE, REDUCE
    p += [0x75, 0x2E]                                        // SETITEMS, STOP
    return p
}
