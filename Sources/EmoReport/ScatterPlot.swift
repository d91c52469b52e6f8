// True vs predicted values of each dimension as an SVG scatter plot; a density map when there are many points.

import EmoMetrics
import Foundation

/// Above this many points a panel is drawn as a 2-D histogram (shaded cells) instead of single dots.
public let scatterDensityThreshold = 400

/// One SVG with a panel per dimension: x = annotation, y = prediction (both on the evaluation scale),
/// the identity line dashed. Deterministic text, no external resources.
public func renderDimensionScatter(_ panels: [(dimension: String, items: [DimensionalItem], range: ClosedRange<Double>)],
                                   title: String) -> String {
    let size = 240, gap = 60, left = 50, top = 50, bins = 30
    let width = left + panels.count * (size + gap), height = top + size + 60
    var svg: [String] = [
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" "
            + "viewBox=\"0 0 \(width) \(height)\" font-family=\"sans-serif\" font-size=\"11\">",
        "<title>\(escapeXML(title))</title>",
        "<rect x=\"0\" y=\"0\" width=\"\(width)\" height=\"\(height)\" fill=\"#ffffff\"/>",
        "<text x=\"\(left)\" y=\"20\" font-size=\"14\" font-weight=\"bold\">\(escapeXML(title))</text>",
    ]
    for (p, panel) in panels.enumerated() {
        let x0 = left + p * (size + gap), y0 = top
        // Axis range: the evaluation scale, widened to any prediction outside it.
        let values = panel.items.flatMap { [$0.truth, $0.predicted] }
        let low = min(panel.range.lowerBound, values.min() ?? panel.range.lowerBound)
        let high = max(panel.range.upperBound, values.max() ?? panel.range.upperBound)
        let span = high > low ? high - low : 1
        func px(_ v: Double) -> Double { Double(x0) + (v - low) / span * Double(size) }
        func py(_ v: Double) -> Double { Double(y0 + size) - (v - low) / span * Double(size) }
        svg.append("<rect x=\"\(x0)\" y=\"\(y0)\" width=\"\(size)\" height=\"\(size)\" fill=\"none\" stroke=\"#888888\"/>")
        let dense = panel.items.count > scatterDensityThreshold
        if dense {
            var counts = [Int](repeating: 0, count: bins * bins)
            for item in panel.items {
                let i = min(bins - 1, Int((item.truth - low) / span * Double(bins)))
                let j = min(bins - 1, Int((item.predicted - low) / span * Double(bins)))
                counts[j * bins + i] += 1
            }
            let peak = Double(counts.max() ?? 1), cell = Double(size) / Double(bins)
            for j in 0..<bins {
                for i in 0..<bins where counts[j * bins + i] > 0 {
                    // Log shading so that sparse tails stay visible next to the dense centre.
                    let shade = 0.15 + 0.85 * log(1 + Double(counts[j * bins + i])) / log(1 + peak)
                    svg.append(String(format: "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" "
                        + "fill=\"#08306b\" fill-opacity=\"%.3f\"/>", Double(x0) + Double(i) * cell,
                        Double(y0 + size) - Double(j + 1) * cell, cell, cell, shade))
                }
            }
        } else {
            for item in panel.items {
                svg.append(String(format: "<circle cx=\"%.2f\" cy=\"%.2f\" r=\"2.5\" fill=\"#08519c\" fill-opacity=\"0.55\"/>",
                                  px(item.truth), py(item.predicted)))
            }
        }
        svg.append(String(format: "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"#cc0000\" "
            + "stroke-dasharray=\"4 3\"/>", px(low), py(low), px(high), py(high)))
        for v in [low, (low + high) / 2, high] {
            let label = String(format: "%.3g", v)
            svg.append(String(format: "<text x=\"%.2f\" y=\"%d\" text-anchor=\"middle\">", px(v), y0 + size + 14)
                + label + "</text>")
            svg.append(String(format: "<text x=\"%d\" y=\"%.2f\" text-anchor=\"end\">", x0 - 4, py(v) + 4)
                + label + "</text>")
        }
        let caption = "\(panel.dimension) (n = \(panel.items.count)\(dense ? ", density" : ""))"
        svg.append("<text x=\"\(x0 + size / 2)\" y=\"\(y0 - 8)\" text-anchor=\"middle\" font-weight=\"bold\">"
            + "\(escapeXML(caption))</text>")
        svg.append("<text x=\"\(x0 + size / 2)\" y=\"\(y0 + size + 30)\" text-anchor=\"middle\">annotation</text>")
        svg.append("<text x=\"\(x0 - 34)\" y=\"\(y0 + size / 2)\" text-anchor=\"middle\" "
            + "transform=\"rotate(-90 \(x0 - 34) \(y0 + size / 2))\">prediction</text>")
    }
    svg.append("<text x=\"\(left)\" y=\"\(height - 8)\" font-size=\"10\">dashed: prediction = annotation; "
        + "both on the evaluation scale; more than \(scatterDensityThreshold) points: shaded \(bins)×\(bins) "
        + "histogram (log count)</text>")
    svg.append("</svg>")
    return svg.joined(separator: "\n") + "\n"
}
