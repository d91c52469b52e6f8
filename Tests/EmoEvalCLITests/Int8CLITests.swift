// --precision int8 end to end on the built binary: every int8 kernel (forced with EMOEVAL_INT8_KERNEL) prints
// the same classify output, a bad kernel name is an error, a fp32 and an int8 run of one model are two runs that
// `compare` sets side by side, int8 runs are identical for --jobs 1 and 2, and `bench --precision int8` prints
// the agreement with fp32.
import Foundation
import Testing
import EmoTestSupport
import EmoStore

@Suite("--precision int8", .serialized)
struct Int8CLITests {
    /// The int8 kernels this CPU runs (the names EMOEVAL_INT8_KERNEL takes).
    static var kernels: [String] {
        let flags = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("flags") }.map { Set($0.split(separator: " ").map(String.init)) } ?? []
        var names = ["portable"]
        if flags.contains("avx2") { names.append("avx2") }
        if ["avx512f", "avx512bw", "avx512vl", "avx512_vnni"].allSatisfy(flags.contains) { names.append("vnni") }
        return names
    }

    @Test("classify --precision int8: every kernel prints the same numbers, unlike fp32",
          arguments: ["e2v_tiny_plus", "sb_w2v2_tiny_newkeys", "hf_wavlm_tiny_stable"])
    func kernelsIdentical(directory: String) throws {
        let arguments = ["classify", "--model", Fixture.path(directory), "--json", "--jobs", "2",
                         Fixture.path("audio/speech_1p7s.wav"), Fixture.path("audio/n401.wav")]
        let fp32 = try Emoeval.run(arguments)
        #expect(fp32.status == 0, "\(fp32.stderr)")
        var outputs: [String: String] = [:]
        for kernel in Self.kernels {
            let result = try Emoeval.run(arguments + ["--precision", "int8"],
                                         environment: ["EMOEVAL_INT8_KERNEL": kernel])
            #expect(result.status == 0, "\(kernel): \(result.stderr)")
            outputs[kernel] = result.stdout
        }
        let portable = try #require(outputs["portable"])
        #expect(!portable.isEmpty && portable != fp32.stdout)
        for (kernel, output) in outputs { #expect(output == portable, "\(directory): \(kernel) differs from portable") }
        let best = try Emoeval.run(arguments + ["--precision", "int8"])
        #expect(best.stdout == portable)
    }

    @Test("a bad EMOEVAL_INT8_KERNEL is an error naming the variable; fp32 ignores it")
    func badKernel() throws {
        let arguments = ["classify", "--model", Fixture.path("e2v_tiny_plus"), Fixture.path("audio/speech_1p7s.wav")]
        let bad = try Emoeval.run(arguments + ["--precision", "int8"], environment: ["EMOEVAL_INT8_KERNEL": "fast"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("EMOEVAL_INT8_KERNEL=fast: not a kernel (portable, avx2, vnni)"), "\(bad.stderr)")
        let fp32 = try Emoeval.run(arguments, environment: ["EMOEVAL_INT8_KERNEL": "fast"])
        #expect(fp32.status == 0, "\(fp32.stderr)")
        let precision = try Emoeval.run(arguments + ["--precision", "int4"])
        #expect(precision.status == 64 && precision.stderr.contains("int4"))
    }

    @Test("fp32 and int8 runs of one model are two runs; compare shows both; int8 equal for --jobs 1 and 2")
    func twoRuns() throws {
        let corpus = try RunCorpus(clipCount: 4)
        defer { corpus.remove() }
        let db = corpus.database("r.sqlite")
        let fp32 = try Emoeval.run(["run", corpus.recipe, "--db", db, "--jobs", "2", "--progress", "none"])
        #expect(fp32.status == 3, "\(fp32.stderr)")
        let int8 = try Emoeval.run(["run", corpus.recipe, "--db", db, "--jobs", "2", "--precision", "int8",
                                    "--progress", "none"])
        #expect(int8.status == 3, "\(int8.stderr)")
        #expect(int8.stdout.contains("4 predicted, 3 failed"), "\(int8.stdout)")   // not "already stored"
        let store = try EvalStore(path: db)
        let runs = try store.runOverviews()
        #expect(runs.count == 2 && Set(runs.map(\.run.identity)).count == 2)
        #expect(runs.map(\.run.options.precision) == [nil, "int8"])
        #expect(runs.map { $0.run.options.quantization?.hasPrefix("int8-v2 ") } == [nil, true])   // the scheme is stored
        #expect(runs.allSatisfy { $0.predicted == 4 && $0.failed == 3 })
        let listing = try Emoeval.run(["runs", "--db", db])
        #expect(listing.stdout.contains("int8"), "\(listing.stdout)")
        let compare = try Emoeval.run(["compare", corpus.recipe, "--db", db])
        #expect(compare.status == 0, "\(compare.stderr)")
        #expect(compare.stdout.contains("| run 1 | e2v_tiny_plus |") && compare.stdout.contains("| run 2 (int8) | e2v_tiny_plus |"),
                "\(compare.stdout)")
        #expect(compare.stdout.contains("McNemar p"))

        let one = corpus.database("one.sqlite")
        _ = try Emoeval.run(["run", corpus.recipe, "--db", one, "--jobs", "1", "--precision", "int8", "--embeddings",
                             "--progress", "none"], environment: ["EMOEVAL_INT8_KERNEL": "portable"])
        let two = corpus.database("two.sqlite")
        _ = try Emoeval.run(["run", corpus.recipe, "--db", two, "--jobs", "2", "--precision", "int8", "--embeddings",
                             "--progress", "none"])
        let tables = try storedTables(one)
        #expect(tables.count == 1 + 4 + 3)
        #expect(tables == (try storedTables(two)))
    }

    struct Comparison: Decodable {
        struct Report: Decodable { let precision: String; let int8_kernel: String?; let rtf: Double }
        struct Agreement: Decodable {
            let utterances: Int
            let sameTopLabel: Int
            let maxProbabilityDifference: Double
            let minEmbeddingCosine: Double
            let meanEmbeddingCosine: Double
        }
        let int8: Report
        let fp32: Report
        let speedup: Double
        let speedup_cpu: Double
        let agreement: Agreement
    }

    @Test("bench --precision int8 runs both precisions and prints the agreement")
    func bench() throws {
        let arguments = ["bench", "--model", Fixture.path("e2v_tiny_plus"), "--lengths", "0.5", "1", "--jobs", "2",
                         "--precision", "int8"]
        let json = try Emoeval.run(arguments + ["--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let report = try JSONDecoder().decode(Comparison.self, from: Data(json.stdout.utf8))
        #expect(report.int8.precision == "int8" && report.fp32.precision == "fp32")
        #expect(report.int8.int8_kernel != nil && report.fp32.int8_kernel == nil)
        #expect(report.speedup > 0 && report.speedup_cpu > 0 && report.agreement.utterances == 2)
        #expect(report.agreement.minEmbeddingCosine >= 0.995 && report.agreement.minEmbeddingCosine < 1)
        #expect(report.agreement.maxProbabilityDifference > 0 && report.agreement.maxProbabilityDifference < 0.2)
        let text = try Emoeval.run(arguments, environment: ["EMOEVAL_INT8_KERNEL": "portable"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("precision    int8 (int8 kernel portable)"), "\(text.stdout)")   // the forced kernel ran
        for line in ["== int8 ==", "== fp32 (same audio, same process) ==", "speed-up", "top label    ",
                     "max |Δp|", "embedding    cosine min"] {
            #expect(text.stdout.contains(line), "missing '\(line)'")
        }
    }
}
