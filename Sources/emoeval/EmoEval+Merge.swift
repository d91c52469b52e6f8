// PLACEHOLDER: replaced by the issue that implements `merge`.
import ArgumentParser

extension EmoEval {
    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "merge", abstract: "(not yet implemented)")
        func run() throws { throw ValidationError("'merge' is not implemented yet") }
    }
}
