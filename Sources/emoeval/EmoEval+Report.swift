// PLACEHOLDER: replaced by the issue that implements `report`.
import ArgumentParser

extension EmoEval {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "report", abstract: "(not yet implemented)")
        func run() throws { throw ValidationError("'report' is not implemented yet") }
    }
}
