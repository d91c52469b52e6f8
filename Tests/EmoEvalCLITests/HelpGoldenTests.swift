// Golden `--help` text of every emoeval command, so that a changed flag, default or description shows up
// in review as a diff of Tests/Fixtures/help/*.txt.
//
// The commands are enumerated from the binary itself (`emoeval --experimental-dump-help`, ArgumentParser's
// description of the whole command tree), so a new subcommand without a golden file fails here, and so
// does a golden file whose command is gone. Help is rendered at a fixed width (COLUMNS=100, LINES=50).
// File names: `emoeval.txt` for the root, else the command path joined by dots (`prepare.txt`,
// `prepare.emovo.txt` for a nested one).
//
// After an intended change to a command's options or help, regenerate and commit the files:
//     swift build --build-tests && EMOEVAL_UPDATE_GOLDEN=1 swift test --skip-build --filter HelpGolden
// (this rewrites every golden file from the built binary and deletes those of removed commands), then read
// `git diff Tests/Fixtures/help` before committing.

import EmoTestSupport
import Foundation
import Testing

@Suite("HelpGolden")
struct HelpGoldenTests {
    static let directory = Fixture.url("help")
    static let environment = ["COLUMNS": "100", "LINES": "50"]
    static var updating: Bool { ProcessInfo.processInfo.environment["EMOEVAL_UPDATE_GOLDEN"] == "1" }

    /// Every command path in the binary's command tree: [] for the root, ["run"], ["prepare", "emovo"], …
    /// ArgumentParser's own `help` subcommand is left out (its help is generated, not ours).
    static func commandPaths() throws -> [[String]] {
        let result = try Emoeval.run(["--experimental-dump-help"], environment: environment)
        guard result.status == 0,
              let tree = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any],
              let root = tree["command"] as? [String: Any] else {
            throw HelpGoldenError("emoeval --experimental-dump-help gave no command tree: \(result.stderr)")
        }
        var paths: [[String]] = []
        func walk(_ command: [String: Any], _ path: [String]) {
            paths.append(path)
            for child in command["subcommands"] as? [[String: Any]] ?? [] {
                guard let name = child["commandName"] as? String, name != "help" else { continue }
                walk(child, path + [name])
            }
        }
        walk(root, [])
        return paths
    }

    static func fileName(_ path: [String]) -> String {
        (path.isEmpty ? "emoeval" : path.joined(separator: ".")) + ".txt"
    }

    /// The first line where two texts differ, for a readable failure.
    static func firstDifference(_ expected: String, _ actual: String) -> String {
        let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<max(a.count, b.count) {
            let x = i < a.count ? String(a[i]) : "<end>", y = i < b.count ? String(b[i]) : "<end>"
            if x != y { return "line \(i + 1):\n  golden: \(x)\n  binary: \(y)" }
        }
        return "no difference"
    }

    @Test("every command's --help equals its golden file (regenerate: see this file's header)")
    func everyCommandMatches() throws {
        let paths = try Self.commandPaths()
        #expect(paths.count > 10, "the command tree looks truncated: \(paths)")
        if Self.updating {
            try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
        }
        for path in paths {
            let result = try Emoeval.run(path + ["--help"], environment: Self.environment)
            #expect(result.status == 0, "emoeval \(path.joined(separator: " ")) --help: \(result.stderr)")
            #expect(result.stderr.isEmpty, "emoeval \(path.joined(separator: " ")) --help wrote to stderr")
            let url = Self.directory.appendingPathComponent(Self.fileName(path))
            if Self.updating { try result.stdout.write(to: url, atomically: true, encoding: .utf8) }
            guard let golden = try? String(contentsOf: url, encoding: .utf8) else {
                Issue.record("no golden help for `emoeval \(path.joined(separator: " "))`: Tests/Fixtures/help/\(Self.fileName(path)) is missing (regenerate: see HelpGoldenTests.swift's header)")
                continue
            }
            #expect(golden == result.stdout,
                    "`emoeval \(path.joined(separator: " ")) --help` differs from Tests/Fixtures/help/\(Self.fileName(path)) at \(Self.firstDifference(golden, result.stdout)) (if intended, regenerate: see HelpGoldenTests.swift's header)")
        }
    }

    @Test("no golden help file is left for a command that no longer exists")
    func noStaleGoldenFiles() throws {
        let expected = Set(try Self.commandPaths().map(Self.fileName))
        let present = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path)
            .filter { $0.hasSuffix(".txt") }
        for name in present where !expected.contains(name) {
            if Self.updating {
                try FileManager.default.removeItem(at: Self.directory.appendingPathComponent(name))
            } else {
                Issue.record("Tests/Fixtures/help/\(name) has no command in `emoeval` any more; delete it (or regenerate: see HelpGoldenTests.swift's header)")
            }
        }
    }
}

struct HelpGoldenError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
