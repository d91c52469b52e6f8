// Exact McNemar p-values against scipy.stats.binomtest.

import Testing
@testable import EmoMetrics

/// The p-value is a sum of up to a few hundred binomial terms in log space; 1e-12 relative is ample.
private let relativeTolerance = 1e-12

@Suite("McNemar")
struct McNemarTests {
    // Generated once with scipy 1.17.1: `from scipy.stats import binomtest; binomtest(k, n, 0.5).pvalue`
    // for the discordant counts b = k, c = n − k.
    @Test("matches scipy.stats.binomtest", arguments: [
        (3, 7, 0.34375), (0, 5, 0.0625), (5, 5, 1.0), (12, 28, 0.01658900337497471),
        (7, 18, 0.043285250663757324), (100, 160, 0.00023894190306813953), (0, 1, 1.0),
    ])
    func againstScipy(b: Int, c: Int, expected: Double) {
        let p = mcNemarExact(b: b, c: c).pValue
        #expect(abs(p - expected) <= relativeTolerance * expected)
        #expect(mcNemarExact(b: c, c: b).pValue == p)   // symmetric in the two runs
    }

    @Test("no discordant pair gives p = 1")
    func noDiscordance() {
        #expect(mcNemarExact(b: 0, c: 0).pValue == 1)
    }

    @Test("very unbalanced large counts do not overflow")
    func large() {
        let p = mcNemarExact(b: 0, c: 3000).pValue
        #expect(p >= 0 && p < 1e-300)
        #expect(mcNemarExact(b: 1500, c: 1500).pValue == 1)
    }
}
