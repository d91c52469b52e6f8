// Bounds-checked reads of opcode arguments for `Unpickler`.

extension Unpickler {
    func fail(_ reason: String) -> CheckpointError {
        .malformedPickle(path: path, entry: entry, offset: opcodeOffset, reason: reason)
    }

    mutating func readByte() throws -> UInt8 {
        guard position < bytesCount else { throw fail("truncated stream (no STOP)") }
        defer { position += 1 }
        return byte(at: position)
    }

    /// `count` bytes; the length is checked against what is left before anything is copied.
    mutating func read(_ count: Int) throws -> UnsafeRawBufferPointer.SubSequence {
        guard count >= 0, count <= bytesCount - position else {
            throw fail("argument of \(count) bytes runs past the end of the stream")
        }
        defer { position += count }
        return slice(position, count)
    }

    /// Unsigned little-endian integer of `width` (≤ 4) bytes.
    mutating func readInteger(_ width: Int) throws -> Int {
        var value = 0
        for (shift, byte) in try read(width).enumerated() { value |= Int(byte) << (8 * shift) }
        return value
    }

    /// A non-negative length of `width` (4 or 8) bytes that fits in the rest of the stream check later.
    mutating func readLength(_ width: Int) throws -> Int {
        var value: UInt64 = 0
        for (shift, byte) in try read(width).enumerated() { value |= UInt64(byte) << (8 * UInt64(shift)) }
        guard value <= UInt64(Int32.max) * 4 else { throw fail("length \(value) is absurd") }
        return Int(value)
    }

    /// LONG1/LONG4 payload: little-endian two's complement.
    mutating func readLong(count: Int) throws -> PickleValue {
        let raw = Array(try read(count))
        if raw.isEmpty { return .int(0) }
        if raw.count <= 8 {
            var bits: UInt64 = 0
            for (shift, byte) in raw.enumerated() { bits |= UInt64(byte) << (8 * UInt64(shift)) }
            if raw.count < 8, raw[raw.count - 1] & 0x80 != 0 {
                bits |= ~0 << (8 * UInt64(raw.count))   // sign-extend
            }
            return .int(Int(Int64(bitPattern: bits)))
        }
        return .bigInt(raw)
    }

    /// A newline-terminated text argument (without the newline).
    mutating func readLine() throws -> String {
        var end = position
        while end < bytesCount, byte(at: end) != 0x0A {
            end += 1
            guard end - position <= Self.lineLimit else { throw fail("text argument longer than \(Self.lineLimit) bytes") }
        }
        guard end < bytesCount else { throw fail("unterminated text argument") }
        let text = String(decoding: slice(position, end - position), as: UTF8.self)
        position = end + 1
        return text
    }

    mutating func readText(length: Int) throws -> String {
        String(decoding: try read(length), as: UTF8.self)
    }

    /// INT / LONG text: decimal, with "01"/"00" meaning True/False in protocol 0.
    func parseTextInt(_ text: String, trailingL: Bool = false) throws -> PickleValue {
        if !trailingL, text == "01" { return .bool(true) }
        if !trailingL, text == "00" { return .bool(false) }
        let digits = trailingL && text.hasSuffix("L") ? String(text.dropLast()) : text
        guard let value = Int(digits) else { throw fail("bad integer text '\(text.prefix(40))'") }
        return .int(value)
    }

    func parseMemoIndex(_ text: String) throws -> Int {
        guard let value = Int(text), value >= 0 else { throw fail("bad memo index '\(text.prefix(40))'") }
        return value
    }
}
