// The one way tests get scratch space: fresh directories below one root per test process, removed when
// the test ends (scoped use) and, whatever a test forgot, when the process exits.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A fresh temporary directory removed when the value is released. Keep it alive for as long as the test
/// uses the directory: a stored property of the suite (removed when the test's suite instance goes), or a
/// local used until the end (`withExtendedLifetime(scratch) { }` if only paths derived from it are used).
public final class TemporaryDirectory: Sendable {
    public let url: URL

    public init(_ label: String = "emoeval-test") throws {
        url = try Fixture.temporaryDirectory(label)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Path of `name` inside the directory.
    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Writes `data` to `name` inside the directory and returns its path.
    public func write(_ data: Data, to name: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try data.write(to: file)
        return file.path
    }
}

extension Fixture {
    /// `$TMPDIR/emoeval-tests-<pid>`: every directory `temporaryDirectory` makes lives here, and so does
    /// everything the `emoeval` processes started by `Emoeval.run` and `ServeProcess` write to their
    /// temporary directory (they get it as TMPDIR). Removed when this process exits; roots left by test
    /// processes that died (a crash, a kill) are removed when the next test process starts.
    public static let scratchRoot: URL = {
        let base = FileManager.default.temporaryDirectory
        removeAbandonedScratchRoots(in: base)
        let root = base.appendingPathComponent("\(scratchPrefix)\(getpid())")
        try? FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        scratchRootPath.set(root.path)
        atexit { if let path = scratchRootPath.get() { try? FileManager.default.removeItem(atPath: path) } }
        return root
    }()

    static let scratchPrefix = "emoeval-tests-"

    /// Removes `emoeval-tests-<pid>` roots whose process no longer exists.
    static func removeAbandonedScratchRoots(in base: URL) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: base.path)) ?? []
        for name in names where name.hasPrefix(scratchPrefix) {
            guard let pid = pid_t(name.dropFirst(scratchPrefix.count)), pid > 0, pid != getpid() else { continue }
            if kill(pid, 0) == -1 && errno == ESRCH {
                try? FileManager.default.removeItem(at: base.appendingPathComponent(name))
            }
        }
    }

    /// A fresh directory `<label>-<uuid>` below `scratchRoot`. Remove it when the test ends
    /// (`defer { try? FileManager.default.removeItem(at: dir) }`, or hold a `TemporaryDirectory` instead);
    /// whatever is left is removed with `scratchRoot` when the test process exits.
    public static func temporaryDirectory(_ label: String = "emoeval-test") throws -> URL {
        let dir = scratchRoot.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// The environment for a child `emoeval`: this process's, with TMPDIR inside `scratchRoot`.
    public static func childEnvironment(_ extra: [String: String] = [:]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["TMPDIR"] = scratchRoot.path
        for (k, v) in extra { env[k] = v }
        return env
    }
}

/// The root's path for the exit handler (a C function pointer cannot capture).
private let scratchRootPath = LockedPath()

private final class LockedPath: @unchecked Sendable {   // guarded by `lock`
    private let lock = NSLock()
    private var path: String?
    func set(_ value: String) { lock.lock(); path = value; lock.unlock() }
    func get() -> String? { lock.lock(); defer { lock.unlock() }; return path }
}
