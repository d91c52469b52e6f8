// The reliability diagram SVG: well-formed, one bar per bin (empty bins too), counts and title escaped;
// and the worst-speaker highlighting of the breakdown tables.

import EmoMetrics
@testable import EmoReport
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

private final class BarCounter: NSObject, XMLParserDelegate {
    var heights: [Double] = []
    var rects = 0

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        guard elementName == "rect" else { return }
        rects += 1
        if attributes["class"] == "bin" { heights.append(Double(attributes["height"] ?? "") ?? -1) }
    }
}

@Suite("ReliabilityDiagram")
struct ReliabilityDiagramTests {
    @Test("one rect per bin (empty bins have height 0), bar height = accuracy, valid XML", arguments: [15, 10])
    func bars(binCount: Int) throws {
        // Three items in the top bin (2 right), one at confidence 0.5 (wrong).
        let items = [
            CalibrationItem(utterance: "a", truth: 0, predicted: 0, probabilities: [0.99, 0.01]),
            CalibrationItem(utterance: "b", truth: 0, predicted: 0, probabilities: [0.98, 0.02]),
            CalibrationItem(utterance: "c", truth: 1, predicted: 0, probabilities: [0.97, 0.03]),
            CalibrationItem(utterance: "d", truth: 0, predicted: 1, probabilities: [0.5, 0.5]),
        ]
        let metrics = CalibrationMetrics(items: items, binCount: binCount)
        let svg = renderReliabilityDiagram(metrics, title: "run <1> & \"x\"")
        let counter = BarCounter()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = counter
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        #expect(counter.heights.count == binCount && counter.rects == binCount + 1)
        #expect(abs((counter.heights.last ?? 0) - 200) < 0.01)   // 2/3 of the 300-pixel plot
        #expect(counter.heights.filter { $0 == 0 }.count == binCount - 1)   // the 0.5 bin is all wrong, the rest empty
        #expect(svg.contains("run &lt;1&gt; &amp; &quot;x&quot;"))
        #expect(renderReliabilityDiagram(metrics, title: "t") == renderReliabilityDiagram(metrics, title: "t"))
    }

    @Test("speakers: worst UA first, the worst fifth (at least one) highlighted")
    func worstSpeakers() throws {
        #expect(RunBreakdowns.worstSpeakerCount(of: 1) == 1 && RunBreakdowns.worstSpeakerCount(of: 10) == 2
                && RunBreakdowns.worstSpeakerCount(of: 24) == 5)
        let items = (0..<40).map { i in
            ScoredItem(utterance: "u\(i)", truth: i % 4, predicted: i % 10 < (i / 4) % 10 ? (i + 1) % 4 : i % 4,
                       speaker: "spk\(i % 10)")
        }
        let speakers = try evaluateGroups(items: items, groupOf: items.map { $0.speaker ?? "" }, variable: "speaker",
                                          labels: ["a", "b", "c", "d"], hasOther: false, settings: nil)
        let sorted = RunBreakdowns.speakersWorstFirst(speakers)
        #expect(zip(sorted, sorted.dropFirst()).allSatisfy { $0.metrics.ua <= $1.metrics.ua })
        let text = breakdownSections(RunBreakdowns(calibration: nil, calibrationBasis: "x", speakers: speakers),
                                     reliabilityFigure: nil)
        #expect(text.contains("the worst 2 of 10 in bold"))
        #expect(text.components(separatedBy: "| **spk").count - 1 == 2)
        #expect(text.contains("| **\(sorted[0].group)** |"))
    }
}
