// CorpusSummary: the text `validate` prints, durations (whole files and segments) and audio problems.
import EmoCorpus
import Foundation
import Testing

@Suite("CorpusSummary")
struct CorpusSummaryTests {
    struct Unreadable: Error, CustomStringConvertible { var description: String { "not a sound file" } }

    static let recipe = Recipe(path: "r.yaml", name: "mini", dataDirectory: "/data", labels: ["neu", "ang"],
                               labelMap: ["exc": "neu"], drop: ["fru"], folds: .bySession)

    static let corpus = Corpus(name: "mini", labels: ["neu", "ang"], utterances: [
        Utterance(id: "a", audioPath: "/a.wav", label: "neu", speaker: "s1", session: "S1", fold: "S1"),
        Utterance(id: "b", audioPath: "/long.wav", segment: UtteranceSegment(start: 1, end: 3.5), label: "ang",
                  speaker: "s2", session: "S2", fold: "S2"),
        Utterance(id: "c", audioPath: "/long.wav", segment: UtteranceSegment(start: 9, end: 10.5), label: "ang",
                  rawLabel: "ang", speaker: "s2", session: "S2", fold: "S2"),
        Utterance(id: "d", audioPath: "/bad.wav", label: "neu", rawLabel: "exc", speaker: "s1", session: "S1",
                  fold: "S1"),
    ], dropped: ["fru": 2], dataDirectory: "/data")

    @Test("renders settings, the label × fold table, speakers, drops and the total")
    func render() {
        let text = CorpusSummary(recipe: Self.recipe, corpus: Self.corpus).render()
        #expect(text == """
        recipe     mini (r.yaml)
        data       /data
        labels     neu, ang
        label map  exc → neu
        drop       fru
        folds      by session (2 folds)

        utterances per label and fold:
        | label | S1 | S2 | total |
        |-------|---:|---:|------:|
        | neu   |  2 |  0 |     2 |
        | ang   |  0 |  2 |     2 |
        | total |  2 |  2 |     4 |

        utterances per speaker (2 speakers):
          s1 2   s2 2

        dropped: fru 2

        total: 4 utterances

        """)
    }

    @Test("durations: each file read once, segments count their length and are checked against the file")
    func durations() {
        var calls: [String] = []
        let summary = CorpusSummary(recipe: Self.recipe, corpus: Self.corpus) { path in
            calls.append(path)
            switch path {
            case "/a.wav": return 2.25
            case "/long.wav": return 10.0
            default: throw Unreadable()
            }
        }
        #expect(calls == ["/a.wav", "/long.wav", "/bad.wav"])
        #expect(summary.totalDuration == 2.25 + 2.5 + 1.5)
        #expect(summary.audioProblems.map(\.description) == [
            "/long.wav: segment of 'c' ends at 10.5 s, after the file's end (10.000 s)",
            "/bad.wav: d: not a sound file",
        ])
        #expect(summary.render().hasSuffix("total: 4 utterances, 6.2 s\n"))
    }
}
