// A strict RFC 4180 CSV reader for release metadata (MELD's `*_sent_emo.csv`): quoted fields with embedded
// commas, doubled quotes and line breaks; LF, CRLF or CR line ends; a UTF-8 byte-order mark; and text that is
// not valid UTF-8 (MELD's Windows-1252 apostrophes) decoded byte by byte. Columns are addressed by header name.
import Foundation

/// The parsed rows of one CSV file, with the line each record starts on.
struct CSVFile: Sendable {
    struct Record: Sendable {
        var fields: [String]
        /// 1-based line of the record's first character.
        var line: Int
    }

    var path: String
    var header: [String]
    var records: [Record]
    /// Bytes that were not valid UTF-8 and were read as Windows-1252 (0 for a clean UTF-8 file).
    var windows1252Bytes: Int

    /// Reads and parses `path`. Throws `CorpusError.unreadable` when the file is missing or empty and
    /// `.importFailed` (file:line) for a quote that is never closed or a stray quote inside an unquoted field.
    /// Records whose field count differs from the header's are kept; callers check `fields.count`.
    init(path: String, corpus: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CorpusError.unreadable(path: path, reason: isRegularFile(path) ? "cannot be read" : "no such file")
        }
        self.path = path
        let (text, replaced) = Self.decode(data)
        windows1252Bytes = replaced
        var rows = try Self.parse(text, path: path, corpus: corpus)
        guard !rows.isEmpty else { throw CorpusError.unreadable(path: path, reason: "the file is empty (expected a header line)") }
        header = rows.removeFirst().fields.map { $0.trimmingCharacters(in: .whitespaces) }
        records = rows
    }

    /// The index of each required column; throws `.importFailed` at line 1 naming the missing ones.
    func columns(_ names: [String], corpus: String) throws -> [String: Int] {
        var found: [String: Int] = [:]
        for (index, name) in header.enumerated() where found[name] == nil { found[name] = index }
        let missing = names.filter { found[$0] == nil }
        guard missing.isEmpty else {
            throw CorpusError.importFailed(corpus: corpus, root: path, problems: [CorpusProblem(
                file: path, line: 1, message: "header lacks column(s) \(missing.joined(separator: ", ")); found "
                    + header.joined(separator: ", "))])
        }
        return found
    }

    /// UTF-8 text; a byte-order mark is dropped. Bytes that do not form valid UTF-8 are read as Windows-1252
    /// (e.g. 0x92 → ’), and counted.
    static func decode(_ data: Data) -> (String, Int) {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if let text = String(validating: bytes, as: UTF8.self) { return (text, 0) }
        var scalars = String.UnicodeScalarView()
        var replaced = 0
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            let length = byte < 0x80 ? 1 : byte >> 5 == 0b110 ? 2 : byte >> 4 == 0b1110 ? 3 : byte >> 3 == 0b11110 ? 4 : 0
            if length > 1, i + length <= bytes.count,
               let decoded = String(validating: bytes[i..<(i + length)], as: UTF8.self) {
                scalars.append(contentsOf: decoded.unicodeScalars)
                i += length
                continue
            }
            if length == 1 {
                scalars.append(Unicode.Scalar(byte))
            } else {
                scalars.append(windows1252(byte))
                replaced += 1
            }
            i += 1
        }
        return (String(scalars), replaced)
    }

    /// Windows-1252 → Unicode for one byte ≥ 0x80 (undefined bytes keep their Latin-1 code point).
    static func windows1252(_ byte: UInt8) -> Unicode.Scalar {
        let table: [UInt8: UInt32] = [
            0x80: 0x20AC, 0x82: 0x201A, 0x83: 0x0192, 0x84: 0x201E, 0x85: 0x2026, 0x86: 0x2020, 0x87: 0x2021,
            0x88: 0x02C6, 0x89: 0x2030, 0x8A: 0x0160, 0x8B: 0x2039, 0x8C: 0x0152, 0x8E: 0x017D, 0x91: 0x2018,
            0x92: 0x2019, 0x93: 0x201C, 0x94: 0x201D, 0x95: 0x2022, 0x96: 0x2013, 0x97: 0x2014, 0x98: 0x02DC,
            0x99: 0x2122, 0x9A: 0x0161, 0x9B: 0x203A, 0x9C: 0x0153, 0x9E: 0x017E, 0x9F: 0x0178,
        ]
        return Unicode.Scalar(table[byte] ?? UInt32(byte))!
    }

    /// Splits `text` into records (RFC 4180). Blank lines between records are skipped.
    static func parse(_ text: String, path: String, corpus: String) throws -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var line = 1, recordLine = 1
        var inQuotes = false, wasQuoted = false, quoteLine = 0
        var fieldStarted = false
        var scalars = Array(text.unicodeScalars)
        scalars.append("\n")   // terminates a last record without a line end
        var i = 0
        func endField() {
            fields.append(String(field))
            field = String.UnicodeScalarView()
            wasQuoted = false
            fieldStarted = false
        }
        while i < scalars.count {
            let c = scalars[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < scalars.count, scalars[i + 1] == "\"" { field.append("\""); i += 2; continue }
                    inQuotes = false
                } else {
                    if c == "\n" || (c == "\r" && (i + 1 >= scalars.count || scalars[i + 1] != "\n")) { line += 1 }
                    field.append(c)
                }
                i += 1
                continue
            }
            switch c {
            case ",":
                endField()
                fieldStarted = true
            case "\r", "\n":
                if c == "\r", i + 1 < scalars.count, scalars[i + 1] == "\n" { i += 1 }
                if fieldStarted || !fields.isEmpty || !field.isEmpty || wasQuoted {
                    endField()
                    records.append(Record(fields: fields, line: recordLine))
                }
                fields = []
                line += 1
                recordLine = line
                fieldStarted = false
            case "\"":
                let onlySpaces = field.allSatisfy { $0 == " " || $0 == "\t" }
                guard onlySpaces, !wasQuoted else {
                    throw CorpusError.importFailed(corpus: corpus, root: path, problems: [CorpusProblem(
                        file: path, line: line, message: "stray double quote inside an unquoted field (quote the field "
                            + "and double the quote: \"\"); field so far: '\(String(field))'")])
                }
                field = String.UnicodeScalarView()
                inQuotes = true
                wasQuoted = true
                fieldStarted = true
                quoteLine = line
            default:
                if wasQuoted && c != " " && c != "\t" {
                    throw CorpusError.importFailed(corpus: corpus, root: path, problems: [CorpusProblem(
                        file: path, line: line, message: "text after a closing double quote: '\(String(field))\"\(c)…'")])
                }
                if !wasQuoted { field.append(c) }
                fieldStarted = true
            }
            i += 1
        }
        if inQuotes {
            throw CorpusError.importFailed(corpus: corpus, root: path, problems: [CorpusProblem(
                file: path, line: quoteLine, message: "double quote opened here is never closed")])
        }
        return records
    }
}
