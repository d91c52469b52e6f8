// A confusion matrix as an SVG heat map: cells shaded by row-normalised value, labelled with count and %.

import EmoMetrics
import Foundation

/// Renders `confusion` as a standalone SVG document (deterministic text, no external resources).
/// Rows are true classes, columns predictions (with "other" last when present).
public func renderConfusionHeatMap(_ confusion: ConfusionMatrix, title: String) -> String {
    let cell = 64, labelWidth = 80, top = 70, left = labelWidth + 20
    let rows = confusion.labels.count, columns = confusion.columnCount
    let width = left + columns * cell + 20, height = top + rows * cell + 40
    let normalised = confusion.rowNormalised
    var svg: [String] = [
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" "
            + "viewBox=\"0 0 \(width) \(height)\" font-family=\"sans-serif\" font-size=\"12\">",
        "<title>\(escapeXML(title))</title>",
        "<rect x=\"0\" y=\"0\" width=\"\(width)\" height=\"\(height)\" fill=\"#ffffff\"/>",
        "<text x=\"\(left)\" y=\"20\" font-size=\"14\" font-weight=\"bold\">\(escapeXML(title))</text>",
        "<text x=\"\(left + columns * cell / 2)\" y=\"40\" text-anchor=\"middle\">predicted</text>",
        "<text x=\"12\" y=\"\(top + rows * cell / 2)\" text-anchor=\"middle\" "
            + "transform=\"rotate(-90 12 \(top + rows * cell / 2))\">true</text>",
    ]
    for (c, label) in confusion.columnLabels.enumerated() {
        svg.append("<text x=\"\(left + c * cell + cell / 2)\" y=\"\(top - 8)\" text-anchor=\"middle\">"
            + "\(escapeXML(label))</text>")
    }
    for r in 0..<rows {
        let y = top + r * cell
        svg.append("<text x=\"\(left - 8)\" y=\"\(y + cell / 2 + 4)\" text-anchor=\"end\">"
            + "\(escapeXML(confusion.labels[r]))</text>")
        for c in 0..<columns {
            let x = left + c * cell, value = normalised[r][c]
            let textColour = value > 0.55 ? "#ffffff" : "#000000"
            svg.append("<rect x=\"\(x)\" y=\"\(y)\" width=\"\(cell)\" height=\"\(cell)\" fill=\"\(shade(value))\" "
                + "stroke=\"#ffffff\"/>")
            svg.append("<text x=\"\(x + cell / 2)\" y=\"\(y + cell / 2 - 2)\" text-anchor=\"middle\" "
                + "fill=\"\(textColour)\">\(confusion[r, c])</text>")
            svg.append("<text x=\"\(x + cell / 2)\" y=\"\(y + cell / 2 + 14)\" text-anchor=\"middle\" "
                + "font-size=\"10\" fill=\"\(textColour)\">\(NumberFormat.percent(value))%</text>")
        }
    }
    svg.append("<text x=\"\(left)\" y=\"\(top + rows * cell + 24)\" font-size=\"10\">"
        + "cell shade and % = row-normalised (share of the true class); number = count</text>")
    svg.append("</svg>")
    return svg.joined(separator: "\n") + "\n"
}

/// White → dark blue by `value` in [0, 1], as a hex colour.
private func shade(_ value: Double) -> String {
    let v = max(0, min(1, value))
    func channel(_ light: Double, _ dark: Double) -> Int { Int((light + (dark - light) * v).rounded()) }
    return String(format: "#%02x%02x%02x", channel(247, 8), channel(251, 48), channel(255, 107))
}

/// Escapes the five XML special characters.
func escapeXML(_ text: String) -> String {
    var out = ""
    for ch in text {
        switch ch {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&apos;"
        default: out.append(ch)
        }
    }
    return out
}
