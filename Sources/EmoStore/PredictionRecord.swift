// A row of `prediction`: one model's output on one utterance, with its timings.

/// A stored prediction. Vectors are Float32; `frames` is row-major (frameCount x frameDim).
public struct PredictionRecord: Sendable, Equatable {
    public var id: Int64?
    public var runId: Int64
    public var utteranceId: Int64
    /// Every raw score in model label order.
    public var scores: [Float]
    /// Label of the highest score; nil for an embedding-only model.
    public var topLabel: String?
    public var topScore: Float?
    public var embedding: [Float]?
    public var frames: [Float]?
    public var frameCount: Int?
    public var frameDim: Int?
    public var audioSeconds: Double
    /// Decode + down-mix + resample, seconds.
    public var decodeSeconds: Double
    /// Model forward pass, seconds.
    public var inferenceSeconds: Double
    public var sessionId: Int64?

    public init(id: Int64? = nil, runId: Int64, utteranceId: Int64, scores: [Float], topLabel: String?,
                topScore: Float?, embedding: [Float]? = nil, frames: [Float]? = nil, frameCount: Int? = nil,
                frameDim: Int? = nil, audioSeconds: Double, decodeSeconds: Double, inferenceSeconds: Double,
                sessionId: Int64? = nil) {
        self.id = id
        self.runId = runId
        self.utteranceId = utteranceId
        self.scores = scores
        self.topLabel = topLabel
        self.topScore = topScore
        self.embedding = embedding
        self.frames = frames
        self.frameCount = frameCount
        self.frameDim = frameDim
        self.audioSeconds = audioSeconds
        self.decodeSeconds = decodeSeconds
        self.inferenceSeconds = inferenceSeconds
        self.sessionId = sessionId
    }

    static let columns = """
        id, runId, utteranceId, scores, topLabel, topScore, embedding, frames, frameCount, frameDim, \
        audioSeconds, decodeSeconds, inferenceSeconds, sessionId
        """

    init(row: Statement) throws {
        id = row.int64(0)
        runId = row.int64(1)
        utteranceId = row.int64(2)
        scores = try FloatBlob.decode(row.blob(3), table: "prediction", column: "scores")
        topLabel = row.optionalString(4)
        topScore = row.optionalDouble(5).map(Float.init)
        embedding = try row.optionalBlob(6).map { try FloatBlob.decode($0, table: "prediction", column: "embedding") }
        frames = try row.optionalBlob(7).map { try FloatBlob.decode($0, table: "prediction", column: "frames") }
        frameCount = row.optionalInt(8)
        frameDim = row.optionalInt(9)
        audioSeconds = row.double(10)
        decodeSeconds = row.double(11)
        inferenceSeconds = row.double(12)
        sessionId = row.isNull(13) ? nil : row.int64(13)
    }

    var insertValues: [SQLValue] {
        [.integer(runId), .integer(utteranceId), .blob(FloatBlob.encode(scores)), .optional(topLabel),
         .optional(topScore.map(Double.init)), .optional(embedding.map(FloatBlob.encode)),
         .optional(frames.map(FloatBlob.encode)), .optional(frameCount), .optional(frameDim), .real(audioSeconds),
         .real(decodeSeconds), .real(inferenceSeconds), sessionId.map { .integer($0) } ?? .null]
    }
}
