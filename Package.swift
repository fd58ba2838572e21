// swift-tools-version:6.0
// vlaplay: a terminal simulator and policy playground for vision-language-action models.
// Targets follow docs/ARCHITECTURE.md, bottom to top.
import PackageDescription

let package = Package(
    name: "vlaplay",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "vlaplay", targets: ["vlaplay"]),
        // For Fuzz/ (a package of its own, built only with -sanitize=fuzzer): the modules whose parsers read outside input.
        .library(name: "VlaplayParsers", targets: ["Remote", "Assets", "Policy"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CNcurses",
            path: "Sources/CNcurses",
            providers: [.apt(["libncurses-dev"])]
        ),
        .target(name: "Spatial"),
        .target(name: "CSinCos"),
        .target(name: "Kinematics", dependencies: ["Spatial", "CSinCos"]),
        .target(name: "World", dependencies: ["Kinematics", "Spatial"]),
        .target(name: "Render", dependencies: ["World", "Kinematics", "Spatial"]),
        // Policies see camera images, but Policy does not render: the Episode passes the renderer in.
        .target(name: "Policy", dependencies: ["World", "Kinematics", "Spatial"]),
        // The one episode loop (observe, chunks, refusal rule, preview, logs as values), driven by the CLI and the TUI.
        .target(name: "Episode", dependencies: ["Policy", "Render", "World", "Kinematics", "Spatial"]),
        // Network policies: openpi websocket + msgpack, HTTP JSON. The only target that touches the network.
        .target(name: "Remote", dependencies: ["Policy", "MiniVLA", "World", "Spatial"]),
        // The learned in-process VLA (issue 16): safetensors reader, tokenizer, Float32 forward pass, flow sampling.
        // Reads no files: Assets' ModelFiles passes the bytes in.
        // The forward pass is SIMD code that unoptimised builds run ~50× slower (generic
        // SIMD operations are not specialised at -Onone): debug builds optimise this one
        // module too, so tests and the playground's debug binary infer in milliseconds.
        // Its dense layer's AVX2 + FMA kernel in C, chosen at run time (the binary stays baseline x86-64).
        .target(name: "CMiniVLAKernels", cSettings: [.unsafeFlags(["-O2"], .when(configuration: .debug))]),
        .target(name: "MiniVLA", dependencies: ["Policy", "World", "Spatial", "CMiniVLAKernels"],
                swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        // LeRobotDataset v3.0 recording: a minimal Parquet writer, LeRobot's layout and stats as pure encoders,
        // and recording expert episodes from the Episode core (virtual embodiments, paraphrases). Writes no files.
        .target(name: "Dataset", dependencies: ["Episode", "Policy", "Render", "World", "Kinematics", "Spatial"]),
        .target(name: "TUI", dependencies: ["Episode", "Remote", "Render", "Policy", "Assets", "World", "Kinematics", "Spatial", "CNcurses"]),
        .target(name: "Assets", dependencies: ["World", "Kinematics", "Spatial", .product(name: "Yams", package: "Yams")]),
        .executableTarget(
            name: "vlaplay",
            dependencies: [
                "TUI", "Episode", "Dataset", "Remote", "MiniVLA", "Render", "Assets", "Policy", "World", "Kinematics", "Spatial",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "SpatialTests", dependencies: ["Spatial"]),
        .testTarget(name: "KinematicsTests", dependencies: ["Kinematics", "Spatial"]),
        .testTarget(name: "AssetsTests", dependencies: ["TestSupport", "Assets", "World", "Kinematics", "Spatial"]),
        .testTarget(name: "TerminalTests", dependencies: ["CNcurses"]),
        .testTarget(name: "TUITests", dependencies: ["TestSupport", "TUI", "Episode", "Remote", "Render", "Assets", "Policy", "World", "Kinematics", "Spatial"],
                    exclude: ["Snapshots"]),
        // Yams reads the prompt corpus (Tests/Corpora/prompts.yaml).
        .testTarget(name: "PolicyTests", dependencies: ["TestSupport", "Assets", "Episode", "Policy", "World", "Kinematics", "Spatial",
                                                        .product(name: "Yams", package: "Yams")]),
        .testTarget(name: "RenderTests", dependencies: ["TestSupport", "Render", "Assets", "World", "Kinematics", "Spatial"]),
        .testTarget(name: "DatasetTests", dependencies: ["TestSupport", "Dataset", "Assets", "Episode", "Policy", "Render", "World", "Kinematics", "Spatial"]),
        .testTarget(name: "MiniVLATests", dependencies: ["TestSupport", "MiniVLA", "Assets", "Episode", "Policy", "World", "Spatial"],
                    exclude: ["Golden"]),
        .testTarget(name: "RemoteTests", dependencies: ["TestSupport", "Episode", "Remote", "Policy", "Assets", "World"]),
        // Test helpers shared by test targets: the repository root, the built binary, the reference policy server as a process.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "WorldTests", dependencies: ["TestSupport", "Assets", "Episode", "Policy", "World", "Kinematics", "Spatial"]),
        .testTarget(
            name: "VlaplayTests",
            dependencies: ["TestSupport", "Assets", "World", "Kinematics", "Spatial"],
            exclude: ["Golden"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
