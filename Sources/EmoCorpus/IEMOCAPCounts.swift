// Published IEMOCAP counts (docs/specs/protocols-and-peers.md §3.3–3.4) and the check `prepare` runs against them.

/// The counts every standard recipe reports, per session and per class.
public enum IEMOCAPCounts {
    /// Standard 4-class set, utterances per session 1–5.
    public static let standardPerSession = [1085, 1023, 1151, 1031, 1241]
    /// Standard set class totals (raw labels; hap + exc = 1636).
    public static let standardPerLabel = ["neu": 1708, "hap": 595, "exc": 1041, "ang": 1103, "sad": 1084]
    /// Improvised-only standard set per session (with exc; 2943 in all).
    public static let improvisedPerSession = [521, 530, 627, 534, 731]
    /// Improvised-only class totals (raw labels).
    public static let improvisedPerLabel = ["neu": 1099, "hap": 284, "exc": 663, "ang": 289, "sad": 608]
    /// Full corpus raw label totals (10,039 utterances).
    public static let fullPerLabel = ["xxx": 2507, "fru": 1849, "neu": 1708, "ang": 1103, "sad": 1084,
                                      "exc": 1041, "hap": 595, "sur": 107, "fea": 40, "oth": 3, "dis": 2]

    /// Compares imported items with the published counts; one loud warning line per difference.
    static func check(_ items: [DataItem], set: IEMOCAPSet) -> [String] {
        var perSession = [Int](repeating: 0, count: 5)
        var perLabel: [String: Int] = [:]
        for item in items {
            perLabel[item.label, default: 0] += 1
            if let session = item.session, let number = Int(session.dropFirst(3)), (1...5).contains(number) {
                perSession[number - 1] += 1
            }
        }
        let expectedSessions: [Int]?
        let expectedLabels: [String: Int]
        switch set {
        case .standard: (expectedSessions, expectedLabels) = (standardPerSession, standardPerLabel)
        case .improvised: (expectedSessions, expectedLabels) = (improvisedPerSession, improvisedPerLabel)
        case .full: (expectedSessions, expectedLabels) = (nil, fullPerLabel)
        }
        var warnings: [String] = []
        let expectedTotal = expectedLabels.values.reduce(0, +)
        if items.count != expectedTotal {
            warnings.append("\(items.count) utterances, but the published \(set.rawValue) set has \(expectedTotal)")
        }
        if let expectedSessions {
            for (index, expected) in expectedSessions.enumerated() where perSession[index] != expected {
                warnings.append("Session\(index + 1): \(perSession[index]) utterances, published \(expected)")
            }
        }
        for label in Set(expectedLabels.keys).union(perLabel.keys).sorted() {
            let found = perLabel[label] ?? 0, expected = expectedLabels[label] ?? 0
            if found != expected { warnings.append("label \(label): \(found) utterances, published \(expected)") }
        }
        let merged = (perLabel["hap"] ?? 0) + (perLabel["exc"] ?? 0)
        let mergedExpected = (expectedLabels["hap"] ?? 0) + (expectedLabels["exc"] ?? 0)
        if set != .full && merged != mergedExpected {
            warnings.append("hap+exc: \(merged) utterances, published \(mergedExpected)")
        }
        return warnings
    }
}
