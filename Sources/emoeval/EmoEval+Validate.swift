// `emoeval validate RECIPE`: check a recipe and its data; print counts per label / fold / speaker and duration.
import ArgumentParser
import EmoAudio
import EmoCorpus
import EmoModels
import Foundation

extension EmoEval {
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate",
            abstract: "Check a recipe and its data directory; print utterances per label, fold and speaker.",
            discussion: """
            Reports every problem at once, with file and line: unknown recipe keys, wrong types, labels \
            outside the label set, unsorted or duplicate ids, utterances without audio or label, utt2channel \
            indices that are not 1-based or exceed the file's channel count, missing \
            audio files, Kaldi pipe entries (never run), model directories that are not model directories. Then reads each audio file's header for the total \
            duration. Exit status 1 when the recipe or data is invalid, \(ExitStatus.itemFailures.rawValue) \
            when some audio files cannot be read.
            """
        )

        @Argument(help: "Recipe file (YAML), e.g. Recipes/demo.yaml.")
        var recipe: String

        @Flag(help: "Skip reading audio headers (no durations; missing files are still reported).")
        var noDurations = false

        func run() throws {
            let loaded = try loadRecipe(path: recipe)
            let corpus = try loaded.loadCorpus(checkAudioFiles: true)
            var problems: [String] = []
            for directory in loaded.modelDirectories {
                do {
                    let model = try loadModel(directory: directory)
                    for note in model.assumptions { printError("note: \(note)") }
                    let identity = model.identity
                    let family = identity.family.rawValue
                    let names = Recipe.modelNames(variant: identity.variant, directory: directory)
                    if let entry = loaded.entry(forFamily: family, modelNames: names) {
                        print("model \(directory): \(family) \(identity.variant), recipe entry models.\(entry.key)")
                    } else {
                        problems.append("\(loaded.path): model directory \(directory) is \(family), but the recipe "
                                        + "has no models entry for it (models.\(family) or models.<model name>: "
                                        + names.joined(separator: ", ") + ")")
                    }
                } catch {
                    problems.append("\(loaded.path): model_directories: \(error)")
                }
            }
            let summary = CorpusSummary(recipe: loaded, corpus: corpus, fileDuration: noDurations ? nil : { path in
                try readAudioInfo(path: path).duration
            })
            print(summary.render(), terminator: "")
            // Report breakdowns: utt2gender and every utt2<group> under groups: (one line each).
            do {
                let kept = Set(corpus.utterances.map(\.id))
                for group in try loaded.loadGroups() {
                    var counts: [String: Int] = [:]
                    for (id, value) in group.valueOf where kept.contains(id) { counts[value, default: 0] += 1 }
                    let missing = kept.count - counts.values.reduce(0, +)
                    print("group \(group.name): " + counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
                        .joined(separator: "   ") + (missing > 0 ? "   (no value: \(missing))" : ""))
                }
                print("duration bands (s): " + loaded.durationBands.map { String(format: "%g", $0) }.joined(separator: ", "))
            } catch {
                problems.append("\(error)")
            }
            problems += summary.audioProblems.map(\.description)
            // utt2channel: each index must exist in its file (an error: every such utterance would fail).
            let channelProblems = corpus.channelProblems { try audioChannelCount(path: $0) }
            let channelled = corpus.utterances.filter { $0.channel != nil }.count
            if channelled > 0 {
                print("channels: \(channelled) utterances decode one channel (utt2channel), \(corpus.utterances.count - channelled) the channel mean")
            }
            for problem in problems { FileHandle.standardError.write(Data("problem: \(problem)\n".utf8)) }
            for problem in channelProblems { FileHandle.standardError.write(Data("error: \(problem)\n".utf8)) }
            if !channelProblems.isEmpty { throw ExitCode.failure }
            if !problems.isEmpty { throw ExitStatus.itemFailures.code }
        }
    }
}
