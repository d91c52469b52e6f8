// RMSprop and CyclicLR values checked against hand-computed torch semantics.
import Testing
import EmoKernels
@testable import EmoProbe

@Suite struct OptimiserTests {
    @Test func rmspropFollowsTorchUpdateRule() {
        var parameters = [Tensor(shape: [2], data: [1, -1])]
        var optimizer = RMSprop(shapes: parameters)
        let gradient = [Tensor(shape: [2], data: [2, 0.5])]
        optimizer.step(parameters: &parameters, gradients: gradient, learningRate: 0.1, momentum: 0.9)
        // v = 0.01 g², avg = sqrt(v) + 1e-8 = 0.1|g|, buf = g / avg = 10 sign(g), p -= 0.1 * buf
        #expect(abs(parameters[0].data[0] - 0) < 1e-5)
        #expect(abs(parameters[0].data[1] - (-2)) < 1e-5)
        optimizer.step(parameters: &parameters, gradients: gradient, learningRate: 0.1, momentum: 0.9)
        // v = 0.99·0.01g² + 0.01g² = 0.0199 g², buf = 0.9·10 + 1/sqrt(0.0199)
        let buf = 9 + 1 / Float(0.0199).squareRoot()
        #expect(abs(parameters[0].data[0] - (0 - 0.1 * buf)) < 1e-4)
    }

    @Test func cyclicScheduleIsTriangularPerEpochWithInverseMomentum() {
        let schedule = CyclicSchedule()   // 5e-4 .. 1e-3, step 10 up and 10 down
        let at0 = schedule.values(at: 0), at5 = schedule.values(at: 5), at10 = schedule.values(at: 10)
        #expect(at0.learningRate == 5e-4 && abs(at0.momentum - 0.9) < 1e-7)
        #expect(abs(at5.learningRate - 7.5e-4) < 1e-9 && abs(at5.momentum - 0.85) < 1e-7)
        #expect(abs(at10.learningRate - 1e-3) < 1e-9 && abs(at10.momentum - 0.8) < 1e-7)
        #expect(abs(schedule.values(at: 15).learningRate - 7.5e-4) < 1e-9)
        #expect(schedule.values(at: 20) == schedule.values(at: 0))
        #expect(schedule.values(at: 33) == schedule.values(at: 13))
    }
}
