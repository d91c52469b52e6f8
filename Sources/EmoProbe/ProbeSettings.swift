// Training settings; the defaults are the emotion2vec IEMOCAP downstream recipe (config/default.yaml).

/// Hyper-parameters of one probe training.
public struct ProbeSettings: Sendable, Equatable {
    public var head: ProbeHeadKind = .mlp
    public var hiddenDim = 256
    public var epochs = 100
    public var batchSize = 128
    /// RMSprop base rate and the cyclic schedule (lr 5e-4 .. 1e-3, step 10 epochs, momentum 0.9 .. 0.8).
    public var schedule = CyclicSchedule()
    public var seed: UInt64 = 42
    /// Folds trained at once.
    public var parallelFolds = 1

    public init(head: ProbeHeadKind = .mlp, epochs: Int = 100, seed: UInt64 = 42, parallelFolds: Int = 1) {
        self.head = head
        self.epochs = epochs
        self.seed = seed
        self.parallelFolds = parallelFolds
    }

    func validate() throws(ProbeError) {
        guard epochs >= 1 else { throw .invalidSettings(problem: "epochs \(epochs) < 1") }
        guard batchSize >= 1 else { throw .invalidSettings(problem: "batch size \(batchSize) < 1") }
        guard hiddenDim >= 1 else { throw .invalidSettings(problem: "hidden width \(hiddenDim) < 1") }
        guard parallelFolds >= 1 else { throw .invalidSettings(problem: "parallel folds \(parallelFolds) < 1") }
    }
}
