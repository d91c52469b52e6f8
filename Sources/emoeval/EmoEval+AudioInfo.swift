// PLACEHOLDER: replaced by the issue that implements `audio-info`.
import ArgumentParser

extension EmoEval {
    struct AudioInfo: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "audio-info", abstract: "(not yet implemented)")
        func run() throws { throw ValidationError("'audio-info' is not implemented yet") }
    }
}
