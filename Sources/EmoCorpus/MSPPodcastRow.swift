// One row of MSP-Podcast's `labels_consensus.csv`, parsed by header name.

import EmoTypes

/// `FileName,EmoClass,EmoAct,EmoVal,EmoDom,SpkrID,Gender,Split_Set` as typed values.
struct MSPPodcastRow: Sendable {
    /// `FileName` without `.wav`, e.g. `MSP-PODCAST_0001_0008`.
    var id: String
    /// The `EmoClass` letter; nil when the cell is empty (Test3, labels hidden).
    var emoClass: String?
    /// `EmoAct` → arousal, `EmoVal` → valence, `EmoDom` → dominance (1–7); empty when all three are empty.
    var dimensions: [EmotionDimension: Double]
    /// `SpkrID`; nil for `Unknown`.
    var speaker: String?
    /// `Gender`, lower case (`male`, `female`, `unknown`).
    var gender: String?
    /// `Split_Set`, with v1.8's `Validation` written as `Development`.
    var split: String
    var line: Int

    /// Parses every data row; malformed rows become problems. Throws when a required column is missing.
    static func parse(_ text: String, file: String, problems: inout [CorpusProblem]) throws -> [MSPPodcastRow] {
        // "\r\n" is one Character in Swift, so split on every newline kind rather than on "\n".
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        if lines.last == "" { lines.removeLast() }
        guard let header = lines.first else {
            throw CorpusError.importFailed(corpus: "MSP-Podcast", root: file,
                                           problems: [CorpusProblem(file: file, message: "the label file is empty")])
        }
        let names = cells(header).map { $0.hasPrefix("\u{FEFF}") ? String($0.dropFirst()) : $0 }
        let missing = MSPPodcastImporter.columns.filter { !names.contains($0) }
        guard missing.isEmpty else {
            throw CorpusError.importFailed(corpus: "MSP-Podcast", root: file, problems: [CorpusProblem(
                file: file, line: 1, message: "header lacks column(s) \(missing.joined(separator: ", ")); found "
                    + names.joined(separator: ", "))])
        }
        let column = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        var rows: [MSPPodcastRow] = []
        for (index, line) in lines.enumerated().dropFirst() {
            let number = index + 1
            if line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let fields = cells(line)
            func cell(_ name: String) -> String {
                guard let i = column[name], i < fields.count else { return "" }
                return fields[i]
            }
            guard fields.count == names.count else {
                problems.append(CorpusProblem(file: file, line: number,
                                              message: "expected \(names.count) fields, found \(fields.count): '\(line)'"))
                continue
            }
            let name = cell("FileName")
            guard name.hasSuffix(".wav"), name.count > 4, !name.contains(where: { $0.isWhitespace || $0 == "/" }) else {
                problems.append(CorpusProblem(file: file, line: number, message: "FileName '\(name)' is not <name>.wav"))
                continue
            }
            let id = String(name.dropLast(4))
            var dimensions: [EmotionDimension: Double] = [:]
            var bad: [String] = []
            let cellsByDimension: [(String, EmotionDimension)] = [("EmoAct", .arousal), ("EmoVal", .valence),
                                                                  ("EmoDom", .dominance)]
            let emptyDimensions = cellsByDimension.allSatisfy { cell($0.0).isEmpty }
            if !emptyDimensions {
                for (columnName, dimension) in cellsByDimension {
                    let raw = cell(columnName)
                    guard let value = Double(raw), value.isFinite, (1...7).contains(value) else {
                        bad.append("\(columnName) '\(raw)' is not a number in [1, 7]")
                        continue
                    }
                    dimensions[dimension] = value
                }
            }
            let split = cell("Split_Set")
            if split.isEmpty { bad.append("Split_Set is empty") }
            let emoClass = cell("EmoClass")
            if !emoClass.isEmpty && emptyDimensions { bad.append("EmoClass '\(emoClass)' without EmoAct/EmoVal/EmoDom") }
            guard bad.isEmpty else {
                problems.append(CorpusProblem(file: file, line: number, message: "'\(id)': " + bad.joined(separator: "; ")))
                continue
            }
            let speaker = cell("SpkrID")
            let gender = cell("Gender").lowercased()
            rows.append(MSPPodcastRow(
                id: id, emoClass: emoClass.isEmpty ? nil : emoClass, dimensions: dimensions,
                speaker: speaker.isEmpty || speaker.lowercased() == "unknown" ? nil : speaker,
                gender: gender.isEmpty ? "unknown" : gender,
                split: split == "Validation" ? "Development" : split, line: number))
        }
        return rows
    }

    /// Comma-separated cells, trimmed, with surrounding double quotes removed (the release quotes nothing,
    /// but a spreadsheet round trip may).
    static func cells(_ line: String) -> [String] {
        line.split(separator: ",", omittingEmptySubsequences: false).map { raw in
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            return trimmed.count >= 2 && trimmed.hasPrefix("\"") && trimmed.hasSuffix("\"")
                ? String(trimmed.dropFirst().dropLast()) : trimmed
        }
    }
}
