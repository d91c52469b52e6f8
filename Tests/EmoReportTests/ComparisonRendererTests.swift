// The comparison report: golden file and its figures.

import EmoMetrics
import EmoReport
import Foundation
import Testing

@Suite("ComparisonRenderer")
struct ComparisonRendererTests {
    @Test("comparison of the fixed runs equals the golden file (regenerate: EMOEVAL_UPDATE_GOLDEN=1)")
    func golden() throws {
        let input = try MiniReport.comparisonInput()
        let text = renderComparison(input)
        #expect(try MiniReport.matchesGolden(text, "mini-compare.md"))
        #expect(input.comparison.pairs.count == 1)
        #expect(text.contains("| run 1 | run 2 | 22 |"))
    }

    @Test("comparison JSON decodes back with the pairwise figures")
    func json() throws {
        let input = try MiniReport.comparisonInput()
        let decoded = try JSONDecoder().decode(ComparisonJSON.self,
                                               from: Data(try encodeJSON(ComparisonJSON(input)).utf8))
        #expect(decoded.comparison == input.comparison)
        #expect(decoded.report.runs.map(\.run) == ["run 1", "run 2"])
    }
}
