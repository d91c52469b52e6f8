// tokens.txt handling as FunASR's BaseTokenizer and Emotion2vec.inference do it.
import Foundation
import Testing
@testable import EmoModels
import EmoTestSupport

@Suite("Emotion2VecLabelList")
struct LabelListTests {
    @Test("current tokens.txt: 9 bilingual labels, <unk> kept, English parts exposed")
    func current() throws {
        let list = try Emotion2VecLabelList(contentsOf: Fixture.path("e2v_tiny_plus/tokens.txt"))
        #expect(list.rows.count == 9 && list.outputRows == Array(0..<9))
        #expect(list.rawLabels.first == "生气/angry" && list.rawLabels.last == "<unk>")
        #expect(list.labels == ["angry", "disgusted", "fearful", "happy", "neutral", "other", "sad", "surprised", "<unk>"])
    }

    @Test("old tokens.txt: unuse_* rows are masked and dropped (5 labels)")
    func old() throws {
        let list = try Emotion2VecLabelList(contentsOf: Fixture.path("e2v_tiny_plus_oldtokens/tokens.txt"))
        #expect(list.rows.count == 9)
        #expect(list.outputRows == [0, 3, 4, 6, 8])
        #expect(list.labels == ["angry", "happy", "neutral", "sad", "<unk>"])
    }

    @Test("lines split like Python text mode, right-stripped")
    func lines() {
        #expect(Emotion2VecLabelList.lines(of: "a\r\nb \rc\t\n") == ["a", "b", "c"])
        #expect(Emotion2VecLabelList.lines(of: "a\n\nb") == ["a", "", "b"])
        #expect(Emotion2VecLabelList.lines(of: "") == [])
    }

    @Test("FunASR's refusals: duplicates, missing unknown symbol, nothing left")
    func refusals() {
        #expect(throws: ModelError.invalidLabels(file: "t", problem: "label 'a' on line 3 is duplicated")) {
            try Emotion2VecLabelList(rows: ["a", "<unk>", "a"], file: "t")
        }
        #expect(throws: ModelError.self) { try Emotion2VecLabelList(rows: ["a", "b"], file: "t") }
        #expect(throws: Never.self) { try Emotion2VecLabelList(rows: ["a", "<s>"], unknownSymbol: "<s>", file: "t") }
        #expect(throws: ModelError.self) { try Emotion2VecLabelList(rows: ["unuse_0", "unuse_1"], unknownSymbol: "unuse_1", file: "t") }
        #expect(throws: ModelError.self) { try Emotion2VecLabelList(rows: [], file: "t") }
        #expect(Emotion2VecLabelList.englishPart(of: "a/b/c") == "c" && Emotion2VecLabelList.englishPart(of: "x/") == "x/")
    }
}
