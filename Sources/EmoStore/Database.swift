// A thin owner of one sqlite3 connection: open, execute, prepare, transactions. Not thread-safe by itself;
// `EvalStore` serialises access.
import CSQLite

/// SQLite's "the destructor is transient: copy the bytes now" marker (a C macro Swift cannot import).
let sqliteTransient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

/// One open SQLite connection.
final class Database {
    let path: String
    private(set) var handle: OpaquePointer?

    /// Opens (creating if needed) `path`; `":memory:"` opens a private in-memory database. `readOnly` opens an
    /// existing file with SQLITE_OPEN_READONLY: nothing is created and nothing can be written.
    init(path: String, busyTimeoutMilliseconds: Int32 = 60_000, readOnly: Bool = false) throws {
        self.path = path
        var db: OpaquePointer?
        let flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_FULLMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(db)
            throw StoreError.cannotOpen(path: path, message: message)
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, busyTimeoutMilliseconds)
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// The error for the connection's last failure, carrying `sql`.
    func error(_ code: Int32, sql: String?) -> StoreError {
        let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "no connection"
        return .sqlite(code: code & 0xff, message: message, sql: sql, path: path)
    }

    /// Runs one or more statements that return no rows.
    func execute(_ sql: String) throws {
        let rc = sqlite3_exec(handle, sql, nil, nil, nil)
        guard rc == SQLITE_OK else { throw error(rc, sql: sql) }
    }

    /// Prepares one statement.
    func prepare(_ sql: String) throws -> Statement {
        try Statement(database: self, sql: sql)
    }

    /// Runs `sql` with `arguments` and returns nothing.
    func run(_ sql: String, _ arguments: [SQLValue] = []) throws {
        let statement = try prepare(sql)
        try statement.bind(arguments)
        try statement.runToEnd()
    }

    /// Runs a query and maps each row.
    func query<T>(_ sql: String, _ arguments: [SQLValue] = [], _ row: (Statement) throws -> T) throws -> [T] {
        let statement = try prepare(sql)
        try statement.bind(arguments)
        var rows: [T] = []
        while try statement.step() { rows.append(try row(statement)) }
        return rows
    }

    /// Rowid of the last successful INSERT on this connection.
    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Rows changed by the last statement.
    var changes: Int { Int(sqlite3_changes(handle)) }

    /// Runs `body` inside `BEGIN IMMEDIATE … COMMIT` (rolled back if it throws). IMMEDIATE takes the write
    /// lock up front, so two writer processes wait on the busy timeout instead of deadlocking on upgrade.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }
}
