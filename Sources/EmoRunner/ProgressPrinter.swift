// Progress on stderr: a redrawn bar on a terminal, periodic plain lines otherwise (logs, Slurm output files).
import Foundation

/// Prints `RunProgress` snapshots to stderr, throttled.
public final class ProgressPrinter: @unchecked Sendable {
    // @unchecked: `lastPrint` and `drewBar` are only read or written under `lock`.
    public enum Style: String, Sendable, CaseIterable {
        /// A bar redrawn in place (terminals).
        case bar
        /// One line every `interval` seconds (files, pipes).
        case lines
        /// Nothing.
        case none
    }

    public let style: Style
    private let interval: Double
    private let lock = NSLock()
    private var lastPrint = Date.distantPast
    private var drewBar = false

    /// - Parameter interval: seconds between plain lines (the bar redraws at most 5 times a second).
    public init(style: Style, interval: Double = 10) {
        self.style = style
        self.interval = interval
    }

    /// `.bar` when stderr is a terminal, else `.lines`.
    public static var automaticStyle: Style { isatty(STDERR_FILENO) == 1 ? .bar : .lines }

    /// Shows `progress` if enough time passed since the last print (always shows the final snapshot).
    public func update(_ progress: RunProgress) {
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        let final = progress.done == progress.total
        switch style {
        case .none:
            return
        case .bar:
            guard final || now.timeIntervalSince(lastPrint) >= 0.2 else { return }
            write("\r\u{1B}[K" + Self.barLine(progress))
            drewBar = true
        case .lines:
            guard final || now.timeIntervalSince(lastPrint) >= interval else { return }
            write(Self.plainLine(progress) + "\n")
        }
        lastPrint = now
    }

    /// Ends the bar's line (call once the run is over).
    public func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drewBar { write("\n") }
        drewBar = false
    }

    /// `[#######.............] 120/400  3.2 utt/s  45.1 audio-s/s  ETA 1:27  0 failed`.
    public static func barLine(_ p: RunProgress, width: Int = 24) -> String {
        let fraction = p.total > 0 ? Double(p.done) / Double(p.total) : 1
        let filled = min(width, Int((fraction * Double(width)).rounded(.down)))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        return "\(p.modelVariant) [\(bar)] " + figures(p)
    }

    /// `emotion2vec_plus_base: 120/400 (30.0%)  3.2 utt/s  45.1 audio-s/s  ETA 1:27  0 failed`.
    public static func plainLine(_ p: RunProgress) -> String {
        let percent = p.total > 0 ? 100 * Double(p.done) / Double(p.total) : 100
        return "\(p.modelVariant): " + figures(p).replacingOccurrences(
            of: "\(p.done)/\(p.total)", with: "\(p.done)/\(p.total) (\(String(format: "%.1f", percent))%)")
    }

    private static func figures(_ p: RunProgress) -> String {
        let eta = p.estimatedSecondsLeft.map(clock) ?? "--:--"
        return "\(p.done)/\(p.total)  " + String(format: "%.1f utt/s  %.1f audio-s/s", p.utterancesPerSecond,
                                                   p.audioSecondsPerSecond)
            + "  ETA \(eta)  \(p.failed) failed"
    }

    /// "m:ss" or "h:mm:ss".
    public static func clock(_ seconds: Double) -> String {
        guard seconds.isFinite, abs(seconds) < 1e12 else { return "--:--" }
        let total = Int(seconds.rounded())
        let (h, m, s) = (total / 3600, total / 60 % 60, total % 60)
        let two = { (v: Int) in v < 10 ? "0\(v)" : "\(v)" }
        return h > 0 ? "\(h):\(two(m)):\(two(s))" : "\(m):\(two(s))"
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
