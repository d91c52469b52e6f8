// Bootstrap replicates drawn separately inside strata (groups), for the breakdown tables' intervals.

/// The resampling design of a breakdown: per stratum (e.g. one gender), its clusters of item indices.
/// A stratum's clusters are its speakers when every item in it has one, else its single utterances.
struct StratifiedClusters {
    /// `strata[s][c]`: item indices of cluster c in stratum s.
    let strata: [[[Int]]]
    /// Per stratum, what a cluster is.
    let units: [ResamplingUnit]

    /// Splits `indices` of `speakers` into strata by `stratumOf` (value order = `strata` order).
    init(strata members: [[Int]], speakers: [String?]) {
        var strata: [[[Int]]] = [], units: [ResamplingUnit] = []
        for indices in members {
            let (unit, clusters) = resamplingClusters(speakers: indices.map { speakers[$0] })
            strata.append(clusters.map { $0.map { indices[$0] } })
            units.append(unit)
        }
        self.strata = strata
        self.units = units
    }

    /// Draws `settings.resamples` replicates with `SplitMix64(settings.seed)`: in each, every stratum draws
    /// as many of its clusters as it has, with replacement (strata in order, so the draws are reproducible).
    /// `body` gets one replicate's drawn cluster numbers per stratum; statistics are summed per cluster
    /// beforehand, so a replicate costs O(clusters), not O(items).
    func forEachClusterDraw(_ settings: BootstrapSettings, _ body: ([[Int]]) -> Void) {
        var generator = SplitMix64(seed: settings.seed)
        for _ in 0..<settings.resamples {
            var replicate: [[Int]] = []
            replicate.reserveCapacity(strata.count)
            for clusters in strata {
                var drawn: [Int] = []
                drawn.reserveCapacity(clusters.count)
                for _ in 0..<clusters.count { drawn.append(generator.uniform(below: clusters.count)) }
                replicate.append(drawn)
            }
            body(replicate)
        }
    }

    /// The percentile interval of `values` (one per replicate) for stratum `s`'s design.
    func interval(_ values: [Double], stratum s: Int, settings: BootstrapSettings) -> ConfidenceInterval {
        percentileInterval(values, settings: settings, unit: units[s], units: strata[s].count)
    }

    /// The interval of a statistic over several strata: the unit is `speaker` only when every stratum
    /// resamples speakers; `units` counts the clusters of all strata.
    func pooledInterval(_ values: [Double], settings: BootstrapSettings) -> ConfidenceInterval {
        let unit: ResamplingUnit = units.allSatisfy { $0 == .speaker } ? .speaker : .utterance
        return percentileInterval(values, settings: settings, unit: unit,
                                  units: strata.reduce(0) { $0 + $1.count })
    }
}
