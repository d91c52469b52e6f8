// PLACEHOLDER: replaced by the issue that implements `prepare`.
import ArgumentParser

extension EmoEval {
    struct Prepare: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "prepare", abstract: "(not yet implemented)")
        func run() throws { throw ValidationError("'prepare' is not implemented yet") }
    }
}
