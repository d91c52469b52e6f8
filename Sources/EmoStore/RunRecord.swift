// A row of `run`: one (corpus audio set, model checkpoint, options) combination.
import EmoHash

/// One run. Re-running the same command finds this row by `identity` and resumes it.
public struct RunRecord: Sendable, Equatable {
    /// The row id. Runs are only ever created by the store (`ensureRun`, merging), so a `RunRecord` always has one.
    public var id: Int64
    /// sha256 of (audio set, checkpoint sha256, options): see `RunRecord.identity(...)`.
    public var identity: String
    public var corpusId: Int64
    public var modelId: Int64
    public var options: RunOptions
    public var createdAt: String
    public var status: RunStatus

    public init(id: Int64, identity: String, corpusId: Int64, modelId: Int64, options: RunOptions,
                createdAt: String, status: RunStatus) {
        self.id = id
        self.identity = identity
        self.corpusId = corpusId
        self.modelId = modelId
        self.options = options
        self.createdAt = createdAt
        self.status = status
    }

    /// The identity hash of a run over `audioSetSHA256` with the model `checkpointSHA256` and `options`.
    public static func identity(audioSetSHA256: String, checkpointSHA256: String, options: RunOptions) -> String {
        sha256Hex(of: Array("emoeval-run-v1\n\(audioSetSHA256)\n\(checkpointSHA256)\n\(JSONText.encode(options))".utf8))
    }

    static let columns = "id, identity, corpusId, modelId, options, createdAt, status"

    init(row: Statement, offset: Int32 = 0) throws {
        id = row.int64(offset)
        identity = row.string(offset + 1)
        corpusId = row.int64(offset + 2)
        modelId = row.int64(offset + 3)
        options = try JSONText.decode(RunOptions.self, row.string(offset + 4), table: "run", column: "options")
        createdAt = row.string(offset + 5)
        let statusText = row.string(offset + 6)
        guard let status = RunStatus(rawValue: statusText) else {
            throw StoreError.corruptValue(table: "run", column: "status", problem: "unknown status '\(statusText)'")
        }
        self.status = status
    }
}
