// Test helpers: tiny WAV files and text files written into synthetic corpus trees.
import Foundation

/// Builds files below a temporary root for one test.
struct TinyTree {
    let root: URL

    /// Writes `text` at `relativePath`, creating folders.
    func write(_ relativePath: String, _ text: String) throws {
        let url = root.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    /// Writes a minimal 16-bit mono PCM WAV (44-byte header) of `samples` near-zero samples.
    func wav(_ relativePath: String, samples: Int = 320, sampleRate: Int = 16000) throws {
        let url = root.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Self.wavBytes(samples: samples, sampleRate: sampleRate).write(to: url)
    }

    func path(_ relativePath: String) -> String { root.appendingPathComponent(relativePath).path }

    static func wavBytes(samples: Int, sampleRate: Int) -> Data {
        var data = Data()
        func u32(_ v: Int) { withUnsafeBytes(of: UInt32(v).littleEndian) { data.append(contentsOf: $0) } }
        func u16(_ v: Int) { withUnsafeBytes(of: UInt16(v).littleEndian) { data.append(contentsOf: $0) } }
        data.append(contentsOf: Array("RIFF".utf8)); u32(36 + 2 * samples)
        data.append(contentsOf: Array("WAVE".utf8))
        data.append(contentsOf: Array("fmt ".utf8)); u32(16); u16(1); u16(1); u32(sampleRate); u32(2 * sampleRate)
        u16(2); u16(16)
        data.append(contentsOf: Array("data".utf8)); u32(2 * samples)
        for i in 0..<samples { u16(i % 2 == 0 ? 1 : 0xFFFF) }  // ±1 LSB: "zero-ish", not digital silence
        return data
    }
}
