// Golden report, JSON, SVG well-formedness and contamination rules.

import EmoMetrics
@testable import EmoReport
import EmoTestSupport
import EmoTypes
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

@Suite("ReportRenderer")
struct ReportRendererTests {
    @Test("the report of the fixed input equals the golden file (regenerate: EMOEVAL_UPDATE_GOLDEN=1)")
    func golden() throws {
        let rendered = renderReport(try MiniReport.input())
        #expect(try MiniReport.matchesGolden(rendered.markdown, "mini.md"))
        #expect(rendered.figures.map(\.name) == ["mini-run-1-confusion.svg", "mini-run-2-confusion.svg"])
        #expect(try MiniReport.matchesGolden(rendered.figures[1].svg, "mini-run-2-confusion.svg"))
    }

    @Test("rendering is deterministic and has exactly one date line")
    func deterministic() throws {
        let a = renderReport(try MiniReport.input()), b = renderReport(try MiniReport.input())
        #expect(a == b)
        #expect(a.markdown.components(separatedBy: "2026-11-22").count == 2)
        #expect(a.markdown.contains("Policy `full`"))
    }

    @Test("every heat map is well-formed XML with one rect per cell plus the background")
    func svgWellFormed() throws {
        for (index, figure) in renderReport(try MiniReport.input()).figures.enumerated() {
            let counter = ElementCounter()
            let parser = XMLParser(data: Data(figure.svg.utf8))
            parser.delegate = counter
            #expect(parser.parse(), "\(figure.name): \(parser.parserError.map { "\($0)" } ?? "")")
            #expect(counter.root == "svg")
            let columns = index == 0 ? 4 : 5
            #expect(counter.counts["rect"] == 4 * columns + 1)
        }
    }

    @Test("JSON carries the same figures and decodes back")
    func json() throws {
        let input = try MiniReport.input()
        let text = try encodeJSON(ReportJSON(input))
        #expect(try MiniReport.matchesGolden(text, "mini.json"))
        let decoded = try JSONDecoder().decode(ReportJSON.self, from: Data(text.utf8))
        #expect(decoded.runs.count == 2)
        let run2 = decoded.runs[1]
        #expect(run2.policy == "full" && run2.confusionColumns.last == "other")
        #expect(run2.wa == input.runs[1].metrics.pooled.wa && run2.failed == 2)
        #expect(run2.intervals?["UA"]?.lower == input.runs[1].metrics.intervals?.ua.lower)
        #expect(decoded.runs[0].folds.map(\.fold) == ["1", "2"])
    }

    @Test("contamination: SpeechBrain on IEMOCAP and emotion2vec+ seed on EmoBox corpora")
    func contamination() {
        let sb = ModelProvenance(variant: "emotion-recognition-wav2vec2-IEMOCAP", family: "wav2vec2-iemocap",
                                 checkpointSHA256: "x", labels: [])
        #expect(contaminationWarnings(model: sb, corpus: "IEMOCAP-4class", references: []).count == 1)
        #expect(contaminationWarnings(model: sb, corpus: "ravdess", references: []).isEmpty)
        let seed = ModelProvenance(variant: "emotion2vec_plus_seed", family: "emotion2vec", checkpointSHA256: "x",
                                   labels: [])
        #expect(contaminationWarnings(model: seed, corpus: "ravdess-8class", references: []).count == 1)
        let large = ModelProvenance(variant: "emotion2vec_plus_large", family: "emotion2vec", checkpointSHA256: "x",
                                    labels: [])
        #expect(contaminationWarnings(model: large, corpus: "iemocap", references: []).isEmpty)
        let flagged = PublishedFigure(model: "emotion2vec_plus_large", figures: [:], evaluationProtocol: "",
                                      source: "s", seenInTraining: .yes)
        #expect(contaminationWarnings(model: large, corpus: "iemocap", references: [flagged]).count == 1)
        // The first reference that flags the model counts, once; "no" and other models' flags add nothing.
        let unflagged = PublishedFigure(model: "emotion2vec_plus_large", figures: [:], evaluationProtocol: "",
                                        source: "n", seenInTraining: .no)
        let partly = PublishedFigure(model: "emotion2vec_plus_large", figures: [:], evaluationProtocol: "",
                                     source: "p", seenInTraining: .partly)
        let other = PublishedFigure(model: "emotion2vec_plus_base", figures: [:], evaluationProtocol: "",
                                    source: "o", seenInTraining: .yes)
        #expect(contaminationWarnings(model: large, corpus: "iemocap", references: [other, unflagged, partly, flagged])
            == ["The recipe's reference (p) records that emotion2vec_plus_large saw part of this corpus in training."])
        #expect(contaminationWarnings(model: large, corpus: "iemocap", references: [other, unflagged]).isEmpty)
        // A built-in rule already warns: the recipe's flag adds nothing.
        let seedFlag = PublishedFigure(model: "emotion2vec_plus_seed", figures: [:], evaluationProtocol: "",
                                       source: "s", seenInTraining: .yes)
        #expect(contaminationWarnings(model: seed, corpus: "iemocap", references: [seedFlag]).count == 1)
    }

    @Test("markdown table escapes pipes and aligns columns")
    func markdownTable() {
        var t = MarkdownTable(headers: ["a", "b"])
        t.append(["x|y", "1"])
        #expect(t.render() == "| a | b |\n|---|---:|\n| x\\|y | 1 |\n")
    }
}

/// Counts elements by name and remembers the root.
private final class ElementCounter: NSObject, XMLParserDelegate {
    var counts: [String: Int] = [:]
    var root: String?

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if root == nil { root = name }
        counts[name, default: 0] += 1
    }
}
