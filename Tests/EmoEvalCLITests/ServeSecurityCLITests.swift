// `emoeval serve` security over real HTTP on loopback: no request path reaches the file system, audio only for
// utterances the opened database references (by id), security headers everywhere, no internal path in errors.
import Foundation
import Testing
import EmoTestSupport

@Suite("emoeval serve: security", .serialized)
struct ServeSecurityCLITests {
    static let attempts = [
        "/../../../../etc/passwd", "/static/../../Package.swift", "/static/..%2f..%2fPackage.swift",
        "/static/%2e%2e/%2e%2e/Package.swift", "/static/%2e%2e%2f%2e%2e%2fPackage.swift", "/static//etc/passwd",
        "/static/%2fetc%2fpasswd", "/static/Page/index.html", "/static/", "/api/audio/..", "/api/audio/%2e%2e",
        "/api/audio/..%2f..%2fetc%2fpasswd", "/api/audio/%2fetc%2fpasswd", "/api/audio//etc/passwd",
        "/api/audio/1/../../../etc/passwd", "/api/audio/0", "/api/audio/-1", "/api/audio/1e3",
        "/api/audio/99999999999999999999", "/api/runs/..%2f1", "/api/results/../../etc/passwd/models/0/embedding.npy",
        "/Recipes/demo.yaml", "/Package.swift", "/api/", "/.git/config",
    ]

    @Test("traversal attempts (.., %2e%2e, absolute paths, bad ids) are 4xx JSON errors without server paths")
    func traversal() throws {
        let server = try ServeFixture.demoServer()
        for path in Self.attempts {
            let answer = try server.get(path)
            let status = try #require(answer.status, "\(path): no answer")
            #expect((400..<500).contains(status), "\(path) → \(status)")
            #expect(answer.headers["content-type"]?.hasPrefix("application/json") == true, "\(path)")
            #expect(answer.json?["error"] is String, "\(path): \(answer.text)")
            for secret in ["root:", "swift-tools-version", "/work", "/tmp", "[core]"] {
                #expect(!answer.text.contains(secret), "\(path) leaked \(secret)")
            }
        }
        #expect(try server.get("/static/app.js").status == 200)
        #expect(server.stop().status == 0)
    }

    @Test("audio is served by utterance id of the opened database only; another database's ids are 404")
    func audioByIdOnly() throws {
        // A second database with 6 utterances (ids 1…6); the demo database has 12.
        let corpus = try RunCorpus(clipCount: 3)
        defer { corpus.remove() }
        let small = corpus.database("small.sqlite")
        _ = try Emoeval.run(["run", corpus.recipe, "--db", small, "--progress", "none"])
        let server = try ServeProcess(["--db", small])
        let own = try server.get("/api/audio/1")
        #expect(own.status == 200 && own.headers["content-type"] == "audio/wav")
        #expect(Array(own.body.prefix(4)) == Array("RIFF".utf8))
        for id in [7, 9, 12] {   // ids the demo database holds, this one not
            let answer = try server.get("/api/audio/\(id)")
            #expect(answer.status == 404, "\(id)")
            #expect(answer.json?["error"] as? String == "utterance \(id) is not in small.sqlite")
        }
        // An utterance whose file is missing on disk: 404 without its path.
        let runs = try Emoeval.run(["export", "--db", small, "--format", "jsonl", "--failures"])
        #expect(runs.status == 0)
        var missing: HTTPAnswer?
        for id in 1...6 {
            let answer = try server.get("/api/audio/\(id)")
            if answer.status == 404 { missing = answer }
        }
        let answer = try #require(missing)
        #expect(answer.json?["error"] as? String == "the audio of utterance 'zz_missing' cannot be read on the server (see the server's log)")
        #expect(server.stop().status == 0)
    }

    @Test("every answer carries the CSP (own scripts and styles only) and nosniff; no directory listing")
    func headers() throws {
        let server = try ServeFixture.demoServer()
        for path in ["/", "/static/style.css", "/static/app.js", "/api/status", "/api/runs", "/api/audio/1", "/nope", "/static/"] {
            let answer = try server.get(path)
            let csp = try #require(answer.headers["content-security-policy"], "\(path)")
            #expect(csp.contains("default-src 'none'") && csp.contains("script-src 'self'")
                && csp.contains("style-src 'self'") && !csp.contains("unsafe-inline"), "\(path)")
            #expect(answer.headers["x-content-type-options"] == "nosniff", "\(path)")
        }
        #expect(try server.get("/static/").status == 404)
        let page = try server.get("/")
        #expect(page.headers["content-type"] == "text/html; charset=utf-8")
        // The page loads nothing from elsewhere and has no inline script or style.
        #expect(!page.text.contains("http://") && !page.text.contains("https://"))
        #expect(!page.text.contains("<script>") && !page.text.contains("style="))
        #expect(server.stop().status == 0)
    }
}
