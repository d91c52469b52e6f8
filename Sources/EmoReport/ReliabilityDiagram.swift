// A reliability diagram as SVG: per equal-width confidence bin, a bar of the bin's accuracy, the
// diagonal of perfect calibration, and each bin's item count above its bar.

import EmoMetrics
import Foundation

/// Renders `metrics.bins` as a standalone SVG document (deterministic text). Exactly one
/// `<rect class="bin">` per bin (height 0 when the bin is empty) plus one background `<rect>`.
public func renderReliabilityDiagram(_ metrics: CalibrationMetrics, title: String) -> String {
    let plot = 300, left = 60, top = 50, bottom = 66, right = 20
    let width = left + plot + right, height = top + plot + bottom
    let binCount = max(1, metrics.bins.count)
    let binWidth = Double(plot) / Double(binCount)
    func x(_ fraction: Double) -> String { format(Double(left) + fraction * Double(plot)) }
    func y(_ fraction: Double) -> String { format(Double(top) + (1 - fraction) * Double(plot)) }
    var svg: [String] = [
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" "
            + "viewBox=\"0 0 \(width) \(height)\" font-family=\"sans-serif\" font-size=\"11\">",
        "<title>\(escapeXML(title))</title>",
        "<rect x=\"0\" y=\"0\" width=\"\(width)\" height=\"\(height)\" fill=\"#ffffff\"/>",
        "<text x=\"\(left)\" y=\"18\" font-size=\"13\" font-weight=\"bold\">\(escapeXML(title))</text>",
        "<text x=\"\(left)\" y=\"34\">ECE \(NumberFormat.percent(metrics.ece)) %, MCE "
            + "\(NumberFormat.percent(metrics.mce)) %, N = \(metrics.count)</text>",
    ]
    // Axes and grid at 0, 0.2, …, 1.
    for step in 0...5 {
        let f = Double(step) / 5
        svg.append("<line x1=\"\(x(0))\" y1=\"\(y(f))\" x2=\"\(x(1))\" y2=\"\(y(f))\" stroke=\"#dddddd\"/>")
        svg.append("<text x=\"\(left - 6)\" y=\"\(format(Double(top) + (1 - f) * Double(plot) + 4))\" "
            + "text-anchor=\"end\">\(String(format: "%.1f", f))</text>")
        svg.append("<text x=\"\(x(f))\" y=\"\(top + plot + 16)\" text-anchor=\"middle\">\(String(format: "%.1f", f))</text>")
    }
    for (b, bin) in metrics.bins.enumerated() {
        let accuracy = bin.accuracy ?? 0
        let barX = Double(left) + Double(b) * binWidth
        let barHeight = accuracy * Double(plot)
        let tip = "\(NumberFormat.bounds(bin.lower, bin.upper)): n = \(bin.count)"
            + (bin.accuracy.map { ", accuracy \(NumberFormat.percent($0)) %" } ?? "")
            + (bin.confidence.map { ", confidence \(NumberFormat.percent($0)) %" } ?? "")
        svg.append("<rect class=\"bin\" x=\"\(format(barX))\" y=\"\(format(Double(top + plot) - barHeight))\" "
            + "width=\"\(format(binWidth))\" height=\"\(format(barHeight))\" fill=\"#3b6fb6\" stroke=\"#ffffff\">"
            + "<title>\(escapeXML(tip))</title></rect>")
        svg.append("<text x=\"\(format(barX + binWidth / 2))\" y=\"\(format(Double(top + plot) - barHeight - 3))\" "
            + "text-anchor=\"middle\" font-size=\"9\">\(bin.count)</text>")
        if let confidence = bin.confidence {
            svg.append("<line x1=\"\(format(barX + 1))\" y1=\"\(y(confidence))\" x2=\"\(format(barX + binWidth - 1))\" "
                + "y2=\"\(y(confidence))\" stroke=\"#d62728\" stroke-width=\"2\"/>")
        }
    }
    svg.append("<line x1=\"\(x(0))\" y1=\"\(y(0))\" x2=\"\(x(1))\" y2=\"\(y(1))\" stroke=\"#555555\" "
        + "stroke-dasharray=\"4 3\"/>")
    svg.append("<text x=\"\(left + plot / 2)\" y=\"\(top + plot + 34)\" text-anchor=\"middle\">"
        + "top-label confidence (bin)</text>")
    svg.append("<text x=\"14\" y=\"\(top + plot / 2)\" text-anchor=\"middle\" "
        + "transform=\"rotate(-90 14 \(top + plot / 2))\">accuracy</text>")
    svg.append("<text x=\"\(left)\" y=\"\(top + plot + 48)\" font-size=\"9\">bars = accuracy per bin, "
        + "number = items in the bin,</text>")
    svg.append("<text x=\"\(left)\" y=\"\(top + plot + 59)\" font-size=\"9\">red = mean confidence in the bin, "
        + "dashed = perfect calibration</text>")
    svg.append("</svg>")
    return svg.joined(separator: "\n") + "\n"
}

/// A coordinate with at most two decimals and no trailing zeros ("12", "12.5").
private func format(_ value: Double) -> String {
    let text = String(format: "%.2f", value)
    var trimmed = Substring(text)
    while trimmed.hasSuffix("0") { trimmed = trimmed.dropLast() }
    if trimmed.hasSuffix(".") { trimmed = trimmed.dropLast() }
    return String(trimmed)
}
