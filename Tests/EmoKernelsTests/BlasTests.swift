// OpenBLAS control points: the thread count (set, using, and concurrent using bodies never seeing another's
// count) and the build / core description. Other suites run in parallel in this process and call `using(1)`,
// so every check of the count is made inside a `using` body or through the gate's ordering, never bare.
import Foundation
import Testing
import EmoKernels

/// Runs `body` on its own thread; false if it did not finish within `seconds` (a stuck gate).
private func finishes(within seconds: Double, _ body: @escaping @Sendable () -> Void) -> Bool {
    let done = DispatchSemaphore(value: 0)
    Thread.detachNewThread { body(); done.signal() }
    return done.wait(timeout: .now() + seconds) == .success
}

private final class Flags: @unchecked Sendable {
    // @unchecked: read and written only while holding `lock`.
    private let lock = NSLock()
    private var values: [String: Bool] = [:]
    subscript(_ key: String) -> Bool {
        get { lock.withLock { values[key] ?? false } }
        set { lock.withLock { values[key] = newValue } }
    }
}

@Suite("OpenBLAS control", .serialized)
struct BlasTests {
    @Test("set waits until no using body runs, then sets the count")
    func set() {
        let flags = Flags()
        let started = DispatchSemaphore(value: 0)
        // The process default (no OPENBLAS_NUM_THREADS in the test process): one thread per core.
        let processDefault = BlasThreads.processors
        let body = Thread {
            BlasThreads.using(2) {
                started.signal()
                Thread.sleep(forTimeInterval: 0.1)
                flags["body ended"] = true
            }
        }
        body.start()
        started.wait()
        BlasThreads.set(processDefault)
        #expect(flags["body ended"], "set returned while a using(2) body was running")
    }

    @Test("using(_:_:) sets the count for its body and releases it, also after a throw")
    func using() {
        struct Stop: Error {}
        #expect(BlasThreads.using(1) { BlasThreads.current } == 1)
        #expect(BlasThreads.using(2) { BlasThreads.current } == 2)
        #expect(throws: Stop.self) { try BlasThreads.using(2) { throw Stop() } }
        // After the throw the gate is free again: a body with another count is granted.
        #expect(finishes(within: 30) { _ = BlasThreads.using(1) { BlasThreads.current } })
    }

    @Test("nested using with the count in force runs at once")
    func nested() {
        #expect(BlasThreads.using(1) { BlasThreads.using(1) { BlasThreads.current } } == 1)
    }

    /// The flakiness this prevents: a test comparing two inferences bit for bit while another suite's
    /// `runInference` switched OpenBLAS to one thread between them (sgemm then rounds differently).
    @Test("concurrent bodies with different counts never see each other's count")
    func concurrentBodies() {
        let flags = Flags()
        let group = DispatchGroup()
        for count in [1, 2, 1, 2] {
            group.enter()
            Thread.detachNewThread {
                for _ in 0..<20 {
                    BlasThreads.using(count) {
                        for _ in 0..<5 {
                            if BlasThreads.current != count { flags["foreign count"] = true }
                            Thread.sleep(forTimeInterval: 0.0005)
                        }
                    }
                }
                group.leave()
            }
        }
        #expect(group.wait(timeout: .now() + 60) == .success)
        #expect(!flags["foreign count"])
    }

    @Test("config and core name describe the library")
    func info() {
        #expect(BlasInfo.config.contains("OpenBLAS"))
        #expect(!BlasInfo.coreName.isEmpty && BlasInfo.coreName != "unknown")
        #expect(BlasInfo.summary.contains(BlasInfo.coreName))
    }
}

@Suite("OpenBLAS core advice")
struct BlasCoreAdviceTests {
    @Test("a generic core on a CPU with AVX2 or AVX-512 gets the advice; vector cores, old CPUs and unknown do not")
    func decision() throws {
        for core in ["Prescott", "Core2", "Nehalem", "Penryn", "Sandybridge", "Atom", "Barcelona", " Prescott "] {
            let avx512 = try #require(BlasCoreAdvice.check(core: core, avx2: true, avx512: true), "\(core)")
            #expect(avx512.suggestedCore == "SkylakeX" && avx512.cpuExtension == "AVX-512")
            #expect(avx512.core == core.trimmingCharacters(in: .whitespaces))
            let avx2 = try #require(BlasCoreAdvice.check(core: core, avx2: true, avx512: false), "\(core)")
            #expect(avx2.suggestedCore == "Haswell" && avx2.cpuExtension == "AVX2")
            #expect(BlasCoreAdvice.check(core: core, avx2: false, avx512: false) == nil, "\(core) on an SSE-only CPU")
        }
        for core in ["Haswell", "SkylakeX", "skylakex", "Zen", "COOPERLAKE", "SapphireRapids", "Excavator"] {
            #expect(BlasCoreAdvice.check(core: core, avx2: true, avx512: true) == nil, "\(core)")
        }
        #expect(BlasCoreAdvice.check(core: "unknown", avx2: true, avx512: true) == nil)
        #expect(BlasCoreAdvice.check(core: "", avx2: true, avx512: false) == nil)
        let text = "\(BlasCoreAdvice.check(core: "Prescott", avx2: true, avx512: true)!)"
        #expect(text.contains("Prescott") && text.contains("AVX-512") && text.contains("OPENBLAS_CORETYPE=SkylakeX"))
    }
}
