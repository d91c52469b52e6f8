// `emoeval bench` end to end on the tiny model (numbers are machine-dependent: only their presence and
// consistency are checked, never a speed).
import Foundation
import Testing
import EmoTestSupport

@Suite("emoeval bench")
struct BenchCLITests {
    struct Report: Decodable {
        let variant: String
        let utterances: Int
        let jobs: Int
        let audio_seconds: Double
        let rtf: Double
        let gflop: Double
        let achieved_gflops: Double
        let sgemm_gflops: Double
        let efficiency: Double
        let peak_rss_mb: Double
        let load_seconds: Double
        let blas_core: String
    }

    @Test("--json reports RTF, GFLOP/s, sgemm efficiency, peak RSS, load time and the BLAS core")
    func json() throws {
        let result = try Emoeval.run(["bench", "--model", Fixture.path("e2v_tiny_plus"), "--lengths", "0.5", "1",
                                      "--jobs", "2", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try JSONDecoder().decode(Report.self, from: Data(result.stdout.utf8))
        #expect(report.variant == "e2v_tiny_plus" && report.utterances == 2 && report.jobs == 2)
        #expect(abs(report.audio_seconds - 1.5) < 1e-9 && report.rtf > 0 && report.gflop > 0)
        #expect(abs(report.efficiency - report.achieved_gflops / report.sgemm_gflops) < 1e-9)
        #expect(report.peak_rss_mb > 1 && report.load_seconds > 0 && !report.blas_core.isEmpty)
    }

    @Test("text output names every figure; audio files are accepted")
    func text() throws {
        let result = try Emoeval.run(["bench", "--model", Fixture.path("e2v_tiny_base"), "--jobs", "1",
                                      Fixture.path("audio/speech_0p5s.wav")])
        #expect(result.status == 0, "\(result.stderr)")
        for label in ["RTF", "achieved", "sgemm", "efficiency", "peak RSS", "load", "core"] {
            #expect(result.stdout.contains(label))
        }
    }
}
