// `emoeval run` under signals and company (issue 13): SIGTERM is a graceful stop like Ctrl-C, and two
// processes on one database say what each of them stored.
import Foundation
import Testing
import EmoTestSupport
import EmoStore

@Suite("run under SIGTERM and concurrent processes", .serialized)
struct HostileRunTests {
    @Test("SIGTERM commits what is done, closes the session, exits 143 and the run resumes")
    func sigterm() throws {
        let corpus = try RunCorpus(clipCount: 12)
        defer { corpus.remove() }
        let db = corpus.database("r.sqlite")
        let process = Process()
        process.executableURL = Emoeval.binary
        process.arguments = ["run", corpus.recipe, "--db", db, "--jobs", "2", "--batch-size", "2", "--progress", "none"]
        let errPipe = Pipe()
        process.standardError = errPipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, process.isRunning, storedCount(db) == 0 {
            Thread.sleep(forTimeInterval: 0.02)
        }
        kill(process.processIdentifier, SIGTERM)
        let stderr = String(decoding: errPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 143, "\(stderr)")
        #expect(stderr.contains("SIGTERM") && stderr.contains("resume with: "), "\(stderr)")
        let store = try EvalStore(path: db)
        let overview = try #require(try store.runOverviews().first)
        #expect(overview.predicted > 0 && overview.run.status == .incomplete)
        let sessions = try store.sessions(runId: overview.run.id ?? -1)
        #expect(sessions.map(\.status) == [.incomplete], "\(sessions.map(\.status))")
        let resumed = try Emoeval.run(["run", corpus.recipe, "--db", db, "--progress", "none"])
        #expect(resumed.status == 3)
        #expect(try EvalStore(path: db).runOverviews().first?.run.status == .complete)
    }

    @Test("two processes on one database: each summary counts only what it stored; tables equal one run's")
    func concurrentSummaries() throws {
        let corpus = try RunCorpus(clipCount: 8)
        defer { corpus.remove() }
        let reference = corpus.database("reference.sqlite")
        _ = try Emoeval.run(["run", corpus.recipe, "--db", reference, "--progress", "none"])
        let db = corpus.database("shared.sqlite")
        let arguments = ["run", corpus.recipe, "--db", db, "--jobs", "1", "--batch-size", "1", "--progress", "none"]
        let results = Collected2()
        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            results.add(try? runBounded(arguments, timeout: 120))
        }
        let all = results.all
        #expect(all.count == 2)
        var predicted = 0, failed = 0
        for result in all {
            #expect(result.status == 3, "\(result.stdout)\n\(result.stderr)")
            let line = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("run ") })
            let numbers = line.split(separator: ":")[1].split(separator: ",").prefix(2)
                .compactMap { Int($0.trimmingCharacters(in: .whitespaces).split(separator: " ")[0]) }
            predicted += numbers[0]
            failed += numbers[1]
        }
        #expect(predicted == 8 && failed == 3, "\(all.map(\.stdout))")
        // Row ids may interleave between the processes: compare the content.
        let strip = { (rows: [String]) in rows.map { $0.split(separator: " ", maxSplits: 1).last.map(String.init) ?? $0 }.sorted() }
        #expect(strip(try storedTables(db)) == strip(try storedTables(reference)))
    }
}

final class Collected2: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [BoundedResult] = []
    func add(_ result: BoundedResult?) { lock.lock(); if let result { results.append(result) }; lock.unlock() }
    var all: [BoundedResult] { lock.lock(); defer { lock.unlock() }; return results }
}
