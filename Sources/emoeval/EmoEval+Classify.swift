// PLACEHOLDER: replaced by the issue that implements `classify`.
import ArgumentParser

extension EmoEval {
    struct Classify: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "classify", abstract: "(not yet implemented)")
        func run() throws { throw ValidationError("'classify' is not implemented yet") }
    }
}
