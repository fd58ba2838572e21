import Foundation

/// The checkout's root, the one place every test target finds Robots/, Scenes/,
/// python/ and the built binary from.
public let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
public let repoRoot: String = repositoryRoot.path
