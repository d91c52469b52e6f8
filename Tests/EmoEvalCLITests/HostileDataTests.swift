// Hostile and careless data directories and recipes on the built binary (issue 13): absurd times, CRLF,
// special files, every recipe problem at once, messages that name the file and line.
import Foundation
import Testing
import EmoTestSupport

@Suite("hostile data and recipes")
struct HostileDataTests {
    static let audio = Fixture.path("audio/speech_3s.wav")

    /// Segments with non-finite, huge, negative and empty times; only s6 is good.
    static let badSegments: [String: String] = [
        "wav.scp": "rec1 \(audio)\n",
        "segments": "s1 rec1 0 1e19\ns2 rec1 0 1e308\ns3 rec1 1e19 2e19\ns4 rec1 0 inf\ns5 rec1 nan 1\n"
            + "s6 rec1 0 1.5\ns7 rec1 -1 1\ns8 rec1 2 2\ns9 rec1 0x1 0x2\n",
        "utt2emo": (1...9).map { "s\($0) neu\n" }.joined(),
    ]

    @Test("validate: non-finite, huge, negative, empty and hexadecimal segment times are problems with file:line, no crash")
    func absurdTimesValidate() throws {
        let corpus = try HostileCorpus(Self.badSegments)
        defer { corpus.remove() }
        let result = try runBounded(["validate", corpus.recipe])
        #expect(!result.crashed && !result.timedOut, "\(result.stderr)")
        #expect(result.status == 1, "\(result.stderr)")
        let segments = corpus.data.appendingPathComponent("segments").path
        for line in [1, 2, 3, 4, 5, 7, 8, 9] {
            #expect(result.stderr.contains("\(segments):\(line): "), "line \(line): \(result.stderr)")
        }
        #expect(!result.stderr.contains("\(segments):6: "))
    }

    @Test("run: a data directory with absurd segment times is refused with file:line before anything runs, no crash")
    func absurdTimesRun() throws {
        let corpus = try HostileCorpus(Self.badSegments)
        defer { corpus.remove() }
        let result = try runBounded(["run", corpus.recipe, "--model", Fixture.path("e2v_tiny_plus"),
                                     "--db", corpus.path("r.sqlite"), "--progress", "none"])
        #expect(!result.crashed && !result.timedOut, "\(result.stderr)")
        #expect(result.status == 1)
        #expect(result.stderr.contains("segments:1: "), "\(result.stderr)")
    }

    @Test("CRLF, a lone trailing CR and a UTF-8 BOM in every data file and the recipe read as LF text")
    func windowsLineEnds() throws {
        let lf: [String: String] = [
            "wav.scp": "a \(Fixture.path("audio/speech_1p7s.wav"))\nb \(Self.audio)\n",
            "utt2emo": "a neu\nb hap\n",
            "utt2spk": "a s1\nb s2\n",
        ]
        let plain = try HostileCorpus(lf)
        defer { plain.remove() }
        let expected = try runBounded(["validate", plain.recipe])
        #expect(expected.status == 0, "\(expected.stderr)")
        var crlf = lf.mapValues { "\u{FEFF}" + $0.replacingOccurrences(of: "\n", with: "\r\n") }
        crlf["utt2spk"] = "a s1\nb s2\r"   // a lone CR at the very end
        let windows = try HostileCorpus(crlf, recipe: "\u{FEFF}" + HostileCorpus.recipeText
            .replacingOccurrences(of: "\n", with: "\r\n"))
        defer { windows.remove() }
        let result = try runBounded(["validate", windows.recipe])
        #expect(result.status == 0, "\(result.stderr)")
        // The recipe and data paths (first two lines) differ between the two folders.
        func body(_ text: String) -> String { text.split(separator: "\n").dropFirst(2).joined(separator: "\n") }
        #expect(body(result.stdout) == body(expected.stdout))
        #expect(result.stdout.contains("total: 2 utterances"))
    }

    @Test("a FIFO as recipe, data file or audio is refused as 'not a regular file' without hanging")
    func fifosAreRefused() throws {
        let corpus = try HostileCorpus([
            "wav.scp": "a \(Self.audio)\n",
            "utt2emo": "a neu\n",
        ])
        defer { corpus.remove() }
        // A FIFO recipe.
        let fifoRecipe = corpus.path("fifo.yaml")
        try makeFIFO(fifoRecipe)
        let recipeResult = try runBounded(["validate", fifoRecipe], timeout: 10)
        #expect(!recipeResult.timedOut)
        #expect(recipeResult.status == 1 && recipeResult.stderr.contains("\(fifoRecipe): not a regular file"),
                "\(recipeResult.stderr)")
        // A FIFO data file.
        try FileManager.default.removeItem(at: corpus.data.appendingPathComponent("utt2emo"))
        try makeFIFO(corpus.data.appendingPathComponent("utt2emo").path)
        let dataResult = try runBounded(["validate", corpus.recipe], timeout: 10)
        #expect(!dataResult.timedOut)
        #expect(dataResult.status == 1 && dataResult.stderr.contains("utt2emo: not a regular file"),
                "\(dataResult.stderr)")
        // A FIFO as audio: a problem of validate, a failure of run.
        try FileManager.default.removeItem(at: corpus.data.appendingPathComponent("utt2emo"))
        try Data("a neu\nb hap\n".utf8).write(to: corpus.data.appendingPathComponent("utt2emo"))
        let fifoAudio = corpus.path("fifo.wav")
        try makeFIFO(fifoAudio)
        try Data("a \(Self.audio)\nb \(fifoAudio)\n".utf8).write(to: corpus.data.appendingPathComponent("wav.scp"))
        let audioResult = try runBounded(["validate", corpus.recipe], timeout: 10)
        #expect(!audioResult.timedOut)
        #expect(audioResult.stderr.contains("not a regular file"), "\(audioResult.stderr)")
        let run = try runBounded(["run", corpus.recipe, "--model", Fixture.path("e2v_tiny_plus"),
                                  "--db", corpus.path("r.sqlite"), "--progress", "none"], timeout: 60)
        #expect(!run.timedOut)
        #expect(run.status == 3 && run.stdout.contains("1 predicted, 1 failed"), "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("not a regular file"), "\(run.stdout)")
    }

    @Test("audio-info and classify refuse a FIFO as 'not a regular file', the other files go on, exit 3")
    func fifoAudioCommands() throws {
        let folder = try Fixture.temporaryDirectory("emoeval-fifo")
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("f.wav").path
        try makeFIFO(fifo)
        let info = try runBounded(["audio-info", fifo, Self.audio], timeout: 10)
        #expect(!info.timedOut)
        #expect(info.status == 3 && info.stderr.contains("\(fifo): not a regular file"), "\(info.stderr)")
        #expect(info.stdout.contains("speech_3s.wav: WAV"))
        let classify = try runBounded(["classify", "--model", Fixture.path("e2v_tiny_plus"), fifo, Self.audio],
                                      timeout: 60)
        #expect(!classify.timedOut)
        #expect(classify.status == 3 && classify.stderr.contains("\(fifo): not a regular file"), "\(classify.stderr)")
        #expect(classify.stdout.contains("speech_3s\t"))
        let list = folder.appendingPathComponent("list.scp").path
        try makeFIFO(list)
        let scp = try runBounded(["classify", "--model", Fixture.path("e2v_tiny_plus"), "--scp", list], timeout: 10)
        #expect(!scp.timedOut)
        #expect(scp.stderr.contains("\(list): not a regular file"), "\(scp.stderr)")
    }

    @Test("a recipe lists every type and value problem at once, each with its key and line")
    func everyRecipeProblem() throws {
        let corpus = try HostileCorpus(["wav.scp": "a \(Self.audio)\n", "utt2emo": "a neu\n"], recipe: """
            name: hostile
            data: data
            labels: [neu, hap]
            folds: {by: colour}
            models:
              emotion2vec:
                label_map: {neutral: neu}
                policy: bogus
            references:
              - model: x
                figures: {UA: high}
                protocol: p
                source: s
                seen_in_training: maybe

            """)
        defer { corpus.remove() }
        let result = try runBounded(["validate", corpus.recipe])
        #expect(result.status == 1)
        for (line, key) in [(4, "folds.by"), (8, "models.emotion2vec.policy"), (11, "references[0].figures.UA"),
                            (14, "references[0].seen_in_training")] {
            #expect(result.stderr.contains("r.yaml:\(line): '\(key)'"), "\(key): \(result.stderr)")
        }
        #expect(result.stderr.contains("(4 problems)"), "\(result.stderr)")
    }

    @Test("messages: a directory as audio or recipe, no doubled paths, long values cut, 'an int'")
    func cosmeticMessages() throws {
        let folder = try Fixture.temporaryDirectory("emoeval-msg")
        defer { try? FileManager.default.removeItem(at: folder) }
        let info = try runBounded(["audio-info", folder.path])
        #expect(info.stderr.contains("\(folder.path): not a regular file (a directory)"), "\(info.stderr)")
        #expect(!info.stderr.contains("no such audio file"))
        let recipe = try runBounded(["validate", folder.path])
        #expect(recipe.status == 1)
        #expect(recipe.stderr.contains("\(folder.path): not a regular file (a directory)"), "\(recipe.stderr)")
        #expect(!recipe.stderr.contains("NSCocoaErrorDomain"))

        // validate names an unreadable audio file once per line, and cuts a 5 MB value.
        let corrupt = folder.appendingPathComponent("corrupt.wav")
        try Data("RIFF garbage".utf8).write(to: corrupt)
        let huge = String(repeating: "x", count: 5_000_000)
        let corpus = try HostileCorpus(["wav.scp": "a \(corrupt.path)\nb \(huge)\n", "utt2emo": "a neu\nb hap\n"])
        defer { corpus.remove() }
        let long = try runBounded(["validate", corpus.recipe])
        #expect(long.status == 1)
        #expect(long.stderr.utf8.count < 20_000, "\(long.stderr.utf8.count) bytes of stderr")
        #expect(long.stderr.contains("5000000 bytes"), "\(long.stderr.prefix(2000))")
        try Data("a \(corrupt.path)\n".utf8).write(to: corpus.data.appendingPathComponent("wav.scp"))
        try Data("a neu\n".utf8).write(to: corpus.data.appendingPathComponent("utt2emo"))
        let twice = try runBounded(["validate", corpus.recipe])
        let problem = try #require(twice.stderr.split(separator: "\n").first { $0.hasPrefix("problem:") })
        #expect(problem.components(separatedBy: corrupt.path).count == 2, "\(problem)")
    }
}
