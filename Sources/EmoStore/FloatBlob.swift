// Float32 vectors <-> little-endian blobs, and JSON string lists, as stored in the database.
import Foundation

enum FloatBlob {
    /// Little-endian Float32 bytes of `values`.
    static func encode(_ values: [Float]) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: values.count * 4)
        bytes.withUnsafeMutableBytes { raw in
            for (i, v) in values.enumerated() {
                raw.storeBytes(of: v.bitPattern.littleEndian, toByteOffset: i * 4, as: UInt32.self)
            }
        }
        return bytes
    }

    /// Decodes a blob written by `encode`; throws when its size is not a multiple of 4.
    static func decode(_ bytes: [UInt8], table: String, column: String) throws -> [Float] {
        guard bytes.count % 4 == 0 else {
            throw StoreError.corruptValue(table: table, column: column,
                                          problem: "blob of \(bytes.count) bytes is not a Float32 vector")
        }
        return bytes.withUnsafeBytes { raw in
            (0..<(bytes.count / 4)).map { i in
                Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)))
            }
        }
    }
}

enum JSONText {
    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings, bools and numbers cannot fail.
        let data = (try? encoder.encode(value)) ?? Data("null".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String, table: String, column: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw StoreError.corruptValue(table: table, column: column, problem: "invalid JSON: \(text.prefix(80))")
        }
    }
}

/// Timestamps are stored as ISO 8601 text in UTC (`2026-01-31T12:00:00Z`).
public enum StoreTime {
    public static func now() -> String { string(Date()) }

    public static func string(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    public static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
