// "Browse results": the database's runs, one run's figures and utterances, two runs' disagreements, and the
// audio of an utterance the database references.
import Foundation
import EmoAudio
import EmoCorpus
import EmoEvaluation
import EmoMetrics
import EmoReport
import EmoStore
import Hummingbird

/// A run as the runs table lists it.
struct RunListing: Encodable {
    var id: Int64
    var variant: String
    var family: String
    var sha256Prefix: String
    var corpus: String
    var status: String
    var utterances: Int
    var predicted: Int
    var failed: Int
    var audioSeconds: Double
    var wallSeconds: Double
    /// The recipe (index into the server's recipes) named like the run's corpus, if one was given.
    var recipe: Int?
    /// Whether the model has labels (runs of embedding-only models have no figures).
    var scored: Bool
}

/// One run as the page shows it.
struct RunView: Encodable {
    var run: Int64
    var variant: String
    var family: String
    var corpus: String
    var recipe: String
    var status: String
    var policy: String
    var policyExplanation: String
    /// The recipe's labels (confusion rows).
    var labels: [String]
    /// Confusion columns: the labels, plus "other" under the full policy.
    var columns: [String]
    /// The model's own labels (order of each utterance's scores).
    var modelLabels: [String]
    var failed: Int
    var metrics: RunMetrics
    var utterances: [DecodedPrediction]
}

/// Two runs' disagreements as the page shows them.
struct ComparisonView: Encodable {
    var first: Int64
    var firstVariant: String
    var second: Int64
    var secondVariant: String
    var recipe: String
    var labels: [String]
    var disagreements: Disagreements
}

extension EmoServer {
    func addBrowseRoutes(to router: Router<BasicRequestContext>) {
        router.get("/api/runs") { _, _ in try jsonResponse(try self.runListings()) }
        router.get("/api/runs/:run") { request, context in
            try await self.runView(context.parameters.get("run") ?? "", recipe: request.uri.queryParameters.get("recipe"))
        }
        router.get("/api/compare") { request, _ in
            let query = request.uri.queryParameters
            return try await self.comparison(query.get("a") ?? "", query.get("b") ?? "", recipe: query.get("recipe"))
        }
        router.get("/api/audio/:utterance") { _, context in
            try await self.utteranceAudio(context.parameters.get("utterance") ?? "")
        }
    }

    func openDatabase() throws -> ResultDatabase {
        guard let database else {
            throw APIError.notFound("no result database is open (start emoeval serve with --db PATH)")
        }
        return database
    }

    func runListings() throws -> [RunListing] {
        let database = try openDatabase()
        return try database.store.runOverviews().map { o in
            RunListing(id: o.run.id, variant: o.displayVariant, family: o.model.family,
                       sha256Prefix: String(o.model.checkpointSHA256.prefix(12)), corpus: o.corpus.name,
                       status: o.run.status.rawValue, utterances: o.utteranceCount, predicted: o.predicted,
                       failed: o.failed, audioSeconds: o.audioSeconds, wallSeconds: o.wallSeconds,
                       recipe: recipes.firstIndex { $0.name == o.corpus.name }, scored: !o.model.labels.isEmpty)
        }
    }

    /// The run with id `text` of the open database, and the recipe to read it with: the one chosen (`recipeText`,
    /// an index), else the one named like the run's corpus.
    func runAndRecipe(_ text: String, recipe recipeText: String?) throws -> (RunOverview, Recipe, EvalStore) {
        let database = try openDatabase()
        guard let id = Int64(text), id > 0 else { throw APIError.badRequest("a run id is a positive integer") }
        guard let overview = try database.store.runOverviews().first(where: { $0.run.id == id }) else {
            throw APIError.notFound("\(database.displayName) has no run \(id)")
        }
        let recipe: Recipe
        if let recipeText {
            guard let index = Int(recipeText), recipes.indices.contains(index) else {
                throw UploadError.unknownRecipe(id: recipeText)
            }
            recipe = recipes[index]
        } else if let named = recipes.first(where: { $0.name == overview.corpus.name }) {
            recipe = named
        } else {
            throw APIError.notFound("no recipe for corpus '\(overview.corpus.name)' was given "
                                    + "(start emoeval serve with --recipe RECIPE.yaml)")
        }
        guard !overview.model.labels.isEmpty else {
            throw APIError.badRequest("run \(id) (\(overview.model.variant)) has no scores: the model has no classifier head")
        }
        return (overview, recipe, database.store)
    }

    /// GET /api/runs/ID[?recipe=K]: the run's figures as `report` computes them (metrics with bootstrap
    /// intervals, per fold, confusion matrix) and every scored utterance, decoded under the recipe.
    func runView(_ text: String, recipe recipeText: String?) async throws -> Response {
        let (overview, recipe, store) = try runAndRecipe(text, recipe: recipeText)
        let name = database?.displayName ?? ""
        let view = try await slots.run { () throws -> RunView in
            do {
                let evaluation = try StoredEvaluation(recipe: recipe, store: store, databaseName: name,
                                                      selection: EvaluationSelection(runs: [overview.run.id]))
                // A model that predicts only dimensions has no categorical section under the recipe.
                guard let section = evaluation.sections.first else {
                    throw APIError(.unprocessableContent, "run \(overview.run.id) (\(overview.model.variant)) has no "
                                   + "categorical results under recipe '\(recipe.name)'; see emoeval report for its dimensions")
                }
                let decoder = try recipe.labelDecoder(family: overview.model.family, modelLabels: overview.model.labels)
                return RunView(run: overview.run.id, variant: overview.displayVariant,
                               family: overview.model.family, corpus: overview.corpus.name, recipe: recipe.name,
                               status: section.status, policy: section.policy.rawValue,
                               policyExplanation: section.policy.explanation, labels: recipe.labels,
                               columns: section.metrics.confusion.columnLabels, modelLabels: overview.model.labels,
                               failed: section.failures.total, metrics: section.metrics,
                               utterances: try decodedPredictions(of: overview, store: store, recipe: recipe,
                                                                  decoder: decoder))
            } catch let error as EvaluationError {
                throw APIError(.unprocessableContent, "\(error)")
            }
        }
        return try jsonResponse(view)
    }

    /// GET /api/compare?a=ID&b=ID[&recipe=K]: where two runs decide differently.
    func comparison(_ first: String, _ second: String, recipe recipeText: String?) async throws -> Response {
        let (a, recipe, store) = try runAndRecipe(first, recipe: recipeText)
        let (b, _, _) = try runAndRecipe(second, recipe: recipeText)
        let view = try await slots.run { () throws -> ComparisonView in
            do {
                func decoded(_ o: RunOverview) throws -> [DecodedPrediction] {
                    try decodedPredictions(of: o, store: store, recipe: recipe,
                                           decoder: try recipe.labelDecoder(family: o.model.family,
                                                                            modelLabels: o.model.labels))
                }
                let first = try decoded(a), second = try decoded(b)
                return ComparisonView(first: a.run.id, firstVariant: a.displayVariant, second: b.run.id,
                                      secondVariant: b.displayVariant, recipe: recipe.name, labels: recipe.labels,
                                      disagreements: Disagreements(first: first, second: second))
            } catch let error as EvaluationError {
                throw APIError(.unprocessableContent, "\(error)")
            } catch let error as MetricsError {
                throw APIError(.unprocessableContent, "\(error)")
            }
        }
        return try jsonResponse(view)
    }

    /// GET /api/audio/ID: the utterance with row id ID of the open database, as the model heard it (its
    /// segment cut, mono, 16 kHz) in a float WAV. The id is the only input; its path comes from the database.
    func utteranceAudio(_ text: String) async throws -> Response {
        guard let id = Int64(text), id > 0 else { throw APIError.badRequest("an utterance id is a positive integer") }
        let database = try openDatabase()
        guard let utterance = try database.store.utterance(id: id) else {
            throw APIError.notFound("utterance \(id) is not in \(database.displayName)")
        }
        let segment = zip(utterance.segmentStart, utterance.segmentEnd).map { AudioSegment(start: $0, end: $1) }
        let logger = self.logger
        let bytes = try await slots.run { () throws -> [UInt8] in
            do {
                let channel = utterance.channel.map { ChannelSelection.index($0) } ?? .mean
                return try loadWaveform(path: utterance.audioPath, segment: segment, channel: channel,
                                        minimumSamples: 1).wavFileBytes()
            } catch {
                logger.warning("audio of utterance \(id) (\(utterance.key)): \(error)")
                throw APIError.notFound("the audio of utterance '\(utterance.key)' cannot be read on the server "
                                        + "(see the server's log)")
            }
        }
        var response = bytesResponse(bytes, contentType: "audio/wav")
        response.headers[.cacheControl] = "private, max-age=3600"
        return response
    }
}

/// Both values or nil.
private func zip<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}

extension RunOverview {
    /// The model variant as the page names the run: "(int8)" after a non-fp32 run's variant, as `report` does.
    var displayVariant: String { model.variant + (run.options.precisionLabel.map { " (\($0))" } ?? "") }
}
