// `emoeval prepare casia|shemo|subesco`: a release whose counts differ from the published ones is refused
// (expected vs found on stderr, nothing written) unless --allow-count-mismatch; utt2gender only where the
// release states it.
import EmoTestSupport
import Foundation
import Testing

@Suite("CLI: prepare casia, shemo, subesco (release counts)")
struct ReleaseCountCLITests {
    /// A 16 kHz mono WAV of 24 samples (enough for the importers' "has audio" check; 1 200 of them stay small).
    static func tinyWAV(_ root: URL, _ relativePath: String) throws {
        let url = root.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        var data = Data()
        func u32(_ v: Int) { withUnsafeBytes(of: UInt32(v).littleEndian) { data.append(contentsOf: $0) } }
        func u16(_ v: Int) { withUnsafeBytes(of: UInt16(v).littleEndian) { data.append(contentsOf: $0) } }
        data.append(contentsOf: Array("RIFF".utf8)); u32(36 + 48); data.append(contentsOf: Array("WAVE".utf8))
        data.append(contentsOf: Array("fmt ".utf8)); u32(16); u16(1); u16(1); u32(16000); u32(32000); u16(2); u16(16)
        data.append(contentsOf: Array("data".utf8)); u32(48)
        for i in 0..<24 { u16(i % 2 == 0 ? 1 : 0xFFFF) }
        try data.write(to: url)
    }

    @Test("prepare casia: one file short → error naming expected and found, nothing written; --allow-count-mismatch writes it without utt2gender")
    func casiaCountMismatch() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        for speaker in ["liuchanhg", "wangzhe", "zhaoquanyin", "zhaozuoxiang"] {
            for emotion in ["angry", "fear", "happy", "neutral", "sad", "surprise"] {
                for number in 201...250 where !(speaker == "zhaoquanyin" && emotion == "fear" && number == 250) {
                    try Self.tinyWAV(root, "casia/\(speaker)/\(emotion)/\(number).wav")
                }
            }
        }
        let out = root.appendingPathComponent("data/casia").path
        let refused = try Emoeval.run(["prepare", "casia", root.appendingPathComponent("casia").path, out])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("Error:   utterances: expected 1200, found 1199\n"))
        #expect(refused.stderr.contains("Error:   speaker zhaoquanyin: expected 300, found 299\n"))
        #expect(refused.stderr.contains("Error:   emotion fear: expected 200, found 199\n"))
        #expect(refused.stderr.contains("--allow-count-mismatch"))
        #expect(!FileManager.default.fileExists(atPath: out))

        let written = try Emoeval.run(["prepare", "casia", root.appendingPathComponent("casia").path, out,
                                       "--allow-count-mismatch"])
        #expect(written.status == 0)
        #expect(written.stderr.contains("WARNING:   utterances: expected 1200, found 1199\n"))
        #expect(written.stdout.contains("labels: angry 200, fear 199, happy 200, neutral 200, sad 200, surprise 200\n"))
        let scp = try String(contentsOfFile: out + "/wav.scp", encoding: .utf8)
        #expect(scp.split(separator: "\n").count == 1199)
        #expect(scp.hasPrefix("casia_liuchanhg_angry_201 "))
        #expect(!FileManager.default.fileExists(atPath: out + "/utt2gender"))
        let utt2spk = try String(contentsOfFile: out + "/utt2spk", encoding: .utf8)
        #expect(utt2spk.contains("casia_zhaoquanyin_sad_250 zhaoquanyin\n"))
    }

    @Test("prepare shemo: utt2gender from the name's first letter, utt2emo as shemo.json spells it")
    func shemoGender() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try CorpusCLITests.put(root, "shemo/female/F03S02.wav")
        try CorpusCLITests.put(root, "shemo/male/M21F01.wav")
        let out = root.appendingPathComponent("data/shemo").path
        let refused = try Emoeval.run(["prepare", "shemo", root.appendingPathComponent("shemo").path, out])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("utterances: expected 3000, found 2"))
        let written = try Emoeval.run(["prepare", "shemo", root.appendingPathComponent("shemo").path, out,
                                       "--allow-count-mismatch"])
        #expect(written.status == 0)
        #expect(try String(contentsOfFile: out + "/utt2gender", encoding: .utf8) == "shemo_F03S02 female\nshemo_M21F01 male\n")
        #expect(try String(contentsOfFile: out + "/utt2emo", encoding: .utf8) == "shemo_F03S02 sad\nshemo_M21F01 fearful\n")
        #expect(try String(contentsOfFile: out + "/utt2spk", encoding: .utf8) == "shemo_F03S02 F03\nshemo_M21F01 M21\n")
    }
}
