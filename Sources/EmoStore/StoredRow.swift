// Row ids of records that exist before they are stored (a corpus, model, utterance or session is built, then
// inserted): `id` is nil only on such a value; every record the store returns carries its row id.

/// A record whose `id` is the row id once the store has written it.
public protocol StoredRow {
    /// The row id; nil only for a value that was never inserted.
    var id: Int64? { get }
    /// The table the record is a row of (for the error).
    static var table: String { get }
}

extension StoredRow {
    /// The row id of a record the store returned. Throws `StoreError.notStored` for a value that was never
    /// inserted, instead of letting a placeholder id query or write nothing.
    public func storedId() throws(StoreError) -> Int64 {
        guard let id else { throw .notStored(table: Self.table) }
        return id
    }
}

extension CorpusRecord: StoredRow { public static let table = "corpus" }
extension ModelRecord: StoredRow { public static let table = "model" }
extension UtteranceRecord: StoredRow { public static let table = "utterance" }
extension RunSessionRecord: StoredRow { public static let table = "runSession" }
