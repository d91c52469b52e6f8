// The 32 EmoBox corpora: ids, names as the emotion2vec+ table prints them, language group used by the
// table's averages, and the list sizes the shipped metadata has (docs/specs/emobox-protocol.md §4.1, EmoBox commit
// 08280f279d47fb55d2c614061c70523d0a338d6b). Used to check an import and to order the summary table.

/// Language group of the emotion2vec+ table's averages.
public enum EmoBoxLanguageGroup: String, Sendable, CaseIterable, Codable {
    case english = "English"
    case mandarin = "Mandarin"
    case other = "Other"
}

/// One EmoBox corpus.
public struct EmoBoxDataset: Sendable, Equatable {
    /// EmoBox id (folder under `data/`), e.g. `iemocap`.
    public var id: String
    /// Name as in the emotion2vec+ table, e.g. `IEMOCAP`.
    public var name: String
    /// Language as the EmoBox README gives it.
    public var language: String
    /// Group of the table's averages.
    public var group: EmoBoxLanguageGroup
    /// Utterances in the full list (nil: not established from the shipped files).
    public var utterances: Int?
    /// Test-list size per fold (index 0 = fold 1).
    public var testPerFold: [Int]
    /// Official valid-list size (MELD, M3ED, MSP-Podcast), else nil.
    public var valid: Int?

    public var folds: Int { testPerFold.count }
}

public enum EmoBoxCatalog {
    /// In the emotion2vec+ table's row order. The Mandarin group (CASIA, ESD, M3ED, MER2023) reproduces
    /// the table's "Avg Mandarin" row from its per-dataset rows; English follows the EmoBox README.
    public static let datasets: [EmoBoxDataset] = [
        .init(id: "aesdd", name: "AESDD", language: "Greek", group: .other, utterances: 604, testPerFold: [149]),
        .init(id: "ased", name: "ASED", language: "Amharic", group: .other, utterances: 2474, testPerFold: [616]),
        .init(id: "asvpesd", name: "ASVP-ESD", language: "Mix", group: .other, utterances: 13964, testPerFold: [3487]),
        .init(id: "cafe", name: "CaFE", language: "French", group: .other, utterances: 936, testPerFold: [312, 312, 312]),
        .init(id: "casia", name: "CASIA", language: "Mandarin", group: .mandarin, utterances: 1200,
              testPerFold: [300, 300, 300, 300]),
        .init(id: "cremad", name: "CREMA-D", language: "English", group: .english, utterances: 7442, testPerFold: [1856]),
        .init(id: "emns", name: "EMNS", language: "English", group: .english, utterances: 1181, testPerFold: [291]),
        .init(id: "emodb", name: "EmoDB", language: "German", group: .other, utterances: 535,
              testPerFold: [107, 107, 107, 107, 107]),
        .init(id: "emovdb", name: "EmoV-DB", language: "English", group: .english, utterances: 6887, testPerFold: [1719]),
        .init(id: "emovo", name: "EMOVO", language: "Italian", group: .other, utterances: 588,
              testPerFold: [98, 98, 98, 98, 98, 98]),
        .init(id: "emozionalmente", name: "Emozionalmente", language: "Italian", group: .other, utterances: 6902,
              testPerFold: [1722]),
        .init(id: "enterface", name: "eNTERFACE", language: "English", group: .english, utterances: 1263,
              testPerFold: [312]),
        .init(id: "esd", name: "ESD", language: "Mandarin+English", group: .mandarin, utterances: 35000,
              testPerFold: [7000, 7000, 7000, 7000, 7000]),
        .init(id: "iemocap", name: "IEMOCAP", language: "English", group: .english, utterances: 5531,
              testPerFold: [1085, 1023, 1151, 1031, 1241]),
        .init(id: "jlcorpus", name: "JL-Corpus", language: "English", group: .english, utterances: 2400,
              testPerFold: [600, 600, 600, 600]),
        .init(id: "m3ed", name: "M3ED", language: "Mandarin", group: .mandarin, utterances: 24437, testPerFold: [4198],
              valid: 2819),
        .init(id: "mead", name: "MEAD", language: "English", group: .english, utterances: 31729, testPerFold: [7929]),
        .init(id: "meld", name: "MELD", language: "English", group: .english, utterances: 13706, testPerFold: [2610],
              valid: 1108),
        .init(id: "mer2023", name: "MER2023", language: "Mandarin", group: .mandarin, utterances: 5030, testPerFold: [411]),
        .init(id: "mesd", name: "MESD", language: "Spanish", group: .other, utterances: 862, testPerFold: [214]),
        .init(id: "msppodcast", name: "MSP-Podcast", language: "English", group: .english, utterances: nil,
              testPerFold: [15326], valid: 7800),
        .init(id: "oreau", name: "Oreau", language: "French", group: .other, utterances: 434, testPerFold: [104]),
        .init(id: "pavoque", name: "PAVOQUE", language: "German", group: .other, utterances: 7334, testPerFold: [1832]),
        .init(id: "polish", name: "Polish", language: "Polish", group: .other, utterances: 450,
              testPerFold: [90, 90, 90, 90, 90]),
        .init(id: "ravdess", name: "RAVDESS", language: "English", group: .english, utterances: 1440,
              testPerFold: [240, 240, 240, 240, 240, 240]),
        .init(id: "resd", name: "RESD", language: "Russian", group: .other, utterances: 1396, testPerFold: [280]),
        .init(id: "savee", name: "SAVEE", language: "English", group: .english, utterances: 480,
              testPerFold: [120, 120, 120, 120]),
        .init(id: "shemo", name: "ShEMO", language: "Persian", group: .other, utterances: 2838, testPerFold: [707]),
        .init(id: "subesco", name: "SUBESCO", language: "Bangla", group: .other, utterances: 7000,
              testPerFold: [1400, 1400, 1400, 1400, 1400]),
        .init(id: "tess", name: "TESS", language: "English", group: .english, utterances: 2800, testPerFold: [700]),
        .init(id: "turevdb", name: "TurEV-DB", language: "Turkish", group: .other, utterances: 1735, testPerFold: [432]),
        .init(id: "urdu", name: "URDU", language: "Urdu", group: .other, utterances: 400, testPerFold: [100]),
    ]

    public static func dataset(_ id: String) -> EmoBoxDataset? {
        datasets.first { $0.id == id }
    }
}
