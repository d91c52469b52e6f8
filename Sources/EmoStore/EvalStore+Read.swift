// Reading the store: runs with counts, predictions and failures of a run joined with utterances, embeddings.
import Foundation

extension EvalStore {
    /// Every run with model, corpus and counts, ordered by run id.
    public func runOverviews() throws -> [RunOverview] {
        try access { db in
            try db.query("""
                SELECT \(prefixed(RunRecord.columns, "r")), \(prefixed(ModelRecord.columns, "m")),
                \(prefixed(CorpusRecord.columns, "c")),
                (SELECT count(*) FROM utterance u WHERE u.corpusId = r.corpusId),
                (SELECT count(*) FROM prediction p WHERE p.runId = r.id),
                (SELECT count(*) FROM failure f WHERE f.runId = r.id),
                (SELECT min(startedAt) FROM runSession s WHERE s.runId = r.id),
                (SELECT max(finishedAt) FROM runSession s WHERE s.runId = r.id),
                (SELECT coalesce(sum(julianday(coalesce(finishedAt, startedAt)) - julianday(startedAt)), 0) * 86400.0
                 FROM runSession s WHERE s.runId = r.id),
                (SELECT coalesce(sum(audioSeconds), 0) FROM prediction p WHERE p.runId = r.id)
                FROM run r JOIN model m ON m.id = r.modelId JOIN corpus c ON c.id = r.corpusId ORDER BY r.id
                """) { row in
                RunOverview(run: try RunRecord(row: row, offset: 0), model: try ModelRecord(row: row, offset: 7),
                            corpus: try CorpusRecord(row: row, offset: 16), utteranceCount: row.int(22),
                            predicted: row.int(23), failed: row.int(24), startedAt: row.optionalString(25),
                            finishedAt: row.optionalString(26), wallSeconds: row.double(27),
                            audioSeconds: row.double(28))
            }
        }
    }

    /// The overview of one run; throws `notFound` when there is no such run.
    public func runOverview(id: Int64) throws -> RunOverview {
        guard let overview = try runOverviews().first(where: { $0.run.id == id }) else {
            throw StoreError.notFound(what: "run \(id)")
        }
        return overview
    }

    /// The predictions of a run joined with utterance label, speaker and fold, ordered by utterance key.
    public func predictions(runId: Int64) throws -> [ScoredUtterance] {
        try access { db in
            try db.query("""
                SELECT u.key, u.audioPath, u.label, u.rawLabel, u.speaker, u.fold, p.scores, p.topLabel, p.topScore,
                p.audioSeconds, p.decodeSeconds, p.inferenceSeconds
                FROM prediction p JOIN utterance u ON u.id = p.utteranceId WHERE p.runId = ? ORDER BY u.key
                """, [.integer(runId)]) { row in
                ScoredUtterance(utteranceKey: row.string(0), audioPath: row.string(1), label: row.optionalString(2),
                                rawLabel: row.optionalString(3), speaker: row.optionalString(4),
                                fold: row.optionalString(5),
                                scores: try FloatBlob.decode(row.blob(6), table: "prediction", column: "scores"),
                                topLabel: row.optionalString(7), topScore: row.optionalDouble(8).map(Float.init),
                                audioSeconds: row.double(9), decodeSeconds: row.double(10),
                                inferenceSeconds: row.double(11))
            }
        }
    }

    /// The raw prediction rows of a run (every column), ordered by utterance id.
    public func predictionRecords(runId: Int64) throws -> [PredictionRecord] {
        try access { db in
            try db.query("SELECT \(PredictionRecord.columns) FROM prediction WHERE runId = ? ORDER BY utteranceId",
                         [.integer(runId)]) { try PredictionRecord(row: $0) }
        }
    }

    /// The failures of a run joined with their utterances, ordered by utterance key.
    public func failures(runId: Int64) throws -> [FailedUtterance] {
        try access { db in
            try db.query("""
                SELECT u.key, u.audioPath, f.kind, f.message FROM failure f JOIN utterance u ON u.id = f.utteranceId
                WHERE f.runId = ? ORDER BY u.key
                """, [.integer(runId)]) { row in
                let kindText = row.string(2)
                guard let kind = FailureKind(rawValue: kindText) else {
                    throw StoreError.corruptValue(table: "failure", column: "kind", problem: "unknown kind '\(kindText)'")
                }
                return FailedUtterance(utteranceKey: row.string(0), audioPath: row.string(1), kind: kind,
                                       message: row.string(3))
            }
        }
    }

    /// The raw failure rows of a run, ordered by utterance id.
    public func failureRecords(runId: Int64) throws -> [FailureRecord] {
        try access { db in
            try db.query("SELECT \(FailureRecord.columns) FROM failure WHERE runId = ? ORDER BY utteranceId",
                         [.integer(runId)]) { try FailureRecord(row: $0) }
        }
    }

    /// Stored embeddings of a run (runs made with `--embeddings`), ordered by utterance key.
    public func embeddings(runId: Int64) throws -> [UtteranceEmbedding] {
        try access { db in
            try db.query("""
                SELECT u.key, u.label, u.speaker, u.fold, p.embedding FROM prediction p
                JOIN utterance u ON u.id = p.utteranceId WHERE p.runId = ? AND p.embedding IS NOT NULL ORDER BY u.key
                """, [.integer(runId)]) { row in
                UtteranceEmbedding(utteranceKey: row.string(0), label: row.optionalString(1),
                                   speaker: row.optionalString(2), fold: row.optionalString(3),
                                   embedding: try FloatBlob.decode(row.blob(4), table: "prediction", column: "embedding"))
            }
        }
    }

    /// The utterances of a corpus ordered by key.
    public func utterances(corpusId: Int64) throws -> [UtteranceRecord] {
        try access { db in
            try db.query("SELECT \(UtteranceRecord.columns) FROM utterance WHERE corpusId = ? ORDER BY key",
                         [.integer(corpusId)]) { UtteranceRecord(row: $0) }
        }
    }

    /// The utterance with row id `id`, or nil when this database has none (the web page's audio is looked up
    /// this way: by id, never by a path from the request).
    public func utterance(id: Int64) throws -> UtteranceRecord? {
        try access { db in
            try db.query("SELECT \(UtteranceRecord.columns) FROM utterance WHERE id = ?", [.integer(id)]) {
                UtteranceRecord(row: $0)
            }.first
        }
    }

    /// Ids of the utterances of a run that already have a prediction or a failure.
    public func finishedUtteranceIds(runId: Int64, includingFailures: Bool = true) throws -> Set<Int64> {
        try access { db in
            var ids = Set(try db.query("SELECT utteranceId FROM prediction WHERE runId = ?", [.integer(runId)]) {
                $0.int64(0)
            })
            if includingFailures {
                ids.formUnion(try db.query("SELECT utteranceId FROM failure WHERE runId = ?", [.integer(runId)]) {
                    $0.int64(0)
                })
            }
            return ids
        }
    }

    /// The utterances of a run's corpus that have neither a prediction nor a failure, ordered by key.
    public func unfinishedUtterances(runId: Int64) throws -> [UtteranceRecord] {
        try access { db in
            try db.query("""
                SELECT \(prefixed(UtteranceRecord.columns, "u")) FROM utterance u JOIN run r ON r.corpusId = u.corpusId
                WHERE r.id = ?1
                AND NOT EXISTS (SELECT 1 FROM prediction p WHERE p.runId = ?1 AND p.utteranceId = u.id)
                AND NOT EXISTS (SELECT 1 FROM failure f WHERE f.runId = ?1 AND f.utteranceId = u.id)
                ORDER BY u.key
                """, [.integer(runId)]) { UtteranceRecord(row: $0) }
        }
    }

    /// The sessions (invocations) of a run, oldest first.
    public func sessions(runId: Int64) throws -> [RunSessionRecord] {
        try access { db in
            try db.query("SELECT \(RunSessionRecord.columns) FROM runSession WHERE runId = ? ORDER BY id",
                         [.integer(runId)]) { try RunSessionRecord(row: $0) }
        }
    }
}

/// "a, b" → "t.a, t.b".
private func prefixed(_ columns: String, _ table: String) -> String {
    columns.split(separator: ",").map { "\(table).\($0.trimmingCharacters(in: .whitespacesAndNewlines))" }
        .joined(separator: ", ")
}
