// What `emoeval serve` was asked to do: address, limits, and the models, database and recipes it opens.

/// The settings of one server, decoded from the command line (values, no file access).
public struct ServerSettings: Sendable, Equatable {
    /// Interface to bind: "127.0.0.1" (default, loopback only) or e.g. "0.0.0.0".
    public var host: String
    /// TCP port; 0 asks the system for a free one (tests).
    public var port: Int
    /// Largest accepted upload body, bytes.
    public var maxUploadBytes: Int
    /// Longest accepted upload, seconds of audio.
    public var maxAudioSeconds: Double
    /// Inferences allowed to run at once (the rest queue): one per core by default.
    public var inferenceSlots: Int

    public static let defaultPort = 8770
    public static let defaultMaxUploadMegabytes = 50
    public static let defaultMaxAudioSeconds: Double = 600

    public init(host: String = "127.0.0.1", port: Int = ServerSettings.defaultPort,
                maxUploadBytes: Int = ServerSettings.defaultMaxUploadMegabytes << 20,
                maxAudioSeconds: Double = ServerSettings.defaultMaxAudioSeconds,
                inferenceSlots: Int) {
        self.host = host
        self.port = port
        self.maxUploadBytes = maxUploadBytes
        self.maxAudioSeconds = maxAudioSeconds
        self.inferenceSlots = inferenceSlots
    }

    /// The start-up warning for an address other machines can reach; nil on loopback.
    public func exposureWarning(port: Int) -> String? {
        guard !isLoopbackOnly else { return nil }
        return "warning: listening on \(host): anyone who can reach this machine on port \(port) can use the page, "
            + "run the models and hear the database's audio (there is no login)"
    }

    /// Whether the address accepts connections from other machines.
    public var isLoopbackOnly: Bool {
        host == "127.0.0.1" || host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
