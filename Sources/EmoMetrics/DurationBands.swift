// Utterance-length bands (< 1 s, 1–2, 2–4, 4–8, ≥ 8 s by default) for the "does it break on short clips"
// breakdown.

import Foundation

/// Bands cut at increasing edges in seconds: (−∞, e₀), [e₀, e₁), …, [eₙ₋₁, ∞).
public struct DurationBands: Sendable, Equatable, Codable {
    /// Strictly increasing, positive, finite edges in seconds.
    public let edges: [Double]

    /// The default edges: 1, 2, 4, 8 s.
    public static let standard = DurationBands(validatedEdges: [1, 2, 4, 8])

    /// Checks `edges`; throws `MetricsError.durationBands` naming the first bad edge.
    public init(edges: [Double]) throws(MetricsError) {
        guard !edges.isEmpty else { throw .durationBands("give at least one edge") }
        for (i, edge) in edges.enumerated() {
            guard edge.isFinite, edge > 0 else { throw .durationBands("edge \(edge) is not a positive number of seconds") }
            if i > 0 && edge <= edges[i - 1] {
                throw .durationBands("edges must increase, but \(edge) follows \(edges[i - 1])")
            }
        }
        self.edges = edges
    }

    private init(validatedEdges: [Double]) { edges = validatedEdges }

    /// Index of the band holding `seconds` (0..<names.count).
    public func band(of seconds: Double) -> Int {
        edges.firstIndex { seconds < $0 } ?? edges.count
    }

    /// Band names in order, e.g. `< 1 s`, `1–2 s`, …, `≥ 8 s`.
    public var names: [String] {
        let e = edges.map(Self.format)
        return ["< \(e[0]) s"] + (1..<max(1, edges.count)).compactMap { i in
            i < edges.count ? "\(e[i - 1])–\(e[i]) s" : nil
        } + ["≥ \(e[edges.count - 1]) s"]
    }

    /// The band name of `seconds`.
    public func name(of seconds: Double) -> String { names[band(of: seconds)] }

    /// 1 → "1", 0.5 → "0.5", 2.25 → "2.25".
    static func format(_ seconds: Double) -> String { String(format: "%g", seconds) }
}
