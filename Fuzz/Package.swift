// swift-tools-version:6.0
// Coverage-guided fuzz targets (libFuzzer, as OSS-Fuzz projects do) for every parser that
// reads outside input. A package of its own so that the normal build never sees them:
// they link only with -sanitize=fuzzer. Build and run with `make fuzz` (see BENCHMARKS.md,
// "Fuzzing"); each target is one executable whose entry hands libFuzzer its test function.
import PackageDescription

let targets = ["FuzzMessagePack", "FuzzWebSocketFrames", "FuzzHTTPResponse", "FuzzRobotCard", "FuzzScene", "FuzzURDF",
               "FuzzPrompt", "FuzzInstruction"]

let package = Package(
    name: "vlaplay-fuzz",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "vlaplay", path: "..")],
    targets: [
        .target(name: "FuzzSupport", dependencies: [.product(name: "VlaplayParsers", package: "vlaplay")]),
    ] + targets.map {
        .executableTarget(name: $0, dependencies: ["FuzzSupport", .product(name: "VlaplayParsers", package: "vlaplay")])
    },
    swiftLanguageModes: [.v6]
)
