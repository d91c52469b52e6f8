// Errors thrown by EmoStore: SQLite failures (GRDB-shaped messages) and store-level problems.

/// Everything that can go wrong while opening, migrating, reading or writing a result database.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    /// A SQLite call failed. `sql` is the statement being prepared or executed, when there was one; `path` is
    /// the database file.
    case sqlite(code: Int32, message: String, sql: String?, path: String? = nil)
    /// The database file could not be opened.
    case cannotOpen(path: String, message: String)
    /// The file exists but is not an emoeval result database (not SQLite, or SQLite without emoeval's tables).
    case notEmoevalDatabase(path: String, reason: String)
    /// The file was written by a newer emoeval (it has migrations this build does not know).
    case unknownMigrations(path: String, names: [String])
    /// A stored value could not be decoded (a blob of the wrong size, bad JSON, unknown enum text).
    case corruptValue(table: String, column: String, problem: String, path: String? = nil)
    /// A referenced row does not exist.
    case notFound(what: String, path: String? = nil)
    /// A record that was never inserted was used where a stored row is needed (a programming error).
    case notStored(table: String)
    /// `merge` found two databases that disagree about the same run, corpus or utterance.
    case mergeConflict(source: String, problem: String)

    /// The same error naming the database file `path` (where it does not name one yet).
    func inDatabase(_ path: String) -> StoreError {
        switch self {
        case let .sqlite(code, message, sql, nil): return .sqlite(code: code, message: message, sql: sql, path: path)
        case let .corruptValue(table, column, problem, nil):
            return .corruptValue(table: table, column: column, problem: problem, path: path)
        case let .notFound(what, nil): return .notFound(what: what, path: path)
        default: return self
        }
    }

    public var description: String {
        switch self {
        case let .sqlite(code, message, sql, path):
            var text = "\(path ?? "result database"): SQLite error \(code): \(message)"
            if let sql { text += " - while executing `\(sql)`" }
            return text
        case let .cannotOpen(path, message):
            return "\(path): cannot open the result database: \(message)"
        case let .notEmoevalDatabase(path, reason):
            return "\(path): not an emoeval result database (\(reason))"
        case let .unknownMigrations(path, names):
            return "\(path): written by a newer emoeval (unknown migrations: \(names.joined(separator: ", ")))"
                + "\nhint: upgrade emoeval, or use another --db"
        case let .corruptValue(table, column, problem, path):
            return "\(path ?? "result database"): \(table).\(column): \(problem)"
        case let .notFound(what, path):
            return "\(path ?? "result database"): \(what) not found"
        case let .notStored(table):
            return "result database: a \(table) row was used before it was stored"
        case let .mergeConflict(source, problem):
            return "\(source): cannot merge: \(problem)"
        }
    }
}
