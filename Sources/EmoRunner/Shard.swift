// `--shard K/N`: a deterministic, duration-balanced share of a corpus for one of N processes.
import Foundation
import EmoStore

/// Shard K of N (1-based), as typed on the command line.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// 1-based shard index K.
    public var index: Int
    /// Number of shards N.
    public var count: Int

    public init(index: Int, count: Int) throws {
        guard count >= 1, index >= 1, index <= count else { throw RunnerError.invalidShard("\(index)/\(count)") }
        self.index = index
        self.count = count
    }

    /// Parses "K/N".
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else {
            throw RunnerError.invalidShard(text)
        }
        do { try self.init(index: k, count: n) } catch { throw RunnerError.invalidShard(text) }
    }

    public var description: String { "\(index)/\(count)" }

    /// `path` with `{shard}` replaced by K and `{shards}` by N (e.g. `shards/demo-{shard}-of-{shards}.sqlite`).
    public func substitute(in path: String) -> String {
        path.replacingOccurrences(of: "{shards}", with: "\(count)").replacingOccurrences(of: "{shard}", with: "\(index)")
    }

    /// Whether `path` holds a `{shard}` or `{shards}` placeholder.
    public static func hasPlaceholder(_ path: String) -> Bool {
        path.contains("{shard}") || path.contains("{shards}")
    }

    /// The keys of the utterances this shard owns. Every utterance goes to exactly one shard. Longest first,
    /// each utterance joins the shard with the least audio so far (ties: lowest index); utterances with the
    /// same duration are taken in key order, so every process computes the same split from the same corpus.
    public func keys(of utterances: [UtteranceRecord]) -> Set<String> {
        let ordered = utterances.sorted {
            let a = $0.duration ?? 0, b = $1.duration ?? 0
            return a != b ? a > b : $0.key < $1.key
        }
        var load = [Double](repeating: 0, count: count)
        var mine = Set<String>()
        for utterance in ordered {
            var target = 0
            for shard in 1..<count where load[shard] < load[target] { target = shard }
            load[target] += utterance.duration ?? 0
            if target == index - 1 { mine.insert(utterance.key) }
        }
        return mine
    }
}
