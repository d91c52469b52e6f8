// Golden `report`, `report --json` and `compare` of the demo database (Tests/Fixtures/reports/demo.sqlite:
// the bundled demo recipe run with e2v_tiny_plus and sb_w2v2_tiny_newkeys), so calibration, gender,
// accent, duration and speaker breakdowns are pinned from stored scores, with no inference.
// Regenerate after an intended change: EMOEVAL_UPDATE_GOLDEN=1 swift test --filter DemoReportGolden

import EmoTestSupport
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

@Suite("DemoReportGolden")
struct DemoReportGoldenTests {
    /// A copy of the fixture database (opening it may migrate it; the fixture stays untouched).
    private static func database(in directory: URL) throws -> String {
        let copy = directory.appendingPathComponent("demo.sqlite")
        try FileManager.default.copyItem(at: Fixture.url("reports/demo.sqlite"), to: copy)
        return copy.path
    }

    /// The text without its one date line (markdown `Generated:` / JSON `"generated"`).
    private static func undated(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("Generated: ") && !$0.hasPrefix("  \"generated\" : ") }
            .joined(separator: "\n")
    }

    private static func matchesGolden(_ text: String, _ name: String) throws -> Bool {
        let url = Fixture.url("reports/\(name)")
        if ProcessInfo.processInfo.environment["EMOEVAL_UPDATE_GOLDEN"] == "1" {
            try undated(text).write(to: url, atomically: true, encoding: .utf8)
        }
        return try String(contentsOf: url, encoding: .utf8) == undated(text)
    }

    @Test("report markdown and reliability diagrams of the demo database equal the golden files")
    func markdown() throws {
        let directory = try Fixture.temporaryDirectory("emoeval-demo-golden")
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = try Self.database(in: directory)
        let out = directory.appendingPathComponent("demo.md").path
        let result = try Emoeval.run(["report", "Recipes/demo.yaml", "--db", db, "-o", out], in: Fixture.packageRoot)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasSuffix("and 4 SVG figures\n"))
        let markdown = try String(contentsOfFile: out, encoding: .utf8)
        #expect(try Self.matchesGolden(markdown, "demo.md"))
        for section in ["### Calibration", "### By gender", "### By accent", "### By duration (stored audio length)",
                        "### Per speaker", "## Reading the breakdowns"] {
            #expect(markdown.contains(section))
        }
        for run in ["run-1", "run-2"] {
            let svg = try String(contentsOfFile: directory.appendingPathComponent("demo-\(run)-reliability.svg").path,
                                 encoding: .utf8)
            let counter = RectCounter()
            let parser = XMLParser(data: Data(svg.utf8))
            parser.delegate = counter
            #expect(parser.parse())
            #expect(counter.binRects == 15 && counter.rects == 16)   // one per bin + the background
        }
    }

    @Test("report --json of the demo database equals the golden file and carries every breakdown")
    func json() throws {
        let directory = try Fixture.temporaryDirectory("emoeval-demo-golden")
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = try Self.database(in: directory)
        let result = try Emoeval.run(["report", "Recipes/demo.yaml", "--db", db, "--json"], in: Fixture.packageRoot)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Self.matchesGolden(result.stdout, "demo.json"))
        let object = try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let runs = try #require(object["runs"] as? [[String: Any]])
        let breakdowns = try #require(runs.first?["breakdowns"] as? [String: Any])
        let calibration = try #require((breakdowns["calibration"] as? [String: Any])?["metrics"] as? [String: Any])
        #expect((calibration["bins"] as? [Any])?.count == 15)
        #expect((breakdowns["groups"] as? [[String: Any]])?.map { $0["variable"] as? String } == ["gender", "accent"])
        #expect((breakdowns["durations"] as? [String: Any])?["variable"] as? String == "duration")
    }

    @Test("compare of the demo database equals the golden file")
    func compare() throws {
        let directory = try Fixture.temporaryDirectory("emoeval-demo-golden")
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = try Self.database(in: directory)
        let result = try Emoeval.run(["compare", "Recipes/demo.yaml", "--db", db], in: Fixture.packageRoot)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Self.matchesGolden(result.stdout, "demo-compare.md"))
        #expect(result.stdout.contains("Paired ΔUA by gender"))
        let json = try Emoeval.run(["compare", "Recipes/demo.yaml", "--db", db, "--json"], in: Fixture.packageRoot)
        let object = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let breakdowns = try #require(object["breakdowns"] as? [String: Any])
        #expect((breakdowns["calibration"] as? [Any])?.count == 1)
        #expect((breakdowns["groups"] as? [[String: Any]])?.map { $0["variable"] as? String }
                == ["gender", "accent", "duration"])
    }

    @Test("a group the recipe names without its utt2<group> file is a clear error")
    func missingGroupFile() throws {
        let directory = try Fixture.temporaryDirectory("emoeval-demo-golden")
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = try Self.database(in: directory)
        let recipeText = try String(contentsOf: Fixture.packageRoot.appendingPathComponent("Recipes/demo.yaml"),
                                    encoding: .utf8)
            .replacingOccurrences(of: "groups: [accent]", with: "groups: [accent, age]")
            .replacingOccurrences(of: "data: demo/data", with: "data: \(Fixture.packageRoot.path)/Recipes/demo/data")
        let recipe = directory.appendingPathComponent("demo.yaml").path
        try recipeText.write(toFile: recipe, atomically: true, encoding: .utf8)
        let result = try Emoeval.run(["report", recipe, "--db", db, "-o", "-"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("Recipes/demo/data/utt2age"), "\(result.stderr)")
        #expect(result.stderr.contains("the recipe names 'age' under groups:"))
    }
}

/// Counts `<rect>` elements, and those of class `bin`.
private final class RectCounter: NSObject, XMLParserDelegate {
    var rects = 0
    var binRects = 0

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        guard elementName == "rect" else { return }
        rects += 1
        if attributes["class"] == "bin" { binRects += 1 }
    }
}
