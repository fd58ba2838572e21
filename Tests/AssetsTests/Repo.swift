import Foundation
import TestSupport

/// The checkout's root, found from this file's path (tests run in the checkout).
let robotsDir = repoRoot + "/Robots"

func read(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
