// PLACEHOLDER: replaced by the issue that implements `bench`.
import ArgumentParser

extension EmoEval {
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "bench", abstract: "(not yet implemented)")
        func run() throws { throw ValidationError("'bench' is not implemented yet") }
    }
}
