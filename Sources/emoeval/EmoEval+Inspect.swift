// `emoeval inspect PATH`: the tensors of a checkpoint file, or the files, family and tensors of a model directory.
import ArgumentParser
import EmoCheckpoint
import EmoModels
import Foundation

extension EmoEval {
    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "inspect",
            abstract: "List the tensors of a checkpoint file, or the files, family and tensors of a model directory.",
            discussion: """
            PATH is a torch checkpoint (.pt, .ckpt), a .safetensors file, or a released model directory \
            (emotion2vec / emotion2vec+ from FunASR, SpeechBrain wav2vec2-IEMOCAP). Wrapped state dicts \
            (state_dict / model_state_dict / model) are unwrapped and a leading 'module.' removed, as the \
            models see them.
            """
        )

        @Argument(help: "Checkpoint file or model directory.")
        var path: String

        @Flag(help: "Print one JSON object (tensors as a list of {name, dtype, shape, bytes}).")
        var json = false

        @Flag(help: .hidden)
        var timing = false

        func run() throws {
            let start = Date()
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ValidationError("\(path): no such file or directory")
            }
            let directory = isDirectory.boolValue ? try detectModelDirectory(path) : nil
            let files = directory?.checkpoints ?? [path]
            let checkpoints = try files.map { try loadCheckpoint(path: $0) }
            if timing {
                // Open + bind every tensor as Float32 (what a model does at load time).
                var zeroCopy = 0, total = 0
                for checkpoint in checkpoints {
                    for tensor in checkpoint.orderedTensors {
                        if try tensor.float32().isZeroCopy { zeroCopy += 1 }
                        total += 1
                    }
                }
                let seconds = Date().timeIntervalSince(start)
                FileHandle.standardError.write(Data(String(format: "open + bind %d tensors (%d zero-copy): %.3f s\n",
                                                           total, zeroCopy, seconds).utf8))
                let hashStart = Date()
                for file in files { _ = try sha256Hex(ofFile: file) }
                FileHandle.standardError.write(Data(String(format: "sha256 of %d file(s): %.3f s\n", files.count,
                                                           Date().timeIntervalSince(hashStart)).utf8))
            }
            let report = InspectReport(path: path, directory: directory, checkpoints: checkpoints)
            print(json ? try report.json() : report.text())
        }
    }
}

/// What `inspect` prints, as plain values.
struct InspectReport: Encodable {
    struct Tensor: Encodable {
        let name: String
        let dtype: String
        let shape: [Int]
        let bytes: Int
    }

    struct File: Encodable {
        let role: String
        let path: String
    }

    struct CheckpointInfo: Encodable {
        let path: String
        let format: String
        let fileSize: Int
        let stateDictKey: String?
        let strippedModulePrefix: Bool
        let ignoredEntries: [String]
        let tensorCount: Int
        let parameters: Int
        let bytes: Int
        /// The same tensors as the top-level list (kept per file for the text table).
        let tensors: [Tensor]

        enum CodingKeys: String, CodingKey {
            case path, format, fileSize, stateDictKey, strippedModulePrefix, ignoredEntries, tensorCount
            case parameters, bytes
        }
    }

    let path: String
    let kind: String
    let family: String?
    let files: [File]?
    let checkpoints: [CheckpointInfo]
    let tensors: [Tensor]
    let tensorCount: Int
    let parameters: Int
    let bytes: Int

    init(path: String, directory: ModelDirectory?, checkpoints: [Checkpoint]) {
        self.path = path
        kind = directory == nil ? "file" : "directory"
        family = directory?.family.rawValue
        files = directory?.files.map { File(role: $0.role, path: $0.path) }
        self.checkpoints = checkpoints.map { checkpoint in
            let tensors = checkpoint.orderedTensors
            let listed = tensors.map {
                Tensor(name: $0.name, dtype: $0.dtype.rawValue, shape: $0.shape, bytes: $0.byteCount)
            }
            return CheckpointInfo(path: checkpoint.path, format: checkpoint.format.rawValue,
                                  fileSize: checkpoint.fileSize, stateDictKey: checkpoint.stateDictKey,
                                  strippedModulePrefix: checkpoint.strippedModulePrefix,
                                  ignoredEntries: checkpoint.ignoredEntries, tensorCount: tensors.count,
                                  parameters: tensors.reduce(0) { $0 + $1.elementCount },
                                  bytes: tensors.reduce(0) { $0 + $1.byteCount }, tensors: listed)
        }
        tensors = self.checkpoints.flatMap(\.tensors)
        tensorCount = tensors.count
        parameters = self.checkpoints.reduce(0) { $0 + $1.parameters }
        bytes = self.checkpoints.reduce(0) { $0 + $1.bytes }
    }

    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    func text() -> String {
        var lines: [String] = []
        if let family, let files {
            lines.append("model directory: \(path)")
            lines.append("family: \(family)")
            lines.append("files:")
            let width = files.map(\.role.count).max() ?? 0
            for file in files { lines.append("  \(file.role.padding(width)) \(file.path)") }
            lines.append("")
        }
        for checkpoint in checkpoints {
            var location = checkpoint.stateDictKey.map { "state dict under '\($0)'" } ?? "bare state dict"
            if checkpoint.strippedModulePrefix { location += ", 'module.' removed" }
            lines.append("\(checkpoint.path): \(checkpoint.format), \(grouped(checkpoint.fileSize)) bytes, \(location)")
            if !checkpoint.ignoredEntries.isEmpty {
                lines.append("ignored entries: \(checkpoint.ignoredEntries.joined(separator: ", "))")
            }
            lines.append(contentsOf: table(checkpoint.tensors))
            lines.append("\(grouped(checkpoint.tensorCount)) tensors, \(grouped(checkpoint.parameters)) parameters, "
                + "\(grouped(checkpoint.bytes)) bytes")
            lines.append("")
        }
        if checkpoints.count > 1 {
            lines.append("total: \(grouped(tensorCount)) tensors, \(grouped(parameters)) parameters, "
                + "\(grouped(bytes)) bytes")
        }
        return lines.joined(separator: "\n").trimmingCharacters(in: .newlines)
    }

    private func table(_ tensors: [Tensor]) -> [String] {
        let nameWidth = max(4, tensors.map(\.name.count).max() ?? 0)
        let shapes = tensors.map { "[" + $0.shape.map(String.init).joined(separator: ", ") + "]" }
        let shapeWidth = max(5, shapes.map(\.count).max() ?? 0)
        var lines = ["\("name".padding(nameWidth))  \("dtype".padding(8))  \("shape".padding(shapeWidth))  bytes"]
        for (tensor, shape) in zip(tensors, shapes) {
            lines.append("\(tensor.name.padding(nameWidth))  \(tensor.dtype.padding(8))  \(shape.padding(shapeWidth))  "
                + grouped(tensor.bytes))
        }
        return lines
    }

    private func grouped(_ value: Int) -> String {
        let digits = String(value)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return out
    }
}

private extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
