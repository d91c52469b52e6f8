// PLACEHOLDER: replaced by the issue that implements `export`.
import ArgumentParser

extension EmoEval {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "export", abstract: "(not yet implemented)")
        func run() throws { throw ValidationError("'export' is not implemented yet") }
    }
}
