// OpenBLAS control points: thread count round trip and the build / core description.
import Testing
import EmoKernels

@Suite("OpenBLAS control", .serialized)
struct BlasTests {
    @Test("thread count can be set and read back")
    func threads() {
        let before = BlasThreads.current
        BlasThreads.set(1)
        #expect(BlasThreads.current == 1)
        BlasThreads.set(before)
        #expect(BlasThreads.current == before)
    }

    @Test("using(_:_:) sets the count for its body and restores it, also after a throw")
    func using() {
        struct Stop: Error {}
        let before = BlasThreads.current
        let other = before == 1 ? 2 : 1
        let inside = BlasThreads.using(other) { BlasThreads.current }
        #expect(inside == other && BlasThreads.current == before)
        #expect(throws: Stop.self) { try BlasThreads.using(other) { throw Stop() } }
        #expect(BlasThreads.current == before)
    }

    @Test("config and core name describe the library")
    func info() {
        #expect(BlasInfo.config.contains("OpenBLAS"))
        #expect(!BlasInfo.coreName.isEmpty && BlasInfo.coreName != "unknown")
        #expect(BlasInfo.summary.contains(BlasInfo.coreName))
    }
}
