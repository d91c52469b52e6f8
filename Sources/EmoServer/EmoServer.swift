// `emoeval serve`: the HTTP server. It holds the loaded models, the opened database and recipes, and answers
// the page's requests (EmoServer+Try.swift, EmoServer+Browse.swift); the computing is done by the modules.
import Foundation
import EmoCorpus
import EmoKernels
import Hummingbird
import Logging

/// The server of one `emoeval serve` invocation.
public struct EmoServer: Sendable {
    public let settings: ServerSettings
    public let catalog: ModelCatalog
    public let recipes: [Recipe]
    public let database: ResultDatabase?
    let assets: PageAssets
    let slots: InferenceSlots
    let recent = RecentResults()
    /// Private folder (mode 0700) for uploads being decoded; removed by `run`.
    let workDirectory: URL
    let logger: Logger

    public init(settings: ServerSettings, catalog: ModelCatalog, recipes: [Recipe], database: ResultDatabase?,
                logLevel: Logger.Level = .warning) throws {
        self.settings = settings
        self.catalog = catalog
        self.recipes = recipes
        self.database = database
        assets = try PageAssets()
        slots = InferenceSlots(capacity: settings.inferenceSlots)
        workDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("emoeval-serve-\(UUID().uuidString.lowercased())")
        try FileManager.default.createDirectory(at: workDirectory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        var logger = Logger(label: "emoeval.serve")
        logger.logLevel = logLevel
        self.logger = logger
    }

    /// The router: fixed routes only (no catch-all, nothing mapped to the file system).
    func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: SecurityMiddleware(logger: logger))
        addPageRoutes(to: router)
        addTryRoutes(to: router)
        addBrowseRoutes(to: router)
        return router
    }

    /// Serves until SIGINT or SIGTERM, then stops accepting, finishes the requests in flight and returns.
    /// `onRunning` receives the bound port (useful with port 0).
    public func run(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        // One inference per slot, each single-threaded (InferenceSlots runs its work in BlasThreads.using(1)): the
        // numbers `classify` prints, and no oversubscription. No process-wide BlasThreads.set here: it would block
        // a cooperative thread until every running `using` body of the process had finished.
        defer { try? FileManager.default.removeItem(at: workDirectory) }
        let app = Application(
            router: makeRouter(),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: nil),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
        try await app.runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }

    private func addPageRoutes(to router: Router<BasicRequestContext>) {
        router.get("/") { _, _ in try self.assetResponse("index.html") }
        router.get("/static/:name") { _, context in
            try self.assetResponse(context.parameters.get("name") ?? "")
        }
    }

    private func assetResponse(_ name: String) throws -> Response {
        guard let asset = assets.asset(named: name) else { throw APIError.notFound("no such page file") }
        var response = bytesResponse(asset.bytes, contentType: asset.contentType)
        response.headers[.cacheControl] = "no-cache"
        return response
    }
}
