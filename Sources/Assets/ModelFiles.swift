import Foundation

/// The Models/ folder of learned policies' files (Models/minivla/model.safetensors, …):
/// found as Robots/ is — $VLAPLAY_MODELS, then ./Models, then a Models/ folder beside or
/// above the executable (a checkout's build). Only Assets reads files.
public enum ModelFiles {
    public static func locate(executable: String = CommandLine.arguments.first ?? "") throws -> String {
        let fm = FileManager.default
        func isDir(_ p: String) -> Bool {
            var d: ObjCBool = false
            return fm.fileExists(atPath: p, isDirectory: &d) && d.boolValue
        }
        var tried: [String] = []
        if let env = ProcessInfo.processInfo.environment["VLAPLAY_MODELS"], !env.isEmpty {
            if isDir(env) { return env }
            tried.append(env)
        }
        let cwd = fm.currentDirectoryPath + "/Models"
        if isDir(cwd) { return cwd }
        tried.append(cwd)
        var dir = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = dir.appendingPathComponent("Models").path
            if isDir(candidate) { return candidate }
            tried.append(candidate)
            dir = dir.deletingLastPathComponent()
        }
        throw AssetError(file: "Models", line: 1, column: 1, field: "--policy", expected: "a Models/ folder of model weights",
                         found: "none in \(tried.joined(separator: ", "))",
                         hint: "run from the vlaplay checkout, or set VLAPLAY_MODELS")
    }

    /// The bytes of `path` relative to Models/ (e.g. `minivla/model.safetensors`).
    public static func read(_ path: String) throws -> [UInt8] {
        let full = (try locate() as NSString).appendingPathComponent(path)
        guard let data = FileManager.default.contents(atPath: full) else {
            throw AssetError(file: full, line: 1, column: 1, field: "(file)", expected: "a model file", found: "cannot read it",
                             hint: "restore Models/ from the checkout, or retrain with `make train`")
        }
        return [UInt8](data)
    }
}
