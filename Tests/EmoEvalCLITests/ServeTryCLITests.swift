// `emoeval serve`, try-a-model side, over real HTTP on loopback: the page's scores are `classify --json`'s,
// bad uploads get the CLI's one-line message as a 4xx JSON error, requests queue, the server stops cleanly.
import Foundation
import Testing
import EmoTestSupport

@Suite("emoeval serve: try a model", .serialized)
struct ServeTryCLITests {
    @Test("an upload's record equals classify --json on the same file (16 kHz, and stereo 44.1 kHz resampled)")
    func sameNumbersAsClassify() throws {
        let server = try ServeFixture.demoServer()
        for name in ["speech_1p7s.wav", "stereo_44k1_2s.wav", "speech_1p7s_24bit.flac"] {
            let file = Fixture.path("audio/\(name)")
            let answer = try server.post("/api/recognise?models=0&recipe=0&name=\(name)", body: ServeFixture.bytes(file))
            #expect(answer.status == 200, "\(answer.text)")
            let results = try #require(answer.json?["results"] as? [[String: Any]])
            let record = try #require(results.first?["record"] as? [String: Any])
            let cli = try ServeFixture.classifyRecord(file)
            #expect(record["key"] as? String == cli["key"] as? String)
            #expect(record["labels"] as? [String] == cli["labels"] as? [String])
            // Same decimal text → same Double: the page's numbers are bit-identical to the CLI's.
            #expect(record["scores"] as? [Double] == cli["scores"] as? [Double], "\(name)")
            // The dataset-label view: demo's restricted policy picks the best of the four mapped classes.
            let mapped = try #require(results.first?["mapped"] as? [String: Any])
            let scores = try #require(cli["scores"] as? [Double])
            let mappedScores = try #require(mapped["scores"] as? [Double])
            // angry, happy, neutral, sad are model classes 0, 3, 4, 6; dataset order neu, hap, ang, sad.
            #expect(mappedScores == [scores[4], scores[3], scores[0], scores[6]])
            let best = ["neu", "hap", "ang", "sad"][mappedScores.indices.max { mappedScores[$0] < mappedScores[$1] }!]
            #expect(mapped["predicted"] as? String == best)
        }
        #expect(server.stop().status == 0)
    }

    @Test("the embedding of the last result downloads as .npy equal to classify --output-dir")
    func embeddingNpy() throws {
        let server = try ServeFixture.demoServer()
        let file = Fixture.path("audio/speech_1p7s.wav")
        let answer = try server.post("/api/recognise?models=0&name=clip.wav", body: ServeFixture.bytes(file))
        let id = try #require(answer.json?["id"] as? String)
        let npy = try server.get("/api/results/\(id)/models/0/embedding.npy")
        #expect(npy.status == 200)
        let directory = try Fixture.temporaryDirectory("serve-npy")
        defer { try? FileManager.default.removeItem(at: directory) }
        let downloaded = directory.appendingPathComponent("page.npy")
        try Data(npy.body).write(to: downloaded)
        let cli = try Emoeval.run(["classify", "--model", ServeFixture.model, "--output-dir", directory.path, file])
        #expect(cli.status == 0)
        let reference = try readNpy(directory.appendingPathComponent("speech_1p7s.npy").path)
        let page = try readNpy(downloaded.path)
        #expect(page.shape == reference.shape && page.values == reference.values)
        #expect(try server.get("/api/results/\(id)/models/7/embedding.npy").status == 404)
        #expect(try server.get("/api/results/nonsense/models/0/embedding.npy").status == 404)
        _ = server.stop()
    }

    @Test("bad uploads: 400 with the line classify prints (without 'Error: '), never a server path; server stays up")
    func badUploads() throws {
        let directory = try Fixture.temporaryDirectory("serve-bad")
        defer { try? FileManager.default.removeItem(at: directory) }
        let notAudio = directory.appendingPathComponent("notes.wav")
        try Data("this is a text file, not audio\n".utf8).write(to: notAudio)
        let short = directory.appendingPathComponent("short.wav")
        let full = try ServeFixture.bytes(Fixture.path("audio/n400.wav"))
        try Data(full.prefix(44 + 2 * 100)).write(to: short)   // header says 400 samples, 100 are there
        let cutHeader = directory.appendingPathComponent("cut.wav")
        try Data(full.prefix(20)).write(to: cutHeader)
        let server = try ServeFixture.demoServer()
        for file in [notAudio, short, cutHeader] {
            let answer = try server.post("/api/recognise?models=0&name=\(file.lastPathComponent)",
                                         body: ServeFixture.bytes(file.path))
            #expect(answer.status == 400, "\(file.lastPathComponent): \(answer.text)")
            let message = try #require(answer.json?["error"] as? String)
            // classify, run where the file is, prints "Error: <message>" for it.
            let cli = try Emoeval.run(["classify", "--model", ServeFixture.model, file.lastPathComponent], in: directory)
            #expect(cli.stderr.trimmingCharacters(in: .whitespacesAndNewlines) == "Error: " + message)
            #expect(!answer.text.contains("/tmp") && !answer.text.contains("emoeval-serve"))
        }
        let empty = try server.post("/api/recognise?models=0&name=empty.wav", body: [])
        #expect(empty.status == 400 && empty.json?["error"] as? String == "empty.wav: the upload is empty")
        let noModel = try server.post("/api/recognise?models=&name=a.wav", body: full)
        #expect(noModel.status == 400 && noModel.json?["error"] as? String == "select at least one model")
        let unknown = try server.post("/api/recognise?models=5&name=a.wav", body: full)
        #expect(unknown.status == 400 && unknown.json?["error"] as? String == "there is no model '5' on this server")
        #expect(try server.get("/api/status").status == 200)
        #expect(server.stop().status == 0)
    }

    @Test("size and duration limits: oversized, length-less and cut-off bodies get 4xx and the server stays up")
    func limits() throws {
        let server = try ServeFixture.demoServer(["--max-upload-mb", "1", "--max-duration", "1.5"])
        let big = [UInt8](repeating: 7, count: (1 << 20) + 1)
        let announced = try server.post("/api/recognise?models=0&name=big.wav", body: big)
        #expect(announced.status == 413)
        #expect(announced.json?["error"] as? String
            == "big.wav: the upload is larger than the server's limit of 1 MB (emoeval serve --max-upload-mb)")
        // Chunked (no Content-Length): cut at the limit while reading.
        var chunked = Array("POST /api/recognise?models=0&name=big.wav HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
        for _ in 0..<5 {
            chunked += Array(String(300_000, radix: 16).utf8) + [13, 10] + [UInt8](repeating: 1, count: 300_000) + [13, 10]
        }
        chunked += Array("0\r\n\r\n".utf8)
        let streamed = try HTTPAnswer.exchange(port: server.port, request: chunked)
        #expect(streamed.status == 413, "\(streamed.text)")
        // A body cut off: 1000 of the 100000 announced bytes, then the client stops sending.
        let head = "POST /api/recognise?models=0&name=cut.wav HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n"
        let cut = try HTTPAnswer.exchange(port: server.port, request: Array(head.utf8) + [UInt8](repeating: 0, count: 1000),
                                          closeAfterSending: true)
        #expect(cut.status == 400, "\(cut.text)")
        #expect(cut.json?["error"] as? String == "cut.wav: the upload ended before all of its bytes arrived")
        // Too long: speech_6s is 6 s, the limit 1.5 s.
        let long = try server.post("/api/recognise?models=0&name=long.wav",
                                   body: ServeFixture.bytes(Fixture.path("audio/speech_6s.wav")))
        #expect(long.status == 400)
        #expect(long.json?["error"] as? String
            == "long.wav: 6.1 s of audio is longer than the server's limit of 1.5 s (emoeval serve --max-duration)")
        let fine = try server.post("/api/recognise?models=0&name=ok.wav",
                                   body: ServeFixture.bytes(Fixture.path("audio/speech_0p5s.wav")))
        #expect(fine.status == 200)
        #expect(server.stop().status == 0)
    }

    @Test("20 concurrent requests (uploads and page loads) are all answered, uploads with identical scores")
    func concurrentRequests() async throws {
        let server = try ServeFixture.demoServer(["--jobs", "2"])
        let body = try ServeFixture.bytes(Fixture.path("audio/speech_0p5s.wav"))
        let port = server.port
        let answers = try await withThrowingTaskGroup(of: (Int, HTTPAnswer).self) { group in
            for i in 0..<20 {
                group.addTask {
                    let request: [UInt8]
                    if i % 4 == 3 {
                        request = Array("GET /api/status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8)
                    } else {
                        request = Array(("POST /api/recognise?models=0&name=c\(i).wav HTTP/1.1\r\nHost: x\r\n"
                            + "Connection: close\r\nContent-Length: \(body.count)\r\n\r\n").utf8) + body
                    }
                    return (i, try HTTPAnswer.exchange(port: port, request: request))
                }
            }
            var all: [(Int, HTTPAnswer)] = []
            for try await answer in group { all.append(answer) }
            return all
        }
        #expect(answers.count == 20)
        #expect(answers.allSatisfy { $0.1.status == 200 })
        let scores = answers.filter { $0.0 % 4 != 3 }.compactMap {
            (($0.1.json?["results"] as? [[String: Any]])?.first?["record"] as? [String: Any])?["scores"] as? [Double]
        }
        #expect(scores.count == 15 && Set(scores.map { "\($0)" }).count == 1)
        #expect(server.stop().status == 0)
    }

    @Test("SIGINT and SIGTERM both stop the server cleanly (status 0, 'stopped', upload folder removed)")
    func shutdown() throws {
        for signal in [SIGINT, SIGTERM] {
            let server = try ServeFixture.demoServer()
            #expect(try server.get("/api/status").status == 200)
            let (status, errors) = server.stop(signal: signal)
            #expect(status == 0, "\(errors)")
            #expect(errors.contains("emoeval serve: stopped"))
        }
    }

    @Test("start-up errors are one line and exit non-zero: missing model, missing database, bad recipe")
    func startupErrors() throws {
        let missingModel = try Emoeval.run(["serve", "--port", "0", "--model", "/nonexistent/model"])
        #expect(missingModel.status == 1)
        #expect(missingModel.stderr.contains("/nonexistent/model"))
        let missingDB = try Emoeval.run(["serve", "--port", "0", "--db", "/nonexistent/x.sqlite"])
        #expect(missingDB.status == 1)
        #expect(missingDB.stderr.hasPrefix("Error: /nonexistent/x.sqlite: no such result database"))
        let nothing = try Emoeval.run(["serve"])
        #expect(nothing.status == 64)
    }
}
