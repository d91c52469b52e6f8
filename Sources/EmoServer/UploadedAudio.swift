// An uploaded audio file: written to the server's private folder under a cleaned name, checked against the
// limits and decoded exactly as `classify` decodes a file. Errors read as the CLI's, without internal paths.
import Foundation
import EmoAudio

/// Why an upload cannot be recognised. `description` is the one line the page shows; it names the file as the
/// user called it and never a path of the server's.
public enum UploadError: Error, CustomStringConvertible, Equatable {
    case empty(name: String)
    case truncated(name: String)
    case tooLarge(name: String, limitBytes: Int)
    case tooLong(name: String, seconds: Double, limitSeconds: Double)
    /// The decoder's own message (`AudioError.description`), with the upload's name as its file.
    case audio(message: String)
    case noModelSelected
    case unknownModel(id: String)
    case unknownRecipe(id: String)

    public var description: String {
        switch self {
        case let .empty(name):
            return "\(name): the upload is empty"
        case let .truncated(name):
            return "\(name): the upload ended before all of its bytes arrived"
        case let .tooLarge(name, limit):
            return "\(name): the upload is larger than the server's limit of \(megabytes(limit)) MB "
                + "(emoeval serve --max-upload-mb)"
        case let .tooLong(name, seconds, limit):
            return "\(name): \(String(format: "%.1f", seconds)) s of audio is longer than the server's limit of "
                + "\(String(format: "%g", limit)) s (emoeval serve --max-duration)"
        case let .audio(message):
            return message
        case .noModelSelected:
            return "select at least one model"
        case let .unknownModel(id):
            return "there is no model '\(id)' on this server"
        case let .unknownRecipe(id):
            return "there is no recipe '\(id)' on this server"
        }
    }
}

private func megabytes(_ bytes: Int) -> String {
    bytes % (1 << 20) == 0 ? "\(bytes >> 20)" : String(format: "%.1f", Double(bytes) / Double(1 << 20))
}

/// A decoded upload: what the model hears, and what the file said about itself.
public struct UploadedAudio: Sendable {
    /// The cleaned file name (also the FunASR key's source).
    public let name: String
    public let waveform: Waveform
    public let info: AudioFileInfo

    /// Decodes `bytes`, the body of an upload called `requestedName`, to mono `targetRate` audio with at
    /// least `minimumSamples` samples and at most `maxSeconds` seconds. The bytes are written to a fresh
    /// folder inside `workDirectory` (removed before returning) because libsndfile reads files.
    public init(bytes: [UInt8], requestedName: String, workDirectory: URL, targetRate: Int, minimumSamples: Int,
                maxSeconds: Double) throws {
        let name = UploadedAudio.cleanName(requestedName)
        guard !bytes.isEmpty else { throw UploadError.empty(name: name) }
        let folder = workDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        // Messages name `folder/name`; the user knows the file as `name`.
        func userFacing(_ error: AudioError) -> UploadError {
            .audio(message: error.description.replacingOccurrences(of: folder.path + "/", with: ""))
        }
        do {
            let info = try readAudioInfo(path: file.path)
            guard info.duration <= maxSeconds else {
                throw UploadError.tooLong(name: name, seconds: info.duration, limitSeconds: maxSeconds)
            }
            let waveform = try loadWaveform(path: file.path, targetRate: targetRate, minimumSamples: minimumSamples)
            self.name = name
            self.info = AudioFileInfo(path: name, format: info.format, subtype: info.subtype,
                                      sampleRate: info.sampleRate, channels: info.channels, frames: info.frames)
            self.waveform = waveform
        } catch let error as AudioError {
            throw userFacing(error)
        }
    }

    /// The last path component of `requested`, with anything but letters, digits, `.`, `-` and `_` replaced by
    /// `_`, no leading dot, at most 100 characters; "upload" when nothing is left.
    public static func cleanName(_ requested: String) -> String {
        let last = requested.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var cleaned = String(last.unicodeScalars.map { scalar -> Character in
            let c = Character(scalar)
            return (scalar.isASCII && (c.isLetter || c.isNumber)) || "._-".contains(c) ? c : "_"
        })
        while cleaned.hasPrefix(".") { cleaned.removeFirst() }
        if cleaned.count > 100 { cleaned = String(cleaned.suffix(100)) }
        return cleaned.isEmpty ? "upload" : cleaned
    }
}
