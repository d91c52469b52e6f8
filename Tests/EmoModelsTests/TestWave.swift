// Reads the 16 kHz PCM16 fixture WAVs for the parity tests (plain 44-byte RIFF header, int16 / 32768 as
// soundfile does). Resampled and FLAC inputs go through EmoAudio's loadWaveform instead.
import Foundation

enum TestWave {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Mono PCM16 samples of a canonical WAV file, as Float in [-1, 1).
    static func pcm16Mono(_ path: String) throws -> [Float] {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        func u16(_ i: Int) -> Int { Int(bytes[i]) | Int(bytes[i + 1]) << 8 }
        func u32(_ i: Int) -> Int { u16(i) | u16(i + 2) << 16 }
        guard bytes.count >= 44, String(decoding: bytes[0..<4], as: UTF8.self) == "RIFF",
              u16(20) == 1, u16(22) == 1, u16(34) == 16,
              String(decoding: bytes[36..<40], as: UTF8.self) == "data" else {
            throw Failure(description: "\(path): not a canonical mono PCM16 WAV")
        }
        let count = min(u32(40), bytes.count - 44) / 2
        return (0..<count).map { Float(Int16(bitPattern: UInt16(u16(44 + 2 * $0)))) / 32768 }
    }
}
