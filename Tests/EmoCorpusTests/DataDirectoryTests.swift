// Data directories: round trip, and validation that reports every problem with file and line.
import EmoCorpus
import EmoTestSupport
import Foundation
import Testing

@Suite("DataDirectory")
struct DataDirectoryTests {
    @Test("write then read gives the same items, sorted, with optional files and segments")
    func roundTrip() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = TinyTree(root: root)
        try tree.wav("audio/b.wav")
        try tree.wav("audio/a.wav")
        let items = [
            DataItem(id: "u2", audioPath: tree.path("audio/b.wav"), label: "sad", speaker: "s2", session: "S1"),
            DataItem(id: "u1", audioPath: tree.path("audio/a.wav"), label: "hap", speaker: "s1", session: "S1"),
        ]
        let directory = root.appendingPathComponent("data").path
        try DataDirectory(path: directory, items: items).write()
        let text = try String(contentsOfFile: directory + "/utt2emo", encoding: .utf8)
        #expect(text == "u1 hap\nu2 sad\n")
        #expect(!FileManager.default.fileExists(atPath: directory + "/utt2style"))
        let read = try DataDirectory.read(directory)
        #expect(read.items == items.reversed())

        let segmented = [
            DataItem(id: "r1-a", audioPath: tree.path("audio/a.wav"), recording: "r1",
                     segment: UtteranceSegment(start: 0, end: 0.01), label: "neu"),
            DataItem(id: "r1-b", audioPath: tree.path("audio/a.wav"), recording: "r1",
                     segment: UtteranceSegment(start: 0.01, end: 0.02), label: "ang"),
        ]
        try DataDirectory(path: directory, items: segmented).write()
        #expect(try String(contentsOfFile: directory + "/wav.scp", encoding: .utf8) == "r1 \(tree.path("audio/a.wav"))\n")
        #expect(!FileManager.default.fileExists(atPath: directory + "/utt2spk"))
        #expect(try DataDirectory.read(directory).items == segmented)
    }

    @Test("utt2channel: 1-based indices or 'mean' round-trip; anything else is a problem at its line")
    func channels() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = TinyTree(root: root)
        try tree.wav("audio/a.wav")
        let items = [
            DataItem(id: "u1", audioPath: tree.path("audio/a.wav"), label: "hap", channel: 3),
            DataItem(id: "u2", audioPath: tree.path("audio/a.wav"), label: "sad"),
        ]
        let directory = root.appendingPathComponent("data").path
        try DataDirectory(path: directory, items: items).write()
        #expect(try String(contentsOfFile: directory + "/utt2channel", encoding: .utf8) == "u1 3\nu2 mean\n")
        #expect(try DataDirectory.read(directory).items == items)
        // No item selects a channel: no utt2channel (a stale one is removed).
        try DataDirectory(path: directory, items: items.map { var item = $0; item.channel = nil; return item }).write()
        #expect(!FileManager.default.fileExists(atPath: directory + "/utt2channel"))
        try "u1 0\nu2 left\n".write(toFile: directory + "/utt2channel", atomically: true, encoding: .utf8)
        do {
            _ = try DataDirectory.read(directory)
            Issue.record("utt2channel values 0 and 'left' were accepted")
        } catch let CorpusError.invalidData(_, problems) {
            #expect(problems == [
                CorpusProblem(file: directory + "/utt2channel", line: 1, message: "channel '0' of 'u1' is not a 1-based channel index or 'mean'"),
                CorpusProblem(file: directory + "/utt2channel", line: 2, message: "channel 'left' of 'u2' is not a 1-based channel index or 'mean'"),
            ])
        }
    }

    @Test("relative wav.scp paths are resolved against the data directory")
    func relativePaths() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = TinyTree(root: root)
        try tree.wav("corpus/wav/x.wav")
        try tree.write("corpus/data/wav.scp", "x ../wav/x.wav\n")
        try tree.write("corpus/data/utt2emo", "x neu\n")
        let read = try DataDirectory.read(tree.path("corpus/data"))
        #expect(read.items.first?.audioPath == tree.path("corpus/wav/x.wav"))
    }

    @Test("every problem is reported at once with file and line; pipes are rejected, never run")
    func reportsAllProblems() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = TinyTree(root: root)
        try tree.wav("a.wav")
        let marker = tree.path("pipe-ran")
        try tree.write("data/wav.scp", """
        a \(tree.path("a.wav"))
        c \(tree.path("missing.wav"))
        b \(tree.path("a.wav"))
        d touch \(marker) |
        e \(tree.path("a.wav"))
        a \(tree.path("a.wav"))

        """)
        try tree.write("data/utt2emo", "a hap\nb sad extra\nc neu\nd ang\nz neu\n")
        try tree.write("data/utt2spk", "a s1\nb s1\nq s9\n")
        let error = try #require(throws: CorpusError.self) { try DataDirectory.read(tree.path("data")) }
        let wav = tree.path("data/wav.scp"), emo = tree.path("data/utt2emo"), spk = tree.path("data/utt2spk")
        let messages = Set(error.problems.map(\.description))
        let expected: [String] = [
            "\(wav):6: duplicate id 'a' (first on line 1)",
            "\(wav):3: ids are not sorted: 'b' is out of order (1 line(s) in all); sort with `LC_ALL=C sort`",
            "\(wav):2: audio file '\(tree.path("missing.wav"))' of 'c' does not exist",
            "\(emo):2: expected 2 fields, found 3: 'b sad extra'",
            "\(emo):5: utterance 'z' has a label but no audio in wav.scp",
            "\(wav):5: utterance 'e' has audio but no label in utt2emo",
            "\(spk):3: 'q' is not an utterance of this data directory",
            "\(spk): utterance 'c' has no entry",
        ]
        for line in expected { #expect(messages.contains(line), "missing: \(line)") }
        #expect(messages.contains { $0.hasPrefix("\(wav):4: 'd' is a pipe entry") && $0.contains("never runs") })
        #expect(!FileManager.default.fileExists(atPath: marker))
        #expect(error.problems.count == expected.count + 1)
        #expect(error.description.hasPrefix("data directory \(tree.path("data")) is invalid (9 problems):"))
    }

    @Test("a missing wav.scp or utt2emo, and bad segments, are named")
    func missingFilesAndSegments() throws {
        let root = try Fixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let tree = TinyTree(root: root)
        try tree.write("d1/utt2emo", "a neu\n")
        let noScp = try #require(throws: CorpusError.self) { try DataDirectory.read(tree.path("d1")) }
        #expect(noScp.description.contains("wav.scp: missing"))

        try tree.wav("r.wav")
        try tree.write("d2/wav.scp", "r \(tree.path("r.wav"))\n")
        try tree.write("d2/segments", "s1 r 0.0 -1\ns2 r 1.0 0.5\ns3 q 0 1\ns4 r x 1\n")
        try tree.write("d2/utt2emo", "s1 a\ns2 a\ns3 a\ns4 a\n")
        let error = try #require(throws: CorpusError.self) { try DataDirectory.read(tree.path("d2")) }
        let seg = tree.path("d2/segments")
        let messages = error.problems.map(\.description)
        #expect(messages.contains { $0.hasPrefix("\(seg):1: end time -1") })
        #expect(messages.contains("\(seg):2: segment [1.0, 0.5) is empty or negative"))
        #expect(messages.contains("\(seg):3: recording 'q' is not in wav.scp"))
        #expect(messages.contains("\(seg):4: time 'x' is not a decimal number of seconds"))
    }
}
