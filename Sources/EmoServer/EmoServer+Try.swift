// "Try a model": the models and limits, recognising an upload, and an embedding as .npy.
import Foundation
import EmoCorpus
import EmoKernels
import Hummingbird
import NIOCore

/// What the page needs to draw itself.
struct ServerStatus: Encodable {
    struct RecipeStatus: Encodable {
        var id: Int
        var name: String
        var labels: [String]
    }
    var models: [ModelStatus]
    var recipes: [RecipeStatus]
    /// The database's file name, nil without --db.
    var database: String?
    var maxUploadBytes: Int
    var maxAudioSeconds: Double
    var inferenceSlots: Int
}

extension EmoServer {
    func addTryRoutes(to router: Router<BasicRequestContext>) {
        router.get("/api/status") { _, _ in try jsonResponse(self.status) }
        router.post("/api/recognise") { request, _ in try await self.recognise(request) }
        router.get("/api/results/:result/models/:model/embedding.npy") { _, context in
            let result = context.parameters.get("result") ?? ""
            guard let model = context.parameters.get("model", as: Int.self),
                  let embedding = await self.recent.embedding(result: result, model: model) else {
                throw APIError.notFound("no such result (the server keeps the last few only)")
            }
            let name = downloadName(self.catalog.model(model)?.identity.variant ?? "model")
            return bytesResponse(Array(npyData(Tensor(shape: [embedding.count], data: embedding))),
                                 contentType: "application/octet-stream", fileName: "\(name).embedding.npy")
        }
    }

    var status: ServerStatus {
        ServerStatus(models: catalog.models.map(\.status),
                     recipes: recipes.enumerated().map { .init(id: $0, name: $1.name, labels: $1.labels) },
                     database: database?.displayName, maxUploadBytes: settings.maxUploadBytes,
                     maxAudioSeconds: settings.maxAudioSeconds, inferenceSlots: slots.capacity)
    }

    /// POST /api/recognise?models=0,1[&recipe=0][&name=clip.wav] with the audio file as the body.
    func recognise(_ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        let name = UploadedAudio.cleanName(query.get("name") ?? "upload")
        let selected = try selectedModels(query.get("models") ?? "")
        let recipe = try query.get("recipe").map { text -> Recipe in
            guard let id = Int(text), recipes.indices.contains(id) else { throw UploadError.unknownRecipe(id: text) }
            return recipes[id]
        }
        // Refuse an announced oversize body before reading it; a body without a length is cut at the limit.
        if let length = request.headers[.contentLength].flatMap(Int.init), length > settings.maxUploadBytes {
            throw APIError(.contentTooLarge, UploadError.tooLarge(name: name, limitBytes: settings.maxUploadBytes).description)
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: settings.maxUploadBytes)
        } catch is NIOTooManyBytesError {
            throw APIError(.contentTooLarge, UploadError.tooLarge(name: name, limitBytes: settings.maxUploadBytes).description)
        } catch {
            // The client stopped sending before the announced end (the connection may still take the answer).
            throw APIError(.badRequest, UploadError.truncated(name: name).description)
        }
        let bytes = Array(body.readableBytesView)
        let settings = self.settings, workDirectory = self.workDirectory
        let minimum = selected.map(\.model.minimumSamples).max() ?? 400
        let rate = selected[0].model.sampleRate   // 16 kHz for every supported family
        let outcome = try await slots.run { () throws -> (InputSummary, [(ModelResult, [Float])]) in
            let audio = try UploadedAudio(bytes: bytes, requestedName: name, workDirectory: workDirectory,
                                          targetRate: rate, minimumSamples: minimum,
                                          maxSeconds: settings.maxAudioSeconds)
            let input = InputSummary(name: audio.name, format: audio.info.format, subtype: audio.info.subtype,
                                     sampleRate: audio.info.sampleRate, channels: audio.info.channels,
                                     seconds: audio.waveform.duration)
            let results = try selected.map { served in
                do {
                    return try served.recognise(audio, recipe: recipe)
                } catch {
                    // As `classify` prints a file's failure: the file, then the reason.
                    let text = "\(error)"
                    throw UploadError.audio(message: text.hasPrefix(audio.name) ? text : "\(audio.name): \(text)")
                }
            }
            return (input, results)
        }
        var embeddings: [Int: [Float]] = [:]
        for (result, embedding) in outcome.1 where result.offersEmbedding { embeddings[result.model] = embedding }
        let id = await recent.add(embeddings)
        return try jsonResponse(Recognition(id: id, input: outcome.0, results: outcome.1.map(\.0)))
    }

    /// The models named by "0,2"; every id must exist and at least one be given.
    private func selectedModels(_ list: String) throws -> [ServedModel] {
        let ids = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !ids.isEmpty else { throw UploadError.noModelSelected }
        return try ids.map { text in
            guard let id = Int(text), let model = catalog.model(id) else { throw UploadError.unknownModel(id: text) }
            return model
        }
    }
}

/// `text` with anything but letters, digits, `.`, `-`, `_` replaced, for a download's file name.
func downloadName(_ text: String) -> String {
    UploadedAudio.cleanName(text)
}
