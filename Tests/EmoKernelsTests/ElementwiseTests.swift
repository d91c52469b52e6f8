// Residual adds, transposes, row slicing and output-buffer reuse.
import Testing
import EmoTestSupport
@testable import EmoKernels

@Suite("Element-wise helpers")
struct ElementwiseTests {
    @Test("residual add and row vector add")
    func adds() {
        var x = Tensor(shape: [2, 3], data: [1, 2, 3, 4, 5, 6])
        addResidual(&x, Tensor(shape: [2, 3], data: [10, 20, 30, 40, 50, 60]))
        #expect(x.data == [11, 22, 33, 44, 55, 66])
        addRowVector(&x, Weight(shape: [3], values: [1, 0, -1]))
        #expect(x.data == [12, 22, 32, 45, 55, 65])
    }

    @Test("transpose of odd shapes crossing the tile size", arguments: [(1, 1), (1, 5), (33, 70), (65, 1)])
    func transposeShapes(s: (Int, Int)) {
        var rng = SeededRandom(seed: 1)
        let x = rng.tensor([s.0, s.1])
        let t = transpose(x)
        #expect(t.shape == [s.1, s.0])
        for a in 0..<s.0 { for b in 0..<s.1 { #expect(t.data[b * s.0 + a] == x.data[a * s.1 + b]) } }
        #expect(transpose(t) == x)
    }

    @Test("rows and concatenation")
    func rowsAndConcat() {
        let x = Tensor(shape: [3, 2], data: [1, 2, 3, 4, 5, 6])
        #expect(rows(x, 1..<3) == Tensor(shape: [2, 2], data: [3, 4, 5, 6]))
        #expect(concatenateRows(rows(x, 0..<1), rows(x, 1..<3)) == x)
    }

    @Test("resizeForOutput keeps capacity and sets the shape")
    func resize() {
        var t = Tensor(zeros: [100, 10])
        let capacity = t.data.capacity
        t.resizeForOutput([3, 7])
        #expect(t.shape == [3, 7] && t.count == 21)
        t.resizeForOutput([50, 20])
        #expect(t.count == 1000 && t.data.capacity == capacity)
    }
}
