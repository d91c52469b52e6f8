// PLACEHOLDER: replaced by the issue that implements `compare`.
import ArgumentParser

extension EmoEval {
    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "compare", abstract: "(not yet implemented)")
        func run() throws { throw ValidationError("'compare' is not implemented yet") }
    }
}
