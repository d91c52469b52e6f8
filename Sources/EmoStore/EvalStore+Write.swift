// Writing to the store: models, corpora, runs, sessions, batches of results, the checkpoint-hash cache.

extension EvalStore {
    /// Inserts `model` unless a row with the same checkpoint, family and variant exists; returns the stored row.
    public func ensureModel(_ model: ModelRecord) throws -> ModelRecord {
        try access { db in
            try db.transaction {
                try db.run("""
                    INSERT OR IGNORE INTO model (family, variant, directory, checkpointSHA256, labels, rawLabels,
                    embeddingDim, config) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, model.insertValues)
                let rows = try db.query("""
                    SELECT \(ModelRecord.columns) FROM model WHERE checkpointSHA256 = ? AND family = ? AND variant = ?
                    """, [.text(model.checkpointSHA256), .text(model.family), .text(model.variant)]) {
                    try ModelRecord(row: $0)
                }
                guard let stored = rows.first else { throw StoreError.notFound(what: "model \(model.variant)") }
                return stored
            }
        }
    }

    /// Inserts the corpus (found again by name and audio-set hash) and its utterances; the label, speaker,
    /// fold and duration of existing utterances are updated. Returns the corpus and its utterances by key.
    public func ensureCorpus(_ corpus: CorpusRecord, utterances: [UtteranceRecord])
        throws -> (corpus: CorpusRecord, utterances: [UtteranceRecord]) {
        try access { db in
            try db.transaction {
                try db.run("""
                    INSERT OR IGNORE INTO corpus (name, recipePath, recipeSHA256, audioSetSHA256, labels)
                    VALUES (?, ?, ?, ?, ?)
                    """, [.text(corpus.name), .text(corpus.recipePath), .text(corpus.recipeSHA256),
                          .text(corpus.audioSetSHA256), .text(JSONText.encode(corpus.labels))])
                let found = try db.query("""
                    SELECT \(CorpusRecord.columns) FROM corpus WHERE name = ? AND audioSetSHA256 = ?
                    """, [.text(corpus.name), .text(corpus.audioSetSHA256)]) { try CorpusRecord(row: $0) }
                guard let stored = found.first, let corpusId = stored.id else {
                    throw StoreError.notFound(what: "corpus \(corpus.name)")
                }
                try db.run("UPDATE corpus SET recipePath = ?, recipeSHA256 = ?, labels = ? WHERE id = ?",
                           [.text(corpus.recipePath), .text(corpus.recipeSHA256),
                            .text(JSONText.encode(corpus.labels)), .integer(corpusId)])
                let upsert = try db.prepare("""
                    INSERT INTO utterance (corpusId, key, audioPath, segmentStart, segmentEnd, label, rawLabel,
                    speaker, fold, duration, channel) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (corpusId, key) DO UPDATE SET audioPath = excluded.audioPath,
                    label = excluded.label, rawLabel = excluded.rawLabel, speaker = excluded.speaker,
                    fold = excluded.fold, duration = coalesce(excluded.duration, duration),
                    channel = excluded.channel
                    """)
                for u in utterances {
                    try upsert.execute([.integer(corpusId), .text(u.key), .text(u.audioPath), .optional(u.segmentStart),
                                        .optional(u.segmentEnd), .optional(u.label), .optional(u.rawLabel),
                                        .optional(u.speaker), .optional(u.fold), .optional(u.duration),
                                        .optional(u.channel)])
                }
                let rows = try db.query("""
                    SELECT \(UtteranceRecord.columns) FROM utterance WHERE corpusId = ? ORDER BY key
                    """, [.integer(corpusId)]) { UtteranceRecord(row: $0) }
                return (stored, rows)
            }
        }
    }

    /// Finds the run with `identity`, creating it (status `running`) when absent.
    public func ensureRun(identity: String, corpusId: Int64, modelId: Int64, options: RunOptions) throws -> RunRecord {
        try access { db in
            try db.transaction {
                try db.run("""
                    INSERT OR IGNORE INTO run (identity, corpusId, modelId, options, createdAt, status)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """, [.text(identity), .integer(corpusId), .integer(modelId), .text(JSONText.encode(options)),
                          .text(StoreTime.now()), .text(RunStatus.running.rawValue)])
                let rows = try db.query("SELECT \(RunRecord.columns) FROM run WHERE identity = ?", [.text(identity)]) {
                    try RunRecord(row: $0)
                }
                guard let run = rows.first else { throw StoreError.notFound(what: "run \(identity)") }
                return run
            }
        }
    }

    /// Records a new session (one process working on a run) and returns it with its id.
    public func beginSession(_ session: RunSessionRecord) throws -> RunSessionRecord {
        try access { db in
            try db.transaction {
                try db.run(RunSessionRecord.insertSQL, session.insertValues)
                var stored = session
                stored.id = db.lastInsertRowID
                try db.run("UPDATE run SET status = ? WHERE id = ?",
                           [.text(RunStatus.running.rawValue), .integer(session.runId)])
                return stored
            }
        }
    }

    /// Commits one batch of results in a single transaction. A prediction replaces an earlier failure of the
    /// same utterance; a failure never replaces a prediction; a row already stored by another process is kept.
    /// Rows without a session get `sessionId`; the session's counters grow by what this batch actually inserted.
    /// Returns the numbers of predictions and failures inserted.
    @discardableResult
    public func commit(predictions: [PredictionRecord], failures: [FailureRecord], sessionId: Int64?)
        throws -> (predicted: Int, failed: Int) {
        try access { db in
            try db.transaction {
                let dropFailure = try db.prepare("DELETE FROM failure WHERE runId = ? AND utteranceId = ?")
                let insertPrediction = try db.prepare("""
                    INSERT OR IGNORE INTO prediction (runId, utteranceId, scores, topLabel, topScore, embedding, frames,
                    frameCount, frameDim, audioSeconds, decodeSeconds, inferenceSeconds, sessionId)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                var predicted = 0, failed = 0, audioSeconds = 0.0
                for var p in predictions {
                    p.sessionId = p.sessionId ?? sessionId
                    try dropFailure.execute([.integer(p.runId), .integer(p.utteranceId)])
                    try insertPrediction.execute(p.insertValues)
                    if db.changes > 0 { predicted += 1; audioSeconds += p.audioSeconds }
                }
                let insertFailure = try db.prepare("""
                    INSERT INTO failure (runId, utteranceId, kind, message, sessionId)
                    SELECT ?1, ?2, ?3, ?4, ?5
                    WHERE NOT EXISTS (SELECT 1 FROM prediction WHERE runId = ?1 AND utteranceId = ?2)
                    ON CONFLICT (runId, utteranceId) DO NOTHING
                    """)
                for var f in failures {
                    f.sessionId = f.sessionId ?? sessionId
                    try insertFailure.execute(f.insertValues)
                    if db.changes > 0 { failed += 1 }
                }
                if let sessionId {
                    try db.run("""
                        UPDATE runSession SET predicted = predicted + ?, failed = failed + ?,
                        audioSeconds = audioSeconds + ?, finishedAt = ? WHERE id = ?
                        """, [.integer(Int64(predicted)), .integer(Int64(failed)), .real(audioSeconds),
                              .text(StoreTime.now()), .integer(sessionId)])
                }
                return (predicted, failed)
            }
        }
    }

    /// Marks a session finished with `status`; the run's status becomes `complete` when every utterance of its
    /// corpus has a prediction or a failure, else `status`.
    public func finishSession(id: Int64, status: RunStatus) throws {
        try access { db in
            try db.transaction {
                try db.run("UPDATE runSession SET status = ?, finishedAt = ? WHERE id = ?",
                           [.text(status.rawValue), .text(StoreTime.now()), .integer(id)])
                let runIds = try db.query("SELECT runId FROM runSession WHERE id = ?", [.integer(id)]) { $0.int64(0) }
                for runId in runIds { try Self.refreshStatus(db, runId: runId, otherwise: status) }
            }
        }
    }

    /// Sets `run.status` to `complete` when nothing is pending, else to `otherwise`.
    static func refreshStatus(_ db: Database, runId: Int64, otherwise: RunStatus) throws {
        let pending = try db.query("""
            SELECT count(*) FROM utterance u JOIN run r ON r.corpusId = u.corpusId WHERE r.id = ?1
            AND NOT EXISTS (SELECT 1 FROM prediction p WHERE p.runId = ?1 AND p.utteranceId = u.id)
            AND NOT EXISTS (SELECT 1 FROM failure f WHERE f.runId = ?1 AND f.utteranceId = u.id)
            """, [.integer(runId)]) { $0.int(0) }.first ?? 0
        let status = pending == 0 ? RunStatus.complete : otherwise
        try db.run("UPDATE run SET status = ? WHERE id = ?", [.text(status.rawValue), .integer(runId)])
    }

    /// Deletes every prediction and failure of a run (for `--rerun`).
    public func clearResults(runId: Int64) throws {
        try access { db in
            try db.transaction {
                try db.run("DELETE FROM prediction WHERE runId = ?", [.integer(runId)])
                try db.run("DELETE FROM failure WHERE runId = ?", [.integer(runId)])
            }
        }
    }

    /// Deletes the failures of a run so they are tried again.
    public func clearFailures(runId: Int64) throws {
        try access { db in try db.run("DELETE FROM failure WHERE runId = ?", [.integer(runId)]) }
    }

    /// The cached sha256 of the file at `path`, if it was hashed with this size and modification time.
    public func cachedCheckpointHash(path: String, size: Int64, modificationTime: Double) throws -> String? {
        try access { db in
            try db.query("""
                SELECT sha256 FROM checkpointHash WHERE path = ? AND size = ? AND modificationTime = ?
                """, [.text(path), .integer(size), .real(modificationTime)]) { $0.string(0) }.first
        }
    }

    /// Caches a file hash (replacing older entries of the same path).
    public func storeCheckpointHash(_ record: CheckpointHashRecord) throws {
        try access { db in
            try db.transaction {
                try db.run("DELETE FROM checkpointHash WHERE path = ?", [.text(record.path)])
                try db.run("INSERT INTO checkpointHash (path, size, modificationTime, sha256) VALUES (?, ?, ?, ?)",
                           [.text(record.path), .integer(record.size), .real(record.modificationTime),
                            .text(record.sha256)])
            }
        }
    }
}
