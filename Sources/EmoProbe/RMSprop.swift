// RMSprop exactly as torch.optim.RMSprop updates (centered=False, weight_decay=0, momentum > 0):
//   v  = alpha · v + (1 − alpha) · g²
//   avg = sqrt(v) + eps
//   buf = momentum · buf + g / avg
//   p  = p − lr · buf
// State starts at zero (torch creates `square_avg` and `momentum_buffer` as zeros on the first step).
import EmoKernels

/// Optimiser state for a list of parameter tensors.
public struct RMSprop: Sendable {
    public let alpha: Float
    public let eps: Float
    private var squareAverage: [[Float]]
    private var momentumBuffer: [[Float]]

    /// torch defaults: alpha 0.99, eps 1e-8.
    public init(shapes parameters: [Tensor], alpha: Float = 0.99, eps: Float = 1e-8) {
        self.alpha = alpha
        self.eps = eps
        squareAverage = parameters.map { [Float](repeating: 0, count: $0.count) }
        momentumBuffer = squareAverage
    }

    /// One update of every parameter with its gradient.
    public mutating func step(parameters: inout [Tensor], gradients: [Tensor], learningRate: Float, momentum: Float) {
        precondition(parameters.count == gradients.count && parameters.count == squareAverage.count,
                     "RMSprop: parameter list changed")
        for k in parameters.indices {
            let g = gradients[k].data
            precondition(g.count == parameters[k].count, "RMSprop: gradient \(k) has the wrong size")
            squareAverage[k].withUnsafeMutableBufferPointer { v in
                momentumBuffer[k].withUnsafeMutableBufferPointer { buf in
                    parameters[k].data.withUnsafeMutableBufferPointer { p in
                        for j in 0..<g.count {
                            v[j] = alpha * v[j] + (1 - alpha) * g[j] * g[j]
                            let avg = v[j].squareRoot() + eps
                            buf[j] = momentum * buf[j] + g[j] / avg
                            p[j] -= learningRate * buf[j]
                        }
                    }
                }
            }
        }
    }
}
