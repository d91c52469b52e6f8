// `emoeval probe` end to end on the bundled demo recipe and tiny model (few epochs; figures meaningless).
import EmoStore
import EmoTestSupport
import Foundation
import Testing

@Suite("ProbeCLI")
struct ProbeCLITests {
    let recipe = Fixture.packageRoot.appendingPathComponent("Recipes/demo.yaml").path
    let model = Fixture.packageRoot.appendingPathComponent("Recipes/demo/e2v_tiny_plus").path

    @Test("probe stores a run per protocol, reuses the feature file, and report lists the runs by protocol")
    func demoProbe() throws {
        let directory = try Fixture.temporaryDirectory("emoeval-probe")
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("demo.sqlite").path
        let first = try Emoeval.run(["probe", recipe, "--model", model, "--db", database, "--epochs", "2", "--jobs", "2"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("run 1: e2v_tiny_plus+probe:loso e2"))
        #expect(first.stdout.contains("(extracted)"))
        for fold in ["spk1", "spk2", "spk3"] { #expect(first.stdout.contains("\n\(fold) ")) }
        #expect(first.stdout.contains("mean over 3 folds: WA"))

        let second = try Emoeval.run(["probe", recipe, "--model", model, "--db", database, "--epochs", "2",
                                      "--protocol", "val-eq-test", "--head", "logreg"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("run 2: e2v_tiny_plus+logreg:val-eq-test* e2"))
        #expect(second.stdout.contains("(reused)"))
        #expect(second.stdout.contains("mean* over 3 folds"))

        let store = try EvalStore(path: database)
        let runs = try store.runOverviews()
        #expect(runs.map(\.model.variant) == ["e2v_tiny_plus+probe:loso e2", "e2v_tiny_plus+logreg:val-eq-test* e2"])
        #expect(runs.allSatisfy { $0.model.family == "probe" && $0.predicted == 12 && $0.run.status == .complete })
        #expect(try store.predictions(runId: runs[0].run.id).allSatisfy {
            $0.scores.count == 4 && abs($0.scores.reduce(0, +) - 1) < 1e-4
        })

        // Same command again: same run (replaced, not duplicated) and identical predictions (seeded).
        let before = try store.predictions(runId: runs[0].run.id).map(\.scores)
        let again = try Emoeval.run(["probe", recipe, "--model", model, "--db", database, "--epochs", "2", "--jobs", "1"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try store.runOverviews().count == 2)
        #expect(try store.predictions(runId: runs[0].run.id).map(\.scores) == before)

        let report = try Emoeval.run(["report", recipe, "--db", database, "-o", "-"])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("e2v_tiny_plus+probe:loso e2"))
        #expect(report.stdout.contains("e2v_tiny_plus+logreg:val-eq-test* e2"))
    }

    @Test("an unknown protocol is a usage error")
    func badProtocol() throws {
        let result = try Emoeval.run(["probe", recipe, "--model", model, "--protocol", "random"])
        #expect(result.status == 64)
    }
}
