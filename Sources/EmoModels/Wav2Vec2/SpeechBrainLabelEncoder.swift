// SpeechBrain's `CategoricalEncoder` label file (`label_encoder.txt`): `repr(label) => index` lines, a
// separator of 16 `=`, then `repr(key) => repr(value)` extras (speechbrain dataio/encoder.py
// `_save_literal` / `_load_literal`, which parse both sides with `ast.literal_eval`).
import EmoCheckpoint
import Foundation

/// The class labels of a SpeechBrain classifier in output-index order (e.g. neu, ang, hap, sad).
public struct SpeechBrainLabelEncoder: Sendable, Equatable {
    /// Labels by index: `labels[k]` names output k.
    public let labels: [String]

    /// Reads `label_encoder.txt`; throws `ModelError.invalidLabels` naming the line at fault.
    public init(contentsOf path: String) throws {
        // Checked before reading: a FIFO would block the read forever.
        if let reason = nonRegularFileReason(path) { throw ModelError.invalidLabels(file: path, problem: reason) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ModelError.invalidLabels(file: path, problem: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ModelError.invalidLabels(file: path, problem: "not valid UTF-8")
        }
        try self.init(text: text, file: path)
    }

    /// Parses the file's text; `file` is used in error messages.
    public init(text: String, file: String) throws {
        func fail(_ line: Int, _ problem: String) -> ModelError {
            .invalidLabels(file: file, problem: "line \(line): \(problem)")
        }
        var byIndex: [Int: String] = [:]
        var seenLabels = Set<String>()
        var startingIndex = 0
        var inExtras = false
        // Character-wise split: "\r\n" is one Character in Swift, and it is a newline.
        for (offset, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let number = offset + 1
            if line.allSatisfy(\.isWhitespace) { continue }
            if line == String(repeating: "=", count: 16) {
                guard !inExtras else { throw fail(number, "a second '================' separator") }
                inExtras = true
                continue
            }
            guard let arrow = line.range(of: " => ") else {
                throw fail(number, "expected `'label' => index`, got `\(line)`")
            }
            let key = String(line[..<arrow.lowerBound]), value = String(line[arrow.upperBound...])
            if inExtras {
                // Extras such as `'starting_index' => 0`; only starting_index affects the indices.
                if (try? Self.literal(key)) == "starting_index" {
                    guard let start = Int(value.trimmingCharacters(in: .whitespaces)) else {
                        throw fail(number, "starting_index '\(value)' is not an integer")
                    }
                    startingIndex = start
                }
                continue
            }
            let label: String
            do { label = try Self.literal(key) } catch { throw fail(number, "label \(key) is not a Python literal") }
            guard let index = Int(value.trimmingCharacters(in: .whitespaces)) else {
                throw fail(number, "index '\(value)' is not an integer")
            }
            guard byIndex[index] == nil else { throw fail(number, "index \(index) is used twice") }
            guard seenLabels.insert(label).inserted else { throw fail(number, "label '\(label)' is listed twice") }
            byIndex[index] = label
        }
        guard !byIndex.isEmpty else { throw ModelError.invalidLabels(file: file, problem: "no labels") }
        // The encoder numbers labels starting_index, starting_index + 1, ...; the classifier's output k is the
        // k-th of them, so the indices must be contiguous.
        let expected = Array(startingIndex..<(startingIndex + byIndex.count))
        guard byIndex.keys.sorted() == expected else {
            throw ModelError.invalidLabels(
                file: file, problem: "indices \(byIndex.keys.sorted()) are not \(startingIndex)…"
                    + "\(startingIndex + byIndex.count - 1) (starting_index \(startingIndex))")
        }
        labels = expected.compactMap { byIndex[$0] }
    }

    private struct NotALiteral: Error {}

    /// A Python string or integer literal as written by `repr`: 'x', "x" (with backslash escapes) or 12.
    static func literal(_ text: String) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let number = Int(trimmed) { return String(number) }
        guard let quote = trimmed.first, quote == "'" || quote == "\"", trimmed.count >= 2, trimmed.last == quote else {
            throw NotALiteral()
        }
        var result = ""
        var escaped = false
        for character in trimmed.dropFirst().dropLast() {
            if escaped {
                switch character {
                case "n": result.append("\n")
                case "t": result.append("\t")
                case "r": result.append("\r")
                case "\\", "'", "\"": result.append(character)
                default: result.append("\\"); result.append(character)
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == quote {
                throw NotALiteral()  // an unescaped closing quote inside the literal
            } else {
                result.append(character)
            }
        }
        guard !escaped else { throw NotALiteral() }
        return result
    }
}
