// Locates test fixtures (Tests/Fixtures) and the built `emoeval` binary from any test target.
import Foundation

/// Paths into `Tests/Fixtures`, found from this file's location so no resource copying is needed.
public enum Fixture {
    /// `Tests/Fixtures`.
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()   // EmoTestSupport
        .deletingLastPathComponent()   // Tests
        .appendingPathComponent("Fixtures")

    /// A file or directory below `Tests/Fixtures`, e.g. `Fixture.url("audio/n400.wav")`.
    public static func url(_ relativePath: String) -> URL {
        root.appendingPathComponent(relativePath)
    }

    /// Filesystem path of a fixture.
    public static func path(_ relativePath: String) -> String {
        url(relativePath).path
    }

    /// The package root (the folder holding Package.swift).
    public static let packageRoot: URL = root.deletingLastPathComponent().deletingLastPathComponent()
}
