// PLACEHOLDER: replaced by the issue that implements `probe`.
import ArgumentParser

extension EmoEval {
    struct Probe: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "probe", abstract: "(not yet implemented)")
        func run() throws { throw ValidationError("'probe' is not implemented yet") }
    }
}
