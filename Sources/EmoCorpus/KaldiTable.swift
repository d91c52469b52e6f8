// Reading and writing Kaldi-style "key value" text tables (wav.scp, utt2emo, utt2spk, segments, ...).
import Foundation

/// One line of a Kaldi table: the key, the rest of the line, and where it was.
struct KaldiEntry: Sendable {
    var key: String
    /// Everything after the key, trimmed (for wav.scp this may contain spaces).
    var value: String
    var line: Int
}

/// A parsed table plus every problem found in it (problems never stop the parse).
struct KaldiTable: Sendable {
    var file: String
    var entries: [KaldiEntry]
    var problems: [CorpusProblem]
    /// Keys of lines that were reported as malformed (so joins do not report them again).
    var malformedKeys: Set<String> = []

    /// The value of each key (first occurrence wins; duplicates are reported as problems).
    var values: [String: KaldiEntry] {
        var result: [String: KaldiEntry] = [:]
        for entry in entries where result[entry.key] == nil { result[entry.key] = entry }
        return result
    }

    /// Parses `text` from `file`. `fields` is the number of whitespace-separated fields a line must
    /// have, or nil when the value is the rest of the line (wav.scp).
    static func parse(_ text: String, file: String, fields: Int?) -> KaldiTable {
        var entries: [KaldiEntry] = []
        var problems: [CorpusProblem] = []
        var malformed = Set<String>()
        var firstLine: [String: Int] = [:]
        var previous: String?
        var unsorted: (first: Int, key: String, count: Int)?
        // Lines end in LF, CRLF or a lone CR (split on scalars: "\r\n" is one Character in Swift).
        let plain = plainLineEnds(text)
        var lines = plain.split(separator: "\n", omittingEmptySubsequences: false)
        if plain.hasSuffix("\n") { lines.removeLast() }
        for (index, line) in lines.enumerated() {
            let number = index + 1
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty {
                problems.append(CorpusProblem(file: file, line: number, message: "empty line"))
                continue
            }
            let parts = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" })
            let key = String(parts[0])
            if let fields, parts.count != fields {
                problems.append(CorpusProblem(file: file, line: number,
                                              message: "expected \(fields) fields, found \(parts.count): '\(clipped(trimmed))'"))
                malformed.insert(key)
                continue
            }
            if fields == nil && parts.count < 2 {
                problems.append(CorpusProblem(file: file, line: number, message: "'\(clipped(key))' has no value"))
                malformed.insert(key)
                continue
            }
            let value = trimmed.dropFirst(key.count).trimmingCharacters(in: .whitespaces)
            if let first = firstLine[key] {
                problems.append(CorpusProblem(file: file, line: number,
                                              message: "duplicate id '\(clipped(key))' (first on line \(first))"))
                continue
            }
            firstLine[key] = number
            if let previous, !Self.cOrder(previous, key) {
                unsorted = unsorted.map { ($0.first, $0.key, $0.count + 1) } ?? (number, key, 1)
            }
            previous = key
            entries.append(KaldiEntry(key: key, value: value, line: number))
        }
        if let unsorted {
            problems.append(CorpusProblem(
                file: file, line: unsorted.first,
                message: "ids are not sorted: '\(clipped(unsorted.key))' is out of order (\(unsorted.count) line(s) in all); "
                    + "sort with `LC_ALL=C sort`"))
        }
        return KaldiTable(file: file, entries: entries, problems: problems, malformedKeys: malformed)
    }

    /// Reads and parses a table file; nil when the file does not exist. CRLF, a lone CR and a BOM are accepted.
    static func read(_ path: String, fields: Int?) throws -> KaldiTable? {
        guard let text = try readTextFile(path) else { return nil }
        return parse(text, file: path, fields: fields)
    }

    /// Kaldi's order: byte-wise, as `LC_ALL=C sort`. True when `a` sorts strictly before `b`.
    static func cOrder(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// Writes `rows` (key, value) sorted in C order, one `key value` per line.
    static func write(_ rows: [(String, String)], to path: String) throws {
        let text = rows.sorted { cOrder($0.0, $1.0) }.map { "\($0.0) \($0.1)\n" }.joined()
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw CorpusError.unwritable(path: path, reason: error.localizedDescription)
        }
    }
}
