// The classifier's label file (`tokens.txt`), read and masked exactly as FunASR does.
import EmoCheckpoint
import Foundation

/// Labels of an emotion2vec+ classifier head, in classifier-row order.
///
/// FunASR reads `tokens.txt` line by line with `rstrip()` (funasr/tokenizer/abs_tokenizer.py
/// `BaseTokenizer.__init__`), rejects duplicated symbols and a missing unknown symbol (`<unk>` unless
/// `tokenizer_conf.unk_symbol` says otherwise), and the emotion2vec head masks every row whose label
/// starts with `unuse` (logit := -inf before the softmax) and drops it from the output
/// (funasr/models/emotion2vec/model.py `inference`). `<unk>` is an ordinary output class.
public struct Emotion2VecLabelList: Sendable, Equatable {
    /// Every line of the file, as written (e.g. "生气/angry", "unuse_0", "<unk>"); one per classifier row.
    public let rows: [String]
    /// Rows that FunASR reports (every row not starting with `unuse`), in file order.
    public let outputRows: [Int]

    /// Builds the list from the file's lines; throws if FunASR would refuse them.
    /// - Parameters:
    ///   - rows: the label lines, already split and right-stripped.
    ///   - unknownSymbol: `tokenizer_conf.unk_symbol` (FunASR default `<unk>`), which must be present.
    ///   - file: path used in error messages.
    public init(rows: [String], unknownSymbol: String = "<unk>", file: String) throws {
        guard !rows.isEmpty else { throw ModelError.invalidLabels(file: file, problem: "the label file is empty") }
        var seen = Set<String>()
        for (index, row) in rows.enumerated() {
            guard seen.insert(row).inserted else {
                throw ModelError.invalidLabels(file: file, problem: "label '\(row)' on line \(index + 1) is duplicated")
            }
        }
        guard seen.contains(unknownSymbol) else {
            throw ModelError.invalidLabels(
                file: file, problem: "the unknown symbol '\(unknownSymbol)' (tokenizer_conf.unk_symbol) is not listed")
        }
        self.rows = rows
        self.outputRows = rows.indices.filter { !Emotion2VecLabelList.isMasked(rows[$0]) }
        guard !outputRows.isEmpty else {
            throw ModelError.invalidLabels(file: file, problem: "every label starts with 'unuse'; nothing to output")
        }
    }

    /// Reads `tokens.txt` (UTF-8, one label per line; `\n`, `\r\n` or `\r` line ends as Python's text mode).
    public init(contentsOf path: String, unknownSymbol: String = "<unk>") throws {
        // Checked before reading: a FIFO would block the read forever.
        if let reason = nonRegularFileReason(path) { throw ModelError.invalidLabels(file: path, problem: reason) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ModelError.invalidLabels(file: path, problem: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ModelError.invalidLabels(file: path, problem: "not valid UTF-8")
        }
        try self.init(rows: Emotion2VecLabelList.lines(of: text), unknownSymbol: unknownSymbol, file: path)
    }

    /// Whether FunASR masks this row (`label.startswith("unuse")`).
    public static func isMasked(_ label: String) -> Bool { label.hasPrefix("unuse") }

    /// The English part of a bilingual label: the text after the last `/` ("生气/angry" → "angry");
    /// labels without a slash ("<unk>") are returned unchanged.
    public static func englishPart(of label: String) -> String {
        guard let slash = label.lastIndex(of: "/") else { return label }
        let tail = label[label.index(after: slash)...]
        return tail.isEmpty ? label : String(tail)
    }

    /// The reported labels as written in the file (bilingual).
    public var rawLabels: [String] { outputRows.map { rows[$0] } }
    /// The reported labels' English parts.
    public var labels: [String] { outputRows.map { Emotion2VecLabelList.englishPart(of: rows[$0]) } }

    /// Python `for line in f: line.rstrip()` over a text-mode file: universal newlines, trailing
    /// whitespace stripped, no extra entry after a final newline.
    static func lines(of text: String) -> [String] {
        var result: [String] = []
        var current = ""
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" && previousWasCR { previousWasCR = false; continue }
            previousWasCR = scalar == "\r"
            if scalar == "\n" || scalar == "\r" {
                result.append(current)
                current = ""
            } else {
                current.unicodeScalars.append(scalar)
            }
        }
        if !current.isEmpty { result.append(current) }
        return result.map(rstrip)
    }

    /// Python's `str.rstrip()` with no argument: strips trailing Unicode whitespace.
    private static func rstrip(_ line: String) -> String {
        var scalars = Substring(line).unicodeScalars
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
