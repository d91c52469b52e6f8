// PLACEHOLDER: replaced by the issue that implements `inspect`.
import ArgumentParser

extension EmoEval {
    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "inspect", abstract: "(not yet implemented)")
        func run() throws { throw ValidationError("'inspect' is not implemented yet") }
    }
}
