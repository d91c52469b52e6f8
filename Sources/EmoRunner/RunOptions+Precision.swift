// What a run's options record of the model's arithmetic (the runner and the probe both store it).
import EmoKernels
import EmoStore

extension RunOptions {
    /// Records `precision` in the run's identity: nil / nil for fp32 (the options of runs stored before
    /// precisions existed), else its name and quantization scheme (`Precision.scheme`).
    public mutating func record(_ precision: Precision) {
        self.precision = precision == .fp32 ? nil : precision.rawValue
        quantization = precision.scheme
    }
}
