// `--jobs` whose default is this machine's core count.
import ArgumentParser
import Foundation

/// A worker count given as `--jobs N`, defaulting to the core count. Help prints the default as words
/// ("the core count"), not as this machine's number, so `--help` reads the same on every machine (the
/// golden help texts in Tests/Fixtures/help depend on that).
struct JobCount: ExpressibleByArgument, Sendable {
    let value: Int

    init(_ value: Int) { self.value = value }

    init?(argument: String) {
        guard let n = Int(argument) else { return nil }
        value = n
    }

    /// One worker per core.
    static var cores: JobCount { JobCount(ProcessInfo.processInfo.activeProcessorCount) }

    var defaultValueDescription: String { "the core count" }
}
