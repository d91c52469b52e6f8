// Fold assignment by session and by speaker.
import Testing
@testable import EmoProbe

@Suite struct ProbeProtocolTests {
    // 3 sessions x 2 speakers x 5 utterances.
    let sessions: [String?] = (0..<30).map { "\($0 / 10 + 1)" }
    let speakers: [String?] = (0..<30).map { "Ses0\($0 / 10 + 1)\($0 % 10 < 5 ? "F" : "M")" }

    @Test func leaveOneSessionOutHoldsOutEachSessionWithA20PercentValidationSplit() throws {
        let folds = try makeFolds(protocol: .loso, sessions: sessions, speakers: speakers, seed: 42)
        #expect(folds.map(\.name) == ["1", "2", "3"])
        for fold in folds {
            #expect(fold.test.allSatisfy { sessions[$0] == fold.name })
            #expect(fold.test.count == 10)
            #expect(fold.train.count == 16 && fold.validation.count == 4)   // int(0.8 * 20)
            #expect(Set(fold.train + fold.validation + fold.test).count == 30)
            #expect(Set(fold.train).isDisjoint(with: fold.validation))
        }
        let again = try makeFolds(protocol: .loso, sessions: sessions, speakers: speakers, seed: 42)
        #expect(again == folds)
        let other = try makeFolds(protocol: .loso, sessions: sessions, speakers: speakers, seed: 43)
        #expect(other.map(\.validation) != folds.map(\.validation))
    }

    @Test func leaveOneSpeakerOutUsesTheNextSpeakerForValidation() throws {
        let folds = try makeFolds(protocol: .losoSpeaker, sessions: sessions, speakers: speakers, seed: 42)
        #expect(folds.map(\.name) == ["Ses01F", "Ses01M", "Ses02F", "Ses02M", "Ses03F", "Ses03M"])
        for (k, fold) in folds.enumerated() {
            let validationSpeaker = folds[(k + 1) % folds.count].name
            #expect(fold.test.allSatisfy { speakers[$0] == fold.name })
            #expect(fold.validation.allSatisfy { speakers[$0] == validationSpeaker })
            #expect(fold.train.count == 20)
            #expect(fold.train.allSatisfy { speakers[$0] != fold.name && speakers[$0] != validationSpeaker })
        }
    }

    @Test func validationEqualsTestTrainsOnEverythingElse() throws {
        let folds = try makeFolds(protocol: .valEqualsTest, sessions: sessions, speakers: speakers, seed: 42)
        #expect(ProbeProtocol.valEqualsTest.label == "probe:val-eq-test*")
        for fold in folds {
            #expect(fold.validation == fold.test)
            #expect(fold.train.count == 20)
        }
    }

    @Test func missingGroupsAreErrors() {
        var noSpeaker = speakers
        noSpeaker[3] = nil
        #expect(throws: ProbeError.self) {
            _ = try makeFolds(protocol: .losoSpeaker, sessions: sessions, speakers: noSpeaker, seed: 1)
        }
        #expect(throws: ProbeError.self) {
            _ = try makeFolds(protocol: .loso, sessions: Array(repeating: "1", count: 5), speakers: speakers, seed: 1)
        }
    }
}
