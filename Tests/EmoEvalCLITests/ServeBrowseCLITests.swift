// `emoeval serve`, browse side: the runs, one run's figures equal `report --json`'s, a confusion cell's
// utterances equal the database's, two runs' disagreements.
import Foundation
import Testing
import EmoTestSupport

@Suite("emoeval serve: browse results", .serialized)
struct ServeBrowseCLITests {
    @Test("runs list, run figures as report --json computes them, every utterance decoded with its id")
    func runView() throws {
        let database = try ServeFixture.demoDatabase.get()
        let server = try ServeFixture.demoServer()
        let runs = try server.get("/api/runs")
        let list = try #require(try JSONSerialization.jsonObject(with: Data(runs.body)) as? [[String: Any]])
        #expect(list.count == 1 && list[0]["id"] as? Int == 1 && list[0]["predicted"] as? Int == 12)
        #expect(list[0]["recipe"] as? Int == 0 && list[0]["status"] as? String == "complete")

        let view = try #require(try server.get("/api/runs/1").json)
        let report = try Emoeval.run(["report", ServeFixture.recipe, "--db", database, "--json"])
        #expect(report.status == 0, "\(report.stderr)")
        let reportJSON = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        let reportRun = try #require((reportJSON["runs"] as? [[String: Any]])?.first)
        let metrics = try #require(view["metrics"] as? [String: Any])
        let confusion = try #require(metrics["confusion"] as? [String: Any])
        let counts = try #require(confusion["counts"] as? [Int])
        #expect(counts.reduce(0, +) == 12)
        // The report's pooled figures and confusion (its JSON names them its own way) agree with the page's.
        let pooled = try #require(metrics["pooled"] as? [String: Any])
        #expect("\(reportRun)".contains("\(pooled["wa"] as? Double ?? -1)"))
        let utterances = try #require(view["utterances"] as? [[String: Any]])
        #expect(utterances.count == 12)
        // Each utterance's truth/prediction matches its confusion cell count, and its id plays its audio.
        let columns = try #require(view["columns"] as? [String])
        var tally = [Int](repeating: 0, count: counts.count)
        for u in utterances {
            tally[(u["truth"] as? Int ?? 0) * columns.count + (u["predicted"] as? Int ?? 0)] += 1
        }
        #expect(tally == counts)
        let first = try #require(utterances.first)
        let audio = try server.get("/api/audio/\(first["utteranceId"] as? Int ?? 0)")
        #expect(audio.status == 200 && audio.headers["content-type"] == "audio/wav")
        #expect(try server.get("/api/runs/2").status == 404)
        #expect(try server.get("/api/runs/1?recipe=3").status == 400)
        #expect(server.stop().status == 0)
    }

    @Test("two runs: the utterances where they decide differently, with both runs' confidences")
    func disagreements() throws {
        // One database, two runs of the same corpus: the demo model under two run options.
        let directory = try Fixture.temporaryDirectory("serve-compare")
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("two.sqlite").path
        for extra in [[], ["--embeddings"]] {
            let run = try Emoeval.run(["run", ServeFixture.recipe, "--db", database, "--progress", "none"] + extra)
            #expect(run.status == 0, "\(run.stderr)")
        }
        let server = try ServeProcess(["--db", database, "--recipe", ServeFixture.recipe])
        let view = try #require(try server.get("/api/compare?a=1&b=2").json)
        let d = try #require(view["disagreements"] as? [String: Any])
        // Same model, same audio: identical decisions, nothing to list.
        #expect(d["paired"] as? Int == 12 && (d["items"] as? [Any])?.isEmpty == true)
        #expect(try server.get("/api/compare?a=1&b=9").status == 404)
        #expect(server.stop().status == 0)
    }
}
