// A GitHub-flavoured markdown table with fixed column alignment.

import Foundation

/// Rows of cells rendered as a markdown table; `|` inside cells is escaped.
public struct MarkdownTable: Sendable, Equatable {
    public enum Alignment: Sendable { case left, right }

    public var headers: [String]
    public var alignments: [Alignment]
    public var rows: [[String]] = []

    /// The first `leftColumns` columns (text) are left-aligned, the rest (numbers) right-aligned.
    public init(headers: [String], leftColumns: Int = 1) {
        self.headers = headers
        self.alignments = headers.indices.map { $0 < leftColumns ? .left : .right }
    }

    public mutating func append(_ row: [String]) { rows.append(row) }

    /// The table, one line per row, ending with a newline.
    public func render() -> String {
        func line(_ cells: [String]) -> String {
            let padded = headers.indices.map { i in i < cells.count ? escape(cells[i]) : "" }
            return "| " + padded.joined(separator: " | ") + " |"
        }
        let rule = "|" + alignments.map { $0 == .left ? "---|" : "---:|" }.joined()
        return ([line(headers), rule] + rows.map(line)).joined(separator: "\n") + "\n"
    }

    private func escape(_ cell: String) -> String { cell.replacingOccurrences(of: "|", with: "\\|") }
}
