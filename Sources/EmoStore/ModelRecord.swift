// A row of `model`: one checkpoint as loaded (family, variant, labels, config text).

/// One model, identified by its checkpoint sha256, family and variant.
public struct ModelRecord: Sendable, Equatable {
    public var id: Int64?
    /// `ModelFamily.rawValue` (e.g. "emotion2vec").
    public var family: String
    public var variant: String
    public var directory: String
    public var checkpointSHA256: String
    /// English labels in score order.
    public var labels: [String]
    /// Labels as written in the model's files, in score order.
    public var rawLabels: [String]
    public var embeddingDim: Int
    /// Text of the model's config file, when one was found.
    public var config: String?

    public init(id: Int64? = nil, family: String, variant: String, directory: String, checkpointSHA256: String,
                labels: [String], rawLabels: [String], embeddingDim: Int, config: String?) {
        self.id = id
        self.family = family
        self.variant = variant
        self.directory = directory
        self.checkpointSHA256 = checkpointSHA256
        self.labels = labels
        self.rawLabels = rawLabels
        self.embeddingDim = embeddingDim
        self.config = config
    }

    static let columns = "id, family, variant, directory, checkpointSHA256, labels, rawLabels, embeddingDim, config"

    init(row: Statement, offset: Int32 = 0) throws {
        id = row.int64(offset)
        family = row.string(offset + 1)
        variant = row.string(offset + 2)
        directory = row.string(offset + 3)
        checkpointSHA256 = row.string(offset + 4)
        labels = try JSONText.decode([String].self, row.string(offset + 5), table: "model", column: "labels")
        rawLabels = try JSONText.decode([String].self, row.string(offset + 6), table: "model", column: "rawLabels")
        embeddingDim = row.int(offset + 7)
        config = row.optionalString(offset + 8)
    }

    var insertValues: [SQLValue] {
        [.text(family), .text(variant), .text(directory), .text(checkpointSHA256), .text(JSONText.encode(labels)),
         .text(JSONText.encode(rawLabels)), .integer(Int64(embeddingDim)), .optional(config)]
    }
}
