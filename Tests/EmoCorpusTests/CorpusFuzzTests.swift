// Seeded fuzzing of data directories and recipes (issue 13): random truncation, byte flips, random numbers in
// numeric fields, CR/LF/BOM variants. Every case must end in a value or a CorpusError whose problems name
// their file (and line, unless the problem is about a whole file) — never a crash, never a hang.
import EmoCorpus
import Foundation
import Testing

/// SplitMix64, so a failing case can be replayed from its seed.
struct FuzzRandom {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
    mutating func pick<T>(_ values: [T]) -> T { values[below(values.count)] }
}

@Suite("corpus fuzzing")
struct CorpusFuzzTests {
    static let cases = 400
    static let numbers = ["0", "1.5", "-1", "-0", "1e19", "2e19", "1e308", "-1e308", "4.9e-324", "inf", "-inf", "nan",
                          "NaN", "0x10", "0x1p3", "1_000", "99999999999999999999", "1e7", "1e-7", "", "+3", ".5",
                          "5.", "1e", "١٢", "3.0e+2", "0.01", "7"]
    static let endings = ["\n", "\r\n", "\r"]

    /// A clean data directory with `count` utterances (segments or not) and its recipe.
    static func cleanFiles(_ random: inout FuzzRandom) -> [String: String] {
        let count = 1 + random.below(6)
        let segmented = random.chance(50)
        var files: [String: String] = [:]
        let ids = (0..<count).map { String(format: "u%02d", $0) }
        if segmented {
            files["wav.scp"] = "rec1 /audio/rec1.wav\nrec2 /audio/rec2.wav\n"
            files["segments"] = ids.enumerated().map { i, id in
                "\(id) rec\(1 + i % 2) \(Double(i)) \(Double(i) + 1.25)\n" }.joined()
        } else {
            files["wav.scp"] = ids.map { "\($0) /audio/\($0).wav\n" }.joined()
        }
        files["utt2emo"] = ids.enumerated().map { "\($1) \(["neu", "hap", "exc"][$0 % 3])\n" }.joined()
        if random.chance(60) { files["utt2spk"] = ids.enumerated().map { "\($1) spk\($0 % 2)\n" }.joined() }
        if random.chance(30) { files["utt2fold"] = ids.enumerated().map { "\($1) f\($0 % 2)\n" }.joined() }
        let folds = files["utt2fold"] != nil ? "file" : (files["utt2spk"] != nil ? "speaker" : "none")
        files["r.yaml"] = """
            name: fuzz
            data: data
            labels: [neu, hap]
            label_map: {exc: hap}
            folds: {by: \(folds)}
            models:
              emotion2vec:
                label_map: {neutral: neu, happy: hap}
                policy: restricted
            references:
              - model: m
                figures: {UA: 71.5, WA: 70.1}
                protocol: p
                source: s
                seen_in_training: no

            """
        return files
    }

    /// Applies `count` random damages to random files.
    static func damage(_ files: inout [String: [UInt8]], count: Int, _ random: inout FuzzRandom) -> [String] {
        var done: [String] = []
        for _ in 0..<count {
            let name = random.pick(files.keys.sorted())
            var bytes = files[name]!
            switch random.below(5) {
            case 0:   // truncate
                let at = random.below(bytes.count + 1)
                bytes = Array(bytes.prefix(at))
                done.append("truncate \(name) at \(at)")
            case 1:   // byte flips
                for _ in 0..<(1 + random.below(4)) where !bytes.isEmpty {
                    let at = random.below(bytes.count)
                    bytes[at] = random.pick([0, 9, 10, 13, 32, 0x22, 0x27, 0x3A, 0x7B, 0xC3, 0xFF, UInt8(random.below(256))])
                    done.append("flip \(name)[\(at)]")
                }
            case 2:   // random numbers in numeric fields
                var text = String(decoding: bytes, as: UTF8.self)
                let pattern = try! NSRegularExpression(pattern: "[0-9]+(\\.[0-9]+)?")
                let matches = pattern.matches(in: text, range: NSRange(text.startIndex..., in: text))
                if !matches.isEmpty, let range = Range(random.pick(matches).range, in: text) {
                    let value = random.pick(numbers)
                    text.replaceSubrange(range, with: value)
                    done.append("number \(name) → '\(value)'")
                }
                bytes = Array(text.utf8)
            case 3:   // line endings and BOM
                let ending = random.pick(endings)
                var text = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\n", with: ending)
                if random.chance(50) { text = "\u{FEFF}" + text }
                if random.chance(30), text.hasSuffix(ending) { text.removeLast() }
                bytes = Array(text.utf8)
                done.append("endings \(name) \(ending.debugDescription)")
            default:  // duplicate or drop a line
                var lines = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\n")
                let at = random.below(lines.count)
                if random.chance(50) { lines.insert(lines[at], at: at) } else { lines.remove(at: at) }
                bytes = Array(lines.joined(separator: "\n").utf8)
                done.append("line edit \(name)")
            }
            files[name] = bytes
        }
        return done
    }

    /// Problems that have no line: about a whole file, or about an entry a file lacks (no line to point at).
    static func isWholeFile(_ message: String) -> Bool {
        ["missing", "has no entry", "no speaker for", "no fold for", "no session for", "the file is empty",
         "not UTF-8", "not a regular file", "no such data directory"]
            .contains { message.contains($0) }
    }

    @Test("seeded fuzz over data directories and recipes: no crash, no hang, every problem located",
          .timeLimit(.minutes(2)))
    func fuzz() throws {
        // tmpfs when there is one: writing ~2,000 small files to a busy disk costs more than all the parsing.
        let shm = URL(fileURLWithPath: "/dev/shm")
        let base = FileManager.default.isWritableFile(atPath: shm.path) ? shm : FileManager.default.temporaryDirectory
        let root = base.appendingPathComponent("emoeval-fuzz-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let started = Date()
        var outcomes: [String: Int] = [:]
        for seed in 0..<UInt64(Self.cases) {
            var random = FuzzRandom(state: seed &* 7919 &+ 13)
            var files = Self.cleanFiles(&random).mapValues { Array($0.utf8) }
            // Every tenth case is left clean: the generator itself must produce valid input.
            let damage = Self.damage(&files, count: seed % 10 == 0 ? 0 : 1 + random.below(2), &random)
            let folder = root.appendingPathComponent("case\(seed)")
            let data = folder.appendingPathComponent("data")
            try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
            var known: Set<String> = []
            for (name, bytes) in files {
                let url = name == "r.yaml" ? folder.appendingPathComponent(name) : data.appendingPathComponent(name)
                try Data(bytes).write(to: url)
                known.insert(url.path)
            }
            let recipePath = folder.appendingPathComponent("r.yaml").path
            let caseStart = Date()
            let label = "seed \(seed): \(damage)"
            do {
                let recipe = try loadRecipe(path: recipePath)
                let corpus = try recipe.loadCorpus(checkAudioFiles: false)
                let summary = CorpusSummary(recipe: recipe, corpus: corpus) { path in
                    path.hasSuffix("rec2.wav") ? 1e300 : 3.0
                }
                _ = summary.render()
                for problem in summary.audioProblems where problem.file.isEmpty { Issue.record("\(label): \(problem)") }
                outcomes["valid", default: 0] += 1
            } catch let error as CorpusError {
                if damage.isEmpty { Issue.record("clean case \(seed) is invalid: \(error)") }
                let problems = error.problems
                if problems.isEmpty {
                    guard case let .unreadable(path, _) = error else {
                        Issue.record("\(label): \(error)")
                        continue
                    }
                    if !known.contains(path) && path != data.path { Issue.record("\(label): \(error)") }
                }
                // Plain checks (an #expect per problem costs more than the parsing in a debug build).
                for problem in problems where !known.contains(problem.file) && problem.file != data.path {
                    Issue.record("\(label): unknown file in \(problem)")
                }
                for problem in problems where problem.line == nil && !Self.isWholeFile(problem.message) {
                    Issue.record("\(label): no line in \(problem)")
                }
                outcomes[problems.isEmpty ? "unreadable" : "problems", default: 0] += 1
            } catch {
                Issue.record("\(label): not a CorpusError: \(error)")
            }
            if Date().timeIntervalSince(caseStart) > 2 { Issue.record("\(label) took too long") }
            try? FileManager.default.removeItem(at: folder)
        }
        let seconds = Date().timeIntervalSince(started)
        print("corpus fuzz: \(Self.cases) cases in \(String(format: "%.2f", seconds)) s: \(outcomes)")
        #expect(outcomes.values.reduce(0, +) == Self.cases)
    }
}
