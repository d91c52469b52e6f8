// Errors thrown by EmoStore: SQLite failures (GRDB-shaped messages) and store-level problems.

/// Everything that can go wrong while opening, migrating, reading or writing a result database.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    /// A SQLite call failed. `sql` is the statement being prepared or executed, when there was one.
    case sqlite(code: Int32, message: String, sql: String?)
    /// The database file could not be opened.
    case cannotOpen(path: String, message: String)
    /// The file was written by a newer emoeval (it has migrations this build does not know).
    case unknownMigrations(path: String, names: [String])
    /// A stored value could not be decoded (a blob of the wrong size, bad JSON, unknown enum text).
    case corruptValue(table: String, column: String, problem: String)
    /// A referenced row does not exist.
    case notFound(what: String)
    /// `merge` found two databases that disagree about the same run, corpus or utterance.
    case mergeConflict(source: String, problem: String)

    public var description: String {
        switch self {
        case let .sqlite(code, message, sql):
            var text = "SQLite error \(code): \(message)"
            if let sql { text += " - while executing `\(sql)`" }
            return text
        case let .cannotOpen(path, message):
            return "\(path): cannot open the result database: \(message)"
        case let .unknownMigrations(path, names):
            return "\(path): written by a newer emoeval (unknown migrations: \(names.joined(separator: ", ")))"
                + "\nhint: upgrade emoeval, or use another --db"
        case let .corruptValue(table, column, problem):
            return "result database: \(table).\(column): \(problem)"
        case let .notFound(what):
            return "result database: \(what) not found"
        case let .mergeConflict(source, problem):
            return "\(source): cannot merge: \(problem)"
        }
    }
}
