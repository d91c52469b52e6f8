// One summary line of an IEMOCAP EmoEvaluation file:
// `[6.2901 - 8.2357]<TAB>Ses01F_impro01_F000<TAB>neu<TAB>[2.5000, 2.5000, 2.5000]`.

/// A parsed consensus line: utterance id, label and where it was found.
struct IEMOCAPEvaluationLine: Sendable {
    var id: String
    var label: String
    var start: Double
    var end: Double
    var file: String
    var line: Int

    /// Parses every summary line (those starting with `[`) of an EmoEvaluation file; rater lines (`C-`,
    /// `A-`), the `%` header and blank lines are skipped. Malformed summary lines become problems.
    static func parse(_ text: String, file: String, problems: inout [CorpusProblem]) -> [IEMOCAPEvaluationLine] {
        var result: [IEMOCAPEvaluationLine] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            guard line.hasPrefix("[") else { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: true)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            let number = index + 1
            guard fields.count >= 3, let times = parseTimes(fields[0]), fields[1].hasPrefix("Ses"),
                  !fields[2].isEmpty, fields[2].allSatisfy({ $0.isLetter })
            else {
                problems.append(CorpusProblem(file: file, line: number,
                                              message: "malformed summary line (expected '[start - end]<TAB>id<TAB>"
                                                  + "label<TAB>[V, A, D]'): '\(line)'"))
                continue
            }
            result.append(IEMOCAPEvaluationLine(id: fields[1], label: fields[2], start: times.start, end: times.end,
                                                file: file, line: number))
        }
        return result
    }

    /// `[6.2901 - 8.2357]` → (6.2901, 8.2357).
    static func parseTimes(_ field: String) -> (start: Double, end: Double)? {
        guard field.hasPrefix("["), field.hasSuffix("]") else { return nil }
        let parts = field.dropFirst().dropLast().split(separator: "-")
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let start = Double(parts[0]), let end = Double(parts[1]) else { return nil }
        return (start, end)
    }
}
