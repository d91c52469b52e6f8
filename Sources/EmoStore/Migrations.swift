// The schema, as an ordered list of named migrations. A shipped migration is never edited; append new ones.
//
// Naming convention: singular camelCase tables and camelCase columns matching the record properties
// (GRDB's recommendation). Float vectors are little-endian Float32 blobs; label lists and options are JSON.

/// One schema step: applied once, in order, inside a transaction, and recorded in `migration`.
struct Migration: Sendable {
    let name: String
    let sql: String
}

enum Migrations {
    static let all: [Migration] = [
        Migration(name: "v1-initial", sql: """
        CREATE TABLE model (
            id INTEGER PRIMARY KEY,
            family TEXT NOT NULL,
            variant TEXT NOT NULL,
            directory TEXT NOT NULL,
            checkpointSHA256 TEXT NOT NULL,
            labels TEXT NOT NULL,             -- JSON array, score order
            rawLabels TEXT NOT NULL,          -- JSON array, as in the model's files
            embeddingDim INTEGER NOT NULL,
            config TEXT,                      -- the model's config file text, when found
            UNIQUE (checkpointSHA256, family, variant)
        );
        CREATE TABLE corpus (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            recipePath TEXT NOT NULL,
            recipeSHA256 TEXT NOT NULL,
            audioSetSHA256 TEXT NOT NULL,     -- over (utterance key, audio file name, segment), sorted by key
            labels TEXT NOT NULL,             -- JSON array: the recipe's label set
            UNIQUE (name, audioSetSHA256)
        );
        CREATE TABLE utterance (
            id INTEGER PRIMARY KEY,
            corpusId INTEGER NOT NULL REFERENCES corpus(id) ON DELETE CASCADE,
            key TEXT NOT NULL,                -- the corpus's utterance id
            audioPath TEXT NOT NULL,
            segmentStart REAL,
            segmentEnd REAL,
            label TEXT,
            rawLabel TEXT,
            speaker TEXT,
            fold TEXT,
            duration REAL,                    -- seconds; NULL when the header could not be read
            UNIQUE (corpusId, key)
        );
        CREATE TABLE run (
            id INTEGER PRIMARY KEY,
            identity TEXT NOT NULL UNIQUE,    -- sha256 of (audio set, checkpoint sha256, options)
            corpusId INTEGER NOT NULL REFERENCES corpus(id),
            modelId INTEGER NOT NULL REFERENCES model(id),
            options TEXT NOT NULL,            -- JSON RunOptions
            createdAt TEXT NOT NULL,
            status TEXT NOT NULL
        );
        CREATE TABLE runSession (
            id INTEGER PRIMARY KEY,
            runId INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            startedAt TEXT NOT NULL,
            finishedAt TEXT,
            status TEXT NOT NULL,
            toolkitVersion TEXT NOT NULL,
            host TEXT NOT NULL,
            blasCore TEXT,
            blasThreads INTEGER,
            jobs INTEGER NOT NULL,
            shard TEXT,                       -- "K/N" or NULL
            command TEXT NOT NULL,
            predicted INTEGER NOT NULL DEFAULT 0,
            failed INTEGER NOT NULL DEFAULT 0,
            audioSeconds REAL NOT NULL DEFAULT 0
        );
        CREATE TABLE prediction (
            id INTEGER PRIMARY KEY,
            runId INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            utteranceId INTEGER NOT NULL REFERENCES utterance(id),
            scores BLOB NOT NULL,             -- Float32 LE, model label order
            topLabel TEXT,                    -- NULL for an embedding-only model
            topScore REAL,
            embedding BLOB,                   -- Float32 LE, with --embeddings
            frames BLOB,                      -- Float32 LE (frameCount x frameDim), with --frames
            frameCount INTEGER,
            frameDim INTEGER,
            audioSeconds REAL NOT NULL,
            decodeSeconds REAL NOT NULL,      -- decode + down-mix + resample
            inferenceSeconds REAL NOT NULL,   -- model forward pass
            sessionId INTEGER REFERENCES runSession(id) ON DELETE SET NULL,
            UNIQUE (runId, utteranceId)
        );
        CREATE TABLE failure (
            id INTEGER PRIMARY KEY,
            runId INTEGER NOT NULL REFERENCES run(id) ON DELETE CASCADE,
            utteranceId INTEGER NOT NULL REFERENCES utterance(id),
            kind TEXT NOT NULL,
            message TEXT NOT NULL,
            sessionId INTEGER REFERENCES runSession(id) ON DELETE SET NULL,
            UNIQUE (runId, utteranceId)
        );
        CREATE TABLE checkpointHash (
            path TEXT NOT NULL,
            size INTEGER NOT NULL,
            modificationTime REAL NOT NULL,
            sha256 TEXT NOT NULL,
            PRIMARY KEY (path, size, modificationTime)
        );
        CREATE INDEX prediction_utterance ON prediction(utteranceId);
        CREATE INDEX failure_utterance ON failure(utteranceId);
        CREATE INDEX runSession_run ON runSession(runId);
        """),
        // Where a session ran on a cluster: the Slurm job (the array's job id for an array task), the array
        // task id and the node. NULL outside Slurm and in databases written before this migration.
        Migration(name: "v2-slurm-provenance", sql: """
        ALTER TABLE runSession ADD COLUMN slurmJobId TEXT;
        ALTER TABLE runSession ADD COLUMN slurmArrayTaskId INTEGER;
        ALTER TABLE runSession ADD COLUMN slurmNode TEXT;
        """),
        // The channel a run decoded for the utterance (utt2channel, 1-based); NULL = the mean of the channels,
        // which is also what every utterance stored before this migration was decoded with.
        Migration(name: "v3-utterance-channel", sql: """
        ALTER TABLE utterance ADD COLUMN channel INTEGER;
        """),
    ]
}
