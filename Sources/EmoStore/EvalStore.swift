// The result database: owns one SQLite connection and the ordered, named migrations (GRDB's AppDatabase).
import Foundation

/// An emoeval result database (runs, predictions, failures, provenance).
///
/// Opening applies every pending migration. A file database uses WAL journaling, so readers never block the
/// writer and a killed process loses at most its uncommitted transaction; a busy timeout lets several
/// processes share one file. Every public method is safe to call from any thread (calls are serialised).
public final class EvalStore: @unchecked Sendable {
    // @unchecked: the SQLite handle (`database`) is only used inside `access`, which holds `lock`.
    /// The file path, or ":memory:".
    public let path: String
    let database: Database
    private let lock = NSLock()

    /// Opens (creating it and its folder if needed) the database at `path` and migrates it.
    /// - Parameter busyTimeout: how long to wait for another process's write lock, seconds.
    /// - Parameter readOnly: open an existing emoeval database for reading only (SQLITE_OPEN_READONLY): nothing
    ///   is created; a missing file, a directory or FIFO, or a file that is not an emoeval database is an error
    ///   naming it. A database of an older emoeval is still migrated in place first.
    public init(path: String, busyTimeout: Double = 60, readOnly: Bool = false) throws {
        self.path = path
        if readOnly {
            guard FileManager.default.fileExists(atPath: path) else {
                throw StoreError.cannotOpen(path: path, message: "no such file")
            }
            if let reason = Self.nonRegularFileReason(path) { throw StoreError.cannotOpen(path: path, message: reason) }
            database = try Database(path: path, busyTimeoutMilliseconds: Int32(busyTimeout * 1000), readOnly: true)
            let applied = try Self.appliedMigrations(database)
            let known = Set(Migrations.all.map(\.name))
            let unknown = applied.filter { !known.contains($0) }
            guard unknown.isEmpty else { throw StoreError.unknownMigrations(path: path, names: unknown) }
            if applied.count < Migrations.all.count {
                let writer = try Database(path: path, busyTimeoutMilliseconds: Int32(busyTimeout * 1000))
                try Self.migrate(writer, path: path)
            }
            return
        }
        let folder = (path as NSString).deletingLastPathComponent
        if path != ":memory:" && !folder.isEmpty && !FileManager.default.fileExists(atPath: folder) {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw StoreError.cannotOpen(path: path, message: "cannot create folder \(folder): \(error)")
            }
        }
        if let reason = Self.nonRegularFileReason(path) { throw StoreError.cannotOpen(path: path, message: reason) }
        database = try Database(path: path, busyTimeoutMilliseconds: Int32(busyTimeout * 1000))
        do {
            try database.execute("PRAGMA foreign_keys = ON")
            if path != ":memory:" {
                // WAL is persistent in the file; NORMAL sync is durable across process crashes in WAL mode.
                try enableWAL(timeout: busyTimeout)
                try database.execute("PRAGMA synchronous = NORMAL")
            }
            try Self.migrate(database, path: path)
        } catch let StoreError.sqlite(code, message, _, _) where code == 26 /* SQLITE_NOTADB */ {
            throw StoreError.notEmoevalDatabase(path: path, reason: message)
        }
    }

    /// "not a regular file (a FIFO)" etc. for a path SQLite must not open; nil for a regular file or nothing.
    private static func nonRegularFileReason(_ path: String) -> String? {
        var info = stat()
        guard path != ":memory:", stat(path, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return "not a regular file (a directory)"
        case S_IFIFO: return "not a regular file (a FIFO)"
        default: return "not a regular file (a device or socket)"
        }
    }

    /// The migrations applied to an existing database; `notEmoevalDatabase` when it is not SQLite or has no
    /// migration table (an empty file, another program's database).
    private static func appliedMigrations(_ database: Database) throws -> [String] {
        do {
            let tables = try database.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'migration'") {
                $0.string(0)
            }
            guard !tables.isEmpty else {
                throw StoreError.notEmoevalDatabase(path: database.path, reason: "it has no emoeval tables")
            }
            return try database.query("SELECT name FROM migration ORDER BY rowid") { $0.string(0) }
        } catch let StoreError.sqlite(code, message, _, _) where code == 26 /* SQLITE_NOTADB */ {
            throw StoreError.notEmoevalDatabase(path: database.path, reason: message)
        }
    }

    /// Switches the file to WAL. Two processes opening a new database at once can both find it in rollback
    /// mode; the switch needs an exclusive lock for which SQLite reports SQLITE_BUSY at once instead of
    /// calling the busy handler, so the switch is retried here until `timeout` seconds have passed.
    private func enableWAL(timeout: Double) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            do {
                _ = try database.query("PRAGMA journal_mode = WAL") { $0.string(0) }
                return
            } catch let StoreError.sqlite(code, _, _, _) where code == 5 /* SQLITE_BUSY */ && Date() < deadline {
                Thread.sleep(forTimeInterval: 0.01)
            }
        }
    }

    /// A private in-memory database with the full schema (for tests).
    public static func inMemory() throws -> EvalStore {
        try EvalStore(path: ":memory:")
    }

    /// Runs `body` with exclusive use of the connection.
    func access<T>(_ body: (Database) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        do {
            return try body(database)
        } catch let error as StoreError {
            throw error.inDatabase(path)
        }
    }

    /// Names of the applied migrations, in order.
    public func appliedMigrations() throws -> [String] {
        try access { db in try db.query("SELECT name FROM migration ORDER BY rowid") { $0.string(0) } }
    }

    private static func migrate(_ database: Database, path: String) throws {
        try database.transaction {
            try database.execute("CREATE TABLE IF NOT EXISTS migration (name TEXT PRIMARY KEY NOT NULL, appliedAt TEXT NOT NULL)")
            let applied = try database.query("SELECT name FROM migration ORDER BY rowid") { $0.string(0) }
            let known = Set(Migrations.all.map(\.name))
            let unknown = applied.filter { !known.contains($0) }
            guard unknown.isEmpty else { throw StoreError.unknownMigrations(path: path, names: unknown) }
            for migration in Migrations.all where !applied.contains(migration.name) {
                try database.execute(migration.sql)
                try database.run("INSERT INTO migration (name, appliedAt) VALUES (?, ?)",
                                 [.text(migration.name), .text(StoreTime.now())])
            }
        }
    }
}
