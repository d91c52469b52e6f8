// A row of `failure`: an utterance that produced no prediction, and why.

/// One failed utterance of a run.
public struct FailureRecord: Sendable, Equatable {
    public var id: Int64?
    public var runId: Int64
    public var utteranceId: Int64
    public var kind: FailureKind
    /// The error's description, one line.
    public var message: String
    public var sessionId: Int64?

    public init(id: Int64? = nil, runId: Int64, utteranceId: Int64, kind: FailureKind, message: String,
                sessionId: Int64? = nil) {
        self.id = id
        self.runId = runId
        self.utteranceId = utteranceId
        self.kind = kind
        self.message = message
        self.sessionId = sessionId
    }

    static let columns = "id, runId, utteranceId, kind, message, sessionId"

    init(row: Statement) throws {
        id = row.int64(0)
        runId = row.int64(1)
        utteranceId = row.int64(2)
        let kindText = row.string(3)
        guard let kind = FailureKind(rawValue: kindText) else {
            throw StoreError.corruptValue(table: "failure", column: "kind", problem: "unknown kind '\(kindText)'")
        }
        self.kind = kind
        message = row.string(4)
        sessionId = row.isNull(5) ? nil : row.int64(5)
    }

    var insertValues: [SQLValue] {
        [.integer(runId), .integer(utteranceId), .text(kind.rawValue), .text(message),
         sessionId.map { .integer($0) } ?? .null]
    }
}
