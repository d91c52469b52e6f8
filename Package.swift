// swift-tools-version:6.1
// emoeval — speech emotion recognition evaluation toolkit. Module layout: see README.md ("Architecture").
// Every module a target imports is declared here (Scripts/check-imports.sh checks it).
import PackageDescription

let package = Package(
    name: "emoeval",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "emoeval", targets: ["emoeval"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // `serve` only. No traits: swift-configuration support is not needed (and not built).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        // Hummingbird's own dependencies, named because EmoServer imports them (nothing extra is built).
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // System libraries (Debian: apt-get install libsndfile1-dev libsamplerate0-dev libopenblas-dev libsqlite3-dev).
        .systemLibrary(name: "CSndFile", path: "Sources/CSndFile", pkgConfig: "sndfile",
                       providers: [.apt(["libsndfile1-dev"])]),
        .systemLibrary(name: "CSampleRate", path: "Sources/CSampleRate", pkgConfig: "samplerate",
                       providers: [.apt(["libsamplerate0-dev"])]),
        .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),

        // The flow: corpus -> audio -> models (checkpoint + kernels) -> runner -> store -> metrics -> report.
        // Shared vocabulary of the recipe, the metrics and the reports: LabelPolicy, HeadlineMetric, RegressionMetric,
        // EmotionDimension, TrainingExposure, PublishedFigure (one type per concept; a leaf).
        .target(name: "EmoTypes"),
        // FFmpeg (mp4/m4a/avi/webm audio) is loaded with dlopen at run time; its headers are optional at build time.
        .target(name: "CFFmpegShim", linkerSettings: [.linkedLibrary("dl")]),
        .target(name: "EmoAudio", dependencies: ["CSndFile", "CSampleRate", "CFFmpegShim"]),
        .target(name: "EmoHash"),   // SHA-256: a leaf, so hashing an identity never pulls in the checkpoint reader
        .target(name: "EmoCheckpoint", dependencies: ["EmoHash"]),
        .target(name: "CEmoKernels"),   // vectorised GELU/softmax with run-time AVX2+FMA dispatch
        .target(name: "EmoKernels", dependencies: ["COpenBLAS", "CEmoKernels"]),
        .target(name: "EmoModels", dependencies: [
            "EmoCheckpoint", "EmoHash", "EmoKernels", "EmoTypes", .product(name: "Yams", package: "Yams"),
        ]),
        // `emoeval bench`: RTF, GFLOP/s against the sgemm-bound floor, process CPU time and peak RSS (/proc).
        .target(name: "EmoBench", dependencies: ["EmoKernels", "EmoModels"]),
        .target(name: "EmoCorpus", dependencies: ["EmoTypes", .product(name: "Yams", package: "Yams")]),
        .target(name: "EmoStore", dependencies: ["CSQLite", "EmoHash"]),   // sha256Hex for identity hashes
        .target(name: "EmoRunner", dependencies: [
            "EmoAudio", "EmoCheckpoint", "EmoCorpus", "EmoHash", "EmoKernels", "EmoModels", "EmoStore",
        ]),
        .target(name: "EmoMetrics", dependencies: ["EmoTypes"]),
        .target(name: "EmoReport", dependencies: ["EmoMetrics", "EmoTypes"]),
        // Recipe + store in, the report's input out: what `report`, `compare` (and a web page) share.
        .target(name: "EmoEvaluation", dependencies: [
            "EmoCorpus", "EmoHash", "EmoMetrics", "EmoReport", "EmoStore", "EmoTypes",
        ]),
        .target(name: "EmoProbe", dependencies: [
            "EmoHash", "EmoKernels", "EmoMetrics", "EmoModels", "EmoStore", "EmoCorpus", "EmoRunner",
        ]),
        // `emoeval serve`: HTTP API and the static page (Resources/Page), no domain logic of its own.
        .target(name: "EmoServer", dependencies: [
            "EmoAudio", "EmoCorpus", "EmoEvaluation", "EmoKernels", "EmoMetrics", "EmoModels", "EmoReport", "EmoStore",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Logging", package: "swift-log"),
        ], resources: [.copy("Page")]),
        .executableTarget(name: "emoeval", dependencies: [
            "EmoAudio", "EmoCheckpoint", "EmoKernels", "EmoModels", "EmoCorpus", "EmoStore",
            "EmoRunner", "EmoMetrics", "EmoReport", "EmoEvaluation", "EmoProbe", "EmoServer", "EmoBench", "EmoTypes", "COpenBLAS",
            "CSndFile", "CSampleRate", "CSQLite",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Tests. Fixtures live in Tests/Fixtures and are located through EmoTestSupport (#filePath).
        .target(name: "EmoTestSupport", dependencies: ["EmoMetrics"], path: "Tests/EmoTestSupport"),   // SeededRandom wraps SplitMix64
        .testTarget(name: "EmoAudioTests", dependencies: ["EmoAudio", "EmoTestSupport"]),
        .testTarget(name: "EmoHashTests", dependencies: ["EmoHash"]),
        .testTarget(name: "EmoCheckpointTests", dependencies: ["EmoCheckpoint", "EmoHash", "EmoTestSupport"]),
        .testTarget(name: "EmoKernelsTests", dependencies: ["EmoKernels", "CEmoKernels", "EmoTestSupport"]),
        .testTarget(name: "EmoModelsTests", dependencies: [
            "EmoModels", "EmoAudio", "EmoBench", "EmoCheckpoint", "EmoKernels", "EmoTypes", "EmoTestSupport",
        ]),
        .testTarget(name: "EmoBenchTests", dependencies: ["EmoBench", "EmoModels", "EmoTestSupport"]),
        .testTarget(name: "EmoCorpusTests", dependencies: ["EmoCorpus", "EmoTypes", "EmoTestSupport"]),
        .testTarget(name: "EmoStoreTests", dependencies: ["EmoStore", "EmoTestSupport"]),
        .testTarget(name: "EmoRunnerTests", dependencies: [
            "EmoRunner", "EmoCheckpoint", "EmoCorpus", "EmoHash", "EmoKernels", "EmoModels", "EmoStore", "EmoTypes",
            "EmoTestSupport",
        ]),
        .testTarget(name: "EmoMetricsTests", dependencies: ["EmoMetrics", "EmoTypes", "EmoTestSupport"]),
        .testTarget(name: "EmoReportTests", dependencies: ["EmoReport", "EmoMetrics", "EmoTypes", "EmoTestSupport"]),
        .testTarget(name: "EmoEvaluationTests", dependencies: [
            "EmoEvaluation", "EmoCorpus", "EmoMetrics", "EmoReport", "EmoStore", "EmoTypes", "EmoTestSupport",
        ]),
        .testTarget(name: "EmoProbeTests", dependencies: ["EmoProbe", "EmoKernels", "EmoMetrics", "EmoTestSupport"]),
        .testTarget(name: "EmoServerTests", dependencies: ["EmoServer", "EmoStore", "EmoTestSupport"]),
        .testTarget(name: "EmoEvalCLITests", dependencies: ["EmoTestSupport", "EmoStore"]),
    ]
)
