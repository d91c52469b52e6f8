// PLACEHOLDER: replaced by the issue that implements `info`.
import ArgumentParser

extension EmoEval {
    struct Info: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "info", abstract: "(not yet implemented)")
        func run() throws { throw ValidationError("'info' is not implemented yet") }
    }
}
