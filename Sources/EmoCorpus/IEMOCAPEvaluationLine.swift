// One summary line of an IEMOCAP EmoEvaluation file:
// `[6.2901 - 8.2357]<TAB>Ses01F_impro01_F000<TAB>neu<TAB>[2.5000, 2.5000, 2.5000]`.

import EmoTypes

/// A parsed consensus line: utterance id, label, the evaluators' mean V/A/D (1–5) and where it was found.
struct IEMOCAPEvaluationLine: Sendable {
    var id: String
    var label: String
    var start: Double
    var end: Double
    /// The bracketed triple, which IEMOCAP writes in the order valence, activation (arousal), dominance.
    var dimensions: [EmotionDimension: Double]
    var file: String
    var line: Int

    /// Parses every summary line (those starting with `[`) of an EmoEvaluation file; rater lines (`C-`,
    /// `A-`), the `%` header and blank lines are skipped. Malformed summary lines become problems.
    static func parse(_ text: String, file: String, problems: inout [CorpusProblem]) -> [IEMOCAPEvaluationLine] {
        var result: [IEMOCAPEvaluationLine] = []
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            guard line.hasPrefix("[") else { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: true)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            let number = index + 1
            guard fields.count >= 3, let times = parseTimes(fields[0]), fields[1].hasPrefix("Ses"),
                  !fields[2].isEmpty, fields[2].allSatisfy({ $0.isLetter }), fields.count >= 4
            else {
                problems.append(CorpusProblem(file: file, line: number,
                                              message: "malformed summary line (expected '[start - end]<TAB>id<TAB>"
                                                  + "label<TAB>[V, A, D]'): '\(line)'"))
                continue
            }
            guard let vad = parseTriple(fields[3]) else {
                problems.append(CorpusProblem(file: file, line: number,
                                              message: "malformed [V, A, D] triple '\(fields[3])' of '\(fields[1])' "
                                                  + "(expected three finite numbers, e.g. [2.5000, 2.5000, 2.5000])"))
                continue
            }
            result.append(IEMOCAPEvaluationLine(
                id: fields[1], label: fields[2], start: times.start, end: times.end,
                dimensions: [.valence: vad[0], .arousal: vad[1], .dominance: vad[2]], file: file, line: number))
        }
        return result
    }

    /// `[2.5000, 3.0000, 3.5000]` → [2.5, 3, 3.5] (valence, arousal, dominance); nil unless three finite numbers.
    static func parseTriple(_ field: String) -> [Double]? {
        guard field.hasPrefix("["), field.hasSuffix("]") else { return nil }
        let values = field.dropFirst().dropLast().split(separator: ",")
            .map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard values.count == 3, values.allSatisfy({ $0?.isFinite == true }) else { return nil }
        return values.compactMap { $0 }
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
