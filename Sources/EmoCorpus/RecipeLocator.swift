// Finds the line of a coding path in a composed YAML document, to put line numbers on recipe problems.
import Foundation
import Yams

/// Turns coding paths and decoding errors into `CorpusProblem`s located in the recipe file.
struct RecipeLocator {
    let path: String
    var root: Node?

    init(path: String, root: Node? = nil) {
        self.path = path
        self.root = root
    }

    /// A problem at the node for `codingPath` (its key's line when `keyLine`), or without a line.
    func problem(_ codingPath: [CodingKey]?, keyLine: Bool = false, _ message: String) -> CorpusProblem {
        let line = codingPath.flatMap { self.line(of: $0, keyLine: keyLine) }
        return CorpusProblem(file: path, line: line, message: message)
    }

    /// A problem for a decoding error: names the key path, the expected type and the line.
    func problem(decodingError error: DecodingError) -> CorpusProblem {
        switch error {
        case let .keyNotFound(key, context):
            let at = Self.dotted(context.codingPath + [key])
            return problem(context.codingPath, "missing key '\(at)'")
        case let .typeMismatch(type, context):
            return problem(context.codingPath,
                           "'\(Self.dotted(context.codingPath))' has the wrong type: expected \(Self.name(of: type))")
        case let .valueNotFound(type, context):
            return problem(context.codingPath,
                           "'\(Self.dotted(context.codingPath))' is empty: expected \(Self.name(of: type))")
        case let .dataCorrupted(context):
            return problem(context.codingPath, "'\(Self.dotted(context.codingPath))': \(context.debugDescription)")
        @unknown default:
            return problem(nil, "\(error)")
        }
    }

    /// A problem for a YAML syntax error, located by the parser's mark.
    func problem(yamlError error: YamlError) -> CorpusProblem {
        switch error {
        case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
            return CorpusProblem(file: path, line: mark.line, message: "YAML syntax error: \(problem)")
        case let .reader(problem, offset, value, yaml):
            // The reader reports a byte offset (e.g. of a control character), not a line.
            let line = offset.map { at in yaml.utf8.prefix(max(at, 0)).filter { $0 == 0x0A }.count + 1 }
            return CorpusProblem(file: path, line: line,
                                 message: "YAML error: \(problem)" + (value >= 0 ? String(format: " (0x%02X)", value) : ""))
        case let .duplicatedKeysInMapping(duplicates, context):
            return CorpusProblem(file: path, line: context.mark.line,
                                 message: "duplicate key(s): \(duplicates.joined(separator: ", "))")
        default:
            return CorpusProblem(file: path, message: "YAML error: \(error)")
        }
    }

    /// 1-based line of the node at `codingPath` (or of its key), falling back to the deepest node found.
    func line(of codingPath: [CodingKey], keyLine: Bool) -> Int? {
        guard var node = root else { return nil }
        var line = node.mark?.line
        for (index, key) in codingPath.enumerated() {
            let isLast = index == codingPath.count - 1
            switch node {
            case let .mapping(mapping):
                guard let pair = mapping.first(where: { $0.key.string == key.stringValue }) else { return line }
                if isLast && keyLine { return pair.key.mark?.line ?? line }
                node = pair.value
            case let .sequence(sequence):
                guard let position = key.intValue ?? Int(key.stringValue), sequence.indices.contains(position)
                else { return line }
                node = sequence[position]
            default:
                return line
            }
            line = node.mark?.line ?? line
        }
        return line
    }

    static func dotted(_ path: [CodingKey]) -> String {
        if path.isEmpty { return "(top level)" }
        return path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            .replacingOccurrences(of: ".[", with: "[")
    }

    static func name(of type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Double.Type, is Float.Type: return "a number"
        case is Int.Type: return "an integer"
        case is Bool.Type: return "true or false"
        default:
            // Yams reports the YAML node kind it wanted (Node.Sequence, Node.Mapping, Node.Scalar).
            let text = "\(type)"
            if text.hasPrefix("Array") || text.hasSuffix("Sequence") { return "a list" }
            if text.hasPrefix("Dictionary") || text.hasSuffix("File") || text.hasSuffix("Mapping") {
                return "a mapping"
            }
            if text.hasSuffix("Scalar") { return "a single value, not a list or mapping" }
            return text
        }
    }

    static func byLine(_ a: CorpusProblem, _ b: CorpusProblem) -> Bool {
        (a.line ?? 0) < (b.line ?? 0)
    }
}
