// Merging another result database (e.g. one shard of a Slurm job array) into this one.

/// What a merge added.
public struct MergeSummary: Sendable, Equatable {
    public var runs = 0
    public var newRuns = 0
    public var predictions = 0
    public var failures = 0
}

extension EvalStore {
    /// Copies every corpus, model, run, session, prediction and failure of `source` into this store, in one
    /// transaction. Rows are matched by their natural keys (corpus name + audio set, utterance key, model
    /// checkpoint, run identity). Identical duplicates are skipped; a prediction replaces a failure.
    /// Throws `mergeConflict` (and changes nothing) when both hold different results for the same run and
    /// utterance, or different labels for the same utterance.
    public func merge(from source: EvalStore, sourceName: String) throws -> MergeSummary {
        // Read everything first: the source is another connection with its own lock.
        let overviews = try source.runOverviews()
        var copies: [(RunOverview, [UtteranceRecord], [RunSessionRecord], [PredictionRecord], [FailureRecord])] = []
        for overview in overviews {
            let runId = overview.run.id, corpusId = try overview.corpus.storedId()
            copies.append((overview, try source.utterances(corpusId: corpusId), try source.sessions(runId: runId),
                           try source.predictionRecords(runId: runId), try source.failureRecords(runId: runId)))
        }
        var summary = MergeSummary()
        try access { db in
            try db.transaction {
                for (overview, utterances, sessions, predictions, failures) in copies {
                    try mergeRun(db, overview, utterances, sessions, predictions, failures, sourceName, &summary)
                }
            }
        }
        return summary
    }

    private func mergeRun(_ db: Database, _ overview: RunOverview, _ utterances: [UtteranceRecord],
                          _ sessions: [RunSessionRecord], _ predictions: [PredictionRecord],
                          _ failures: [FailureRecord], _ sourceName: String, _ summary: inout MergeSummary) throws {
        let corpus = overview.corpus
        // Corpus and utterances, matched by natural key.
        try db.run("""
            INSERT OR IGNORE INTO corpus (name, recipePath, recipeSHA256, audioSetSHA256, labels) VALUES (?, ?, ?, ?, ?)
            """, [.text(corpus.name), .text(corpus.recipePath), .text(corpus.recipeSHA256),
                  .text(corpus.audioSetSHA256), .text(JSONText.encode(corpus.labels))])
        guard let corpusId = try db.query("SELECT id FROM corpus WHERE name = ? AND audioSetSHA256 = ?",
                                          [.text(corpus.name), .text(corpus.audioSetSHA256)], { $0.int64(0) }).first else {
            throw StoreError.notFound(what: "corpus \(corpus.name)")
        }
        let existing = try db.query("SELECT \(UtteranceRecord.columns) FROM utterance WHERE corpusId = ?",
                                    [.integer(corpusId)]) { UtteranceRecord(row: $0) }
        var idByKey = Dictionary(existing.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        let insertUtterance = try db.prepare("""
            INSERT INTO utterance (corpusId, key, audioPath, segmentStart, segmentEnd, label, rawLabel, speaker, fold,
            duration, channel) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        var utteranceMap: [Int64: Int64] = [:]
        for u in utterances {
            guard let sourceId = u.id else { continue }
            if let mine = idByKey[u.key], let mineId = mine.id {
                if mine.label != u.label {
                    throw StoreError.mergeConflict(source: sourceName, problem: """
                        utterance '\(u.key)' of corpus '\(corpus.name)' has label '\(u.label ?? "-")' there but \
                        '\(mine.label ?? "-")' here
                        """)
                }
                utteranceMap[sourceId] = mineId
            } else {
                try insertUtterance.execute([.integer(corpusId), .text(u.key), .text(u.audioPath),
                                             .optional(u.segmentStart), .optional(u.segmentEnd), .optional(u.label),
                                             .optional(u.rawLabel), .optional(u.speaker), .optional(u.fold),
                                             .optional(u.duration), .optional(u.channel)])
                var stored = u
                stored.id = db.lastInsertRowID
                idByKey[u.key] = stored
                utteranceMap[sourceId] = db.lastInsertRowID
            }
        }
        // Model.
        let model = overview.model
        try db.run("""
            INSERT OR IGNORE INTO model (family, variant, directory, checkpointSHA256, labels, rawLabels, embeddingDim,
            config) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, model.insertValues)
        let models = try db.query("""
            SELECT \(ModelRecord.columns) FROM model WHERE checkpointSHA256 = ? AND family = ? AND variant = ?
            """, [.text(model.checkpointSHA256), .text(model.family), .text(model.variant)]) { try ModelRecord(row: $0) }
        guard let myModel = models.first, let modelId = myModel.id else { throw StoreError.notFound(what: "model") }
        if myModel.labels != model.labels {
            throw StoreError.mergeConflict(source: sourceName, problem: """
                model \(model.variant) (\(model.checkpointSHA256.prefix(12))) has labels \(model.labels) there but \
                \(myModel.labels) here
                """)
        }
        // Run, by identity.
        let run = overview.run
        let before = try db.query("SELECT id FROM run WHERE identity = ?", [.text(run.identity)]) { $0.int64(0) }
        let runId: Int64
        if let found = before.first {
            runId = found
        } else {
            try db.run("""
                INSERT INTO run (identity, corpusId, modelId, options, createdAt, status) VALUES (?, ?, ?, ?, ?, ?)
                """, [.text(run.identity), .integer(corpusId), .integer(modelId), .text(JSONText.encode(run.options)),
                      .text(run.createdAt), .text(run.status.rawValue)])
            runId = db.lastInsertRowID
            summary.newRuns += 1
        }
        summary.runs += 1
        // Sessions (provenance of every shard) are copied as they are.
        var sessionMap: [Int64: Int64] = [:]
        for session in sessions {
            var copy = session
            copy.runId = runId
            try db.run(RunSessionRecord.insertSQL, copy.insertValues)
            if let id = session.id { sessionMap[id] = db.lastInsertRowID }
        }
        try mergeResults(db, runId: runId, predictions, failures, utteranceMap, sessionMap, sourceName, &summary)
        try Self.refreshStatus(db, runId: runId, otherwise: .incomplete)
    }

    private func mergeResults(_ db: Database, runId: Int64, _ predictions: [PredictionRecord],
                              _ failures: [FailureRecord], _ utteranceMap: [Int64: Int64],
                              _ sessionMap: [Int64: Int64], _ sourceName: String,
                              _ summary: inout MergeSummary) throws {
        let mine = Dictionary(try db.query("SELECT \(PredictionRecord.columns) FROM prediction WHERE runId = ?",
                                           [.integer(runId)]) { try PredictionRecord(row: $0) }
                                .map { ($0.utteranceId, $0) }, uniquingKeysWith: { a, _ in a })
        let dropFailure = try db.prepare("DELETE FROM failure WHERE runId = ? AND utteranceId = ?")
        let insertPrediction = try db.prepare("""
            INSERT INTO prediction (runId, utteranceId, scores, topLabel, topScore, embedding, frames, frameCount,
            frameDim, audioSeconds, decodeSeconds, inferenceSeconds, sessionId) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for p in predictions {
            guard let utteranceId = utteranceMap[p.utteranceId] else { continue }
            if let existing = mine[utteranceId] {
                if existing.scores != p.scores || existing.embedding != p.embedding || existing.frames != p.frames {
                    let key = try db.query("SELECT key FROM utterance WHERE id = ?", [.integer(utteranceId)]) {
                        $0.string(0)
                    }.first ?? "?"
                    throw StoreError.mergeConflict(source: sourceName, problem: """
                        run \(runId): utterance '\(key)' has different scores in the two databases \
                        (same run identity, different results)
                        """)
                }
                continue
            }
            var copy = p
            copy.runId = runId
            copy.utteranceId = utteranceId
            copy.sessionId = p.sessionId.flatMap { sessionMap[$0] }
            try dropFailure.execute([.integer(runId), .integer(utteranceId)])
            try insertPrediction.execute(copy.insertValues)
            summary.predictions += 1
        }
        let insertFailure = try db.prepare("""
            INSERT OR IGNORE INTO failure (runId, utteranceId, kind, message, sessionId)
            SELECT ?1, ?2, ?3, ?4, ?5 WHERE NOT EXISTS (SELECT 1 FROM prediction WHERE runId = ?1 AND utteranceId = ?2)
            """)
        for f in failures {
            guard let utteranceId = utteranceMap[f.utteranceId] else { continue }
            var copy = f
            copy.runId = runId
            copy.utteranceId = utteranceId
            copy.sessionId = f.sessionId.flatMap { sessionMap[$0] }
            try insertFailure.execute(copy.insertValues)
            summary.failures += db.changes
        }
    }
}
