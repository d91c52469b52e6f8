// Where emoeval writes and what it opens (issue 13): -o through symlinks and into FIFOs, '-' as stdout,
// classify keys that would escape --output-dir, read-only commands that must not create databases.
import Foundation
import Testing
import EmoTestSupport
import EmoStore

@Suite("hostile outputs and databases", .serialized)
struct HostileOutputTests {
    /// Reads whatever is in the FIFO at `path` while `body` runs (opened first, non-blocking, so a writer
    /// never waits and a test never hangs).
    func readingFIFO(_ path: String, _ body: () throws -> Void) throws -> String {
        let fd = open(path, O_RDONLY | O_NONBLOCK)
        #expect(fd >= 0)
        defer { close(fd) }
        try body()
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let got = read(fd, &buffer, buffer.count)
            if got <= 0 { break }
            data.append(contentsOf: buffer[0..<got])
        }
        return String(decoding: data, as: UTF8.self)
    }

    @Test("export, report and compare -o: a symlink is followed, a FIFO is written into, '-' is stdout")
    func outputTargets() throws {
        let corpus = try RunCorpus(clipCount: 2)
        defer { corpus.remove() }
        let db = corpus.database("r.sqlite")
        let run = try Emoeval.run(["run", corpus.recipe, "--db", db, "--progress", "none"])
        #expect(run.status == 3, "\(run.stderr)")
        let folder = corpus.directory

        // export -o through a symlink: the link stays, its target gets the CSV.
        let target = folder.appendingPathComponent("target.csv").path
        let link = folder.appendingPathComponent("link.csv").path
        try Data("old\n".utf8).write(to: URL(fileURLWithPath: target))
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let exported = try runBounded(["export", "--db", db, "-o", link])
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == target)
        #expect(try String(contentsOfFile: target, encoding: .utf8).hasPrefix("run,model,utterance"))

        // export -o a FIFO: written into, still a FIFO.
        let fifo = folder.appendingPathComponent("out.fifo").path
        try makeFIFO(fifo)
        var fifoResult: BoundedResult?
        let piped = try readingFIFO(fifo) { fifoResult = try runBounded(["export", "--db", db, "-o", fifo]) }
        #expect(fifoResult?.status == 0 && fifoResult?.timedOut == false, "\(fifoResult?.stderr ?? "")")
        #expect(piped.hasPrefix("run,model,utterance"), "\(piped)")
        #expect(isFIFO(fifo))

        // export -o -: stdout, no file named '-'.
        let dash = try runBounded(["export", "--db", db, "-o", "-"], in: folder)
        #expect(dash.stdout.hasPrefix("run,model,utterance"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("-").path))

        // report -o through a symlink.
        let reportTarget = folder.appendingPathComponent("real.md").path
        let reportLink = folder.appendingPathComponent("report.md").path
        try Data().write(to: URL(fileURLWithPath: reportTarget))
        try FileManager.default.createSymbolicLink(atPath: reportLink, withDestinationPath: reportTarget)
        let report = try runBounded(["report", corpus.recipe, "--db", db, "-o", reportLink, "--resamples", "10"])
        #expect(report.status == 0, "\(report.stderr)")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: reportLink)) == reportTarget)
        #expect(try String(contentsOfFile: reportTarget, encoding: .utf8).hasPrefix("#"))

        // compare -o a FIFO.
        var compareResult: BoundedResult?
        let compared = try readingFIFO(fifo) {
            compareResult = try runBounded(["compare", corpus.recipe, "--db", db, "-o", fifo, "--resamples", "10"])
        }
        #expect(compareResult?.status == 0 && compareResult?.timedOut == false, "\(compareResult?.stderr ?? "")")
        #expect(compared.hasPrefix("#"), "\(compared.prefix(200))")
        #expect(isFIFO(fifo))
    }

    @Test("classify --scp --output-dir: keys never escape the directory; a bad key fails alone with exit 3")
    func classifyKeysStayInside() throws {
        let folder = try Fixture.temporaryDirectory("emoeval-keys")
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out/inner")
        let audio = Fixture.path("audio/speech_0p5s.wav")
        let list = folder.appendingPathComponent("list.scp")
        try Data("b_sub/dir \(audio)\n../escaped \(audio)\n.. \(audio)\nok \(audio)\n".utf8).write(to: list)
        let result = try runBounded(["classify", "--model", Fixture.path("e2v_tiny_plus"), "--scp", list.path,
                                     "--output-dir", out.path, "--json", "--no-feats"], timeout: 60)
        #expect(result.status == 3, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("ok.npy").path))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/escaped.npy").path))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/inner/b_sub").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["ok.npy"])
        for key in ["b_sub/dir", "../escaped", ".."] {
            #expect(result.stderr.contains("key '\(key)'"), "\(key): \(result.stderr)")
        }
        #expect(result.stdout.contains("\"key\":\"ok\""))
    }

    @Test("runs, export, merge and report never create or change a database they only read")
    func readOnlyInputs() throws {
        let folder = try Fixture.temporaryDirectory("emoeval-ro")
        defer { try? FileManager.default.removeItem(at: folder) }
        let empty = folder.appendingPathComponent("empty.sqlite").path
        let text = folder.appendingPathComponent("notes.txt").path
        FileManager.default.createFile(atPath: empty, contents: Data())
        try Data("hello, not a database\n".utf8).write(to: URL(fileURLWithPath: text))
        for input in [empty, text] {
            let before = try Data(contentsOf: URL(fileURLWithPath: input))
            for arguments in [["runs", "--db", input], ["export", "--db", input]] {
                let result = try runBounded(arguments)
                #expect(result.status == 1, "\(arguments): \(result.stdout)")
                #expect(result.stderr.contains("\(input): not an emoeval result database"), "\(result.stderr)")
            }
            let out = folder.appendingPathComponent("merged.sqlite").path
            let merge = try runBounded(["merge", out, input])
            #expect(merge.status == 1)
            #expect(merge.stderr.contains("\(input): not an emoeval result database"), "\(merge.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out))
            #expect(try Data(contentsOf: URL(fileURLWithPath: input)) == before)
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            #expect(Set(leftovers) == ["empty.sqlite", "notes.txt"], "\(leftovers)")
        }
    }

    @Test("a read-only open of a real database works and leaves its bytes alone")
    func readOnlyRealDatabase() throws {
        let corpus = try RunCorpus(clipCount: 1)
        defer { corpus.remove() }
        let db = corpus.database("r.sqlite")
        _ = try Emoeval.run(["run", corpus.recipe, "--db", db, "--progress", "none"])
        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        let runs = try runBounded(["runs", "--db", db])
        #expect(runs.status == 0 && runs.stdout.contains("clitest"), "\(runs.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before)
    }
}
