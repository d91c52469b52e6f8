// The result database the page browses. `serve` only reads it.
import Foundation
import EmoStore

/// Why the database cannot be browsed.
public enum ResultDatabaseError: Error, CustomStringConvertible, Equatable {
    case missing(path: String)

    public var description: String {
        switch self {
        case let .missing(path):
            return "\(path): no such result database\nhint: run `emoeval run RECIPE --db \(path)` first"
        }
    }
}

/// An opened result database and the name the page shows for it (its file name, not its path).
public struct ResultDatabase: Sendable {
    public let store: EvalStore
    public let displayName: String

    /// Opens an existing database (a missing file is an error, not a new empty database).
    public init(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw ResultDatabaseError.missing(path: path) }
        // Read-only (SQLITE_OPEN_READONLY): the page never writes, and a file that is not an emoeval database,
        // a directory or a FIFO is an error naming it instead of being turned into an empty database.
        store = try EvalStore(path: path, readOnly: true)
        displayName = (path as NSString).lastPathComponent
    }
}
