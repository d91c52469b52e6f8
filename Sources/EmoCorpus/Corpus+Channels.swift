// `validate`'s check of utt2channel against the audio: a channel index past the file's channel count is an
// error naming utt2channel's line (the decoder would fail on every such utterance).
import Foundation

extension Corpus {
    /// One problem per utterance whose `utt2channel` index exceeds its audio file's channel count, at the
    /// utt2channel line. `channelCount` reads a file's channel count (called once per file); files it cannot
    /// read are left to the audio checks.
    public func channelProblems(channelCount: (String) throws -> Int) -> [CorpusProblem] {
        guard utterances.contains(where: { $0.channel != nil }) else { return [] }
        let file = (dataDirectory as NSString).appendingPathComponent(DataDirectory.FileName.channels)
        let lines = ((try? KaldiTable.read(file, fields: 2)) ?? nil)?.values.mapValues(\.line) ?? [:]
        var counts: [String: Int?] = [:]
        var problems: [CorpusProblem] = []
        for utterance in utterances {
            guard let channel = utterance.channel else { continue }
            if counts[utterance.audioPath] == nil { counts[utterance.audioPath] = .some(try? channelCount(utterance.audioPath)) }
            guard let count = counts[utterance.audioPath] ?? nil, channel > count else { continue }
            problems.append(CorpusProblem(file: file, line: lines[utterance.id],
                                          message: "channel \(channel) of '\(utterance.id)' is out of range: "
                                              + "\(utterance.audioPath) has \(count) channel\(count == 1 ? "" : "s")"))
        }
        return problems
    }
}
