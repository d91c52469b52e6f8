// Helpers for the hostile-input CLI tests: a bounded run of the binary (a hang is a result, not a stuck
// suite), throw-away data directories and recipes, FIFOs.
import Foundation
import EmoTestSupport

/// One bounded `emoeval` invocation.
struct BoundedResult {
    let status: Int32
    let stdout: String
    let stderr: String
    /// The process was still running at the deadline and was killed.
    let timedOut: Bool
    /// Killed by a signal (a Swift runtime trap shows as SIGILL / SIGTRAP).
    let crashed: Bool
}

/// Runs `emoeval` with `arguments`; kills it after `timeout` seconds.
func runBounded(_ arguments: [String], in directory: URL? = nil, timeout: Double = 20) throws -> BoundedResult {
    let process = Process()
    process.executableURL = Emoeval.binary
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    let outData = Collected(), errData = Collected()
    out.fileHandleForReading.readabilityHandler = { outData.append($0.availableData) }
    err.fileHandleForReading.readabilityHandler = { errData.append($0.availableData) }
    try process.run()
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
    let timedOut = process.isRunning
    if timedOut { kill(process.processIdentifier, SIGKILL) }
    process.waitUntilExit()
    out.fileHandleForReading.readabilityHandler = nil
    err.fileHandleForReading.readabilityHandler = nil
    outData.append(out.fileHandleForReading.readDataToEndOfFile())
    errData.append(err.fileHandleForReading.readDataToEndOfFile())
    return BoundedResult(status: process.terminationStatus, stdout: outData.text, stderr: errData.text,
                         timedOut: timedOut, crashed: process.terminationReason == .uncaughtSignal)
}

final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func append(_ more: Data) { lock.lock(); data.append(more); lock.unlock() }
    var text: String { lock.lock(); defer { lock.unlock() }; return String(decoding: data, as: UTF8.self) }
}

/// A temporary folder with a data directory `data/` and a recipe `r.yaml` over it.
struct HostileCorpus {
    let directory: URL
    var data: URL { directory.appendingPathComponent("data") }
    var recipe: String { directory.appendingPathComponent("r.yaml").path }

    /// `files`: data-directory file name → text. The recipe has labels neu, hap.
    init(_ files: [String: String], recipe: String? = nil) throws {
        directory = try Fixture.temporaryDirectory("emoeval-hostile")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: data.appendingPathComponent(name)) }
        try Data((recipe ?? Self.recipeText).utf8).write(to: URL(fileURLWithPath: self.recipe))
    }

    static let recipeText = "name: hostile\ndata: data\nlabels: [neu, hap]\n"

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func remove() { try? FileManager.default.removeItem(at: directory) }
}

/// Creates a FIFO at `path`.
func makeFIFO(_ path: String) throws {
    guard mkfifo(path, 0o644) == 0 else {
        throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
    }
}

/// Whether `path` is a FIFO (not following a symlink).
func isFIFO(_ path: String) -> Bool {
    var info = stat()
    return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO
}
