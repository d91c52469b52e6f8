// PLACEHOLDER: replaced by the issue that implements `validate`.
import ArgumentParser

extension EmoEval {
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "validate", abstract: "(not yet implemented)")
        func run() throws { throw ValidationError("'validate' is not implemented yet") }
    }
}
