// torch.optim.lr_scheduler.CyclicLR, mode 'triangular', with its default momentum cycling
// (cycle_momentum=True, base_momentum=0.8, max_momentum=0.9): momentum falls while the rate rises.
//
// emotion2vec's iemocap_downstream/main.py calls `scheduler.step()` once per EPOCH (after the epoch's
// batches), so step k here is epoch k: epoch 0 trains at base_lr, epoch 10 at max_lr, epoch 20 at base_lr.
//   cycle = floor(1 + k / (up + down));  x = 1 + k / (up + down) − cycle
//   scale = x / ratio if x ≤ ratio else (x − 1) / (ratio − 1),   ratio = up / (up + down)
//   lr = base_lr + (max_lr − base_lr) · scale;   momentum = max_m − (max_m − base_m) · scale

/// A triangular cyclic learning rate (and inverse momentum) schedule, evaluated in Double like torch.
public struct CyclicSchedule: Sendable, Equatable {
    public var baseLearningRate: Double
    public var maxLearningRate: Double
    public var stepSizeUp: Int
    public var stepSizeDown: Int
    public var baseMomentum: Double
    public var maxMomentum: Double
    public var cycleMomentum: Bool

    public init(baseLearningRate: Double = 5e-4, maxLearningRate: Double = 1e-3, stepSizeUp: Int = 10,
                stepSizeDown: Int? = nil, baseMomentum: Double = 0.8, maxMomentum: Double = 0.9,
                cycleMomentum: Bool = true) {
        self.baseLearningRate = baseLearningRate
        self.maxLearningRate = maxLearningRate
        self.stepSizeUp = stepSizeUp
        self.stepSizeDown = stepSizeDown ?? stepSizeUp
        self.baseMomentum = baseMomentum
        self.maxMomentum = maxMomentum
        self.cycleMomentum = cycleMomentum
    }

    /// Learning rate and momentum in force during step `k` (k = 0 before the first `scheduler.step()`).
    /// Without momentum cycling the momentum is `maxMomentum` (the optimiser's own 0.9).
    public func values(at k: Int) -> (learningRate: Float, momentum: Float) {
        let total = Double(stepSizeUp + stepSizeDown)
        let ratio = Double(stepSizeUp) / total
        let cycle = (1 + Double(k) / total).rounded(.down)
        let x = 1 + Double(k) / total - cycle
        let scale = x <= ratio ? x / ratio : (x - 1) / (ratio - 1)
        let rate = baseLearningRate + (maxLearningRate - baseLearningRate) * scale
        let momentum = cycleMomentum ? maxMomentum - (maxMomentum - baseMomentum) * scale : maxMomentum
        return (Float(rate), Float(momentum))
    }
}
