// Shared material for the `emoeval serve` tests: the demo database (made once per test process by running the
// demo recipe) and helpers to compare the page's answers with `classify --json`.
import Foundation
import EmoTestSupport

enum ServeFixture {
    static let model = Fixture.packageRoot.appendingPathComponent("Recipes/demo/e2v_tiny_plus").path
    static let recipe = Fixture.packageRoot.appendingPathComponent("Recipes/demo.yaml").path

    /// `emoeval run Recipes/demo.yaml` into a temporary database, once (12 utterances, ids 1…12).
    static let demoDatabase: Result<String, any Error> = Result {
        let directory = try Fixture.temporaryDirectory("emoeval-serve-demo")
        let path = directory.appendingPathComponent("demo.sqlite").path
        let result = try Emoeval.run(["run", recipe, "--db", path, "--progress", "none", "--jobs", "2"])
        guard result.status == 0 else { throw FixtureError.demoRunFailed(result.stderr) }
        return path
    }

    enum FixtureError: Error { case demoRunFailed(String) }

    /// The demo server: model, database and recipe, plus `extra` arguments.
    static func demoServer(_ extra: [String] = []) throws -> ServeProcess {
        try ServeProcess(["--model", model, "--db", try demoDatabase.get(), "--recipe", recipe] + extra)
    }

    /// `classify --json --no-feats` of `file` with the demo model, as a JSON object.
    static func classifyRecord(_ file: String) throws -> [String: Any] {
        let result = try Emoeval.run(["classify", "--model", model, "--json", "--no-feats", file])
        guard result.status == 0,
              let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        else { return ["error": result.stderr] }
        return object
    }

    static func bytes(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }
}
