// PLACEHOLDER: replaced by the issue that implements `runs`.
import ArgumentParser

extension EmoEval {
    struct Runs: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "runs", abstract: "(not yet implemented)")
        func run() throws { throw ValidationError("'runs' is not implemented yet") }
    }
}
