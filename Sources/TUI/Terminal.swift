// The ncurses backend: the only file that calls curses. It paints Frames and turns
// keys and resizes into Events; everything else in the TUI is pure.
import Spatial
import CNcurses
import Foundation
import Render

#if canImport(Glibc)
import Glibc
#endif

/// Signal plumbing: handlers may only touch these (async-signal-safe writes).
nonisolated(unsafe) private var wakeWriteFD: Int32 = -1
nonisolated(unsafe) private var interruptCount: Int32 = 0
nonisolated(unsafe) private var cursesWinchHandler: (@convention(c) (Int32) -> Void)?

private func wakeFromSignal() {
    guard wakeWriteFD >= 0 else { return }
    var b: UInt8 = 1
    _ = write(wakeWriteFD, &b, 1)
}

private let onInterrupt: @convention(c) (Int32) -> Void = { _ in
    interruptCount += 1
    if interruptCount > 1 {
        // The loop did not get to it: restore the terminal the blunt way and leave.
        endwin()
        _exit(130)
    }
    wakeFromSignal()
}

private let onWinch: @convention(c) (Int32) -> Void = { sig in
    cursesWinchHandler?(sig)   // ncurses notes the resize; its next read returns KEY_RESIZE
    wakeFromSignal()
}

/// A terminal driven by ncurses. Confined to the thread that runs the program loop
/// (curses is not thread-safe); `@unchecked Sendable` only so the loop can own it
/// inside an async command — no other thread ever touches it.
public final class CursesTerminal: @unchecked Sendable {
    private let screen: OpaquePointer
    private let window: UnsafeMutablePointer<WINDOW>
    private let output: UnsafeMutablePointer<FILE>?
    private let input: UnsafeMutablePointer<FILE>?
    private let wakeRead: Int32
    private let wakeWrite: Int32
    /// ncurses pairs allocated so far, by (fg, bg) of curses colour numbers.
    private var pairs: [Int32: Int16] = [:]
    private var nextPair: Int16 = 1
    private var lastFrame: Frame?
    private var ended = false
    public let colors: Int
    public let utf8: Bool

    public enum StartError: Error, CustomStringConvertible {
        case noTerminal(String)
        public var description: String {
            switch self { case .noTerminal(let m): return m }
        }
    }

    public init() throws {
        setlocale(LC_ALL, "")
        utf8 = String(cString: nl_langinfo(nl_item(CODESET))).uppercased().replacingOccurrences(of: "-", with: "") == "UTF8"
        // Our own FILE handles on fds 1 and 0: Swift 6 rejects the C globals stdout/stdin.
        output = fdopen(dup(STDOUT_FILENO), "w")
        input = fdopen(dup(STDIN_FILENO), "r")
        guard let scr = newterm(nil, output, input) else {
            throw StartError.noTerminal("cannot start curses for TERM=\(ProcessInfo.processInfo.environment["TERM"] ?? "(unset)"): is its terminfo entry installed (ncurses-base)?")
        }
        screen = scr
        set_term(scr)
        guard let w = vlaplay_stdscr() else { endwin(); delscreen(scr); throw StartError.noTerminal("curses gave no screen") }
        window = w
        raw()
        noecho()
        nonl()
        keypad(w, true)
        nodelay(w, true)
        // Mouse reports where the terminal has them; elsewhere this does nothing.
        mousemask(vlaplay_mouse_all(), nil)
        mouseinterval(0)
        set_escdelay(25)
        curs_set(0)
        if has_colors() {
            start_color()
            use_default_colors()
            colors = Int(vlaplay_colors())
        } else {
            colors = 0
        }
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) != 0 { fds = [-1, -1] }
        wakeRead = fds[0]; wakeWrite = fds[1]
        for fd in fds where fd >= 0 { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        wakeWriteFD = wakeWrite
        install(SIGINT, onInterrupt)
        install(SIGTERM, onInterrupt)
        install(SIGHUP, onInterrupt)
        var old = sigaction()
        var action = sigaction()
        action.__sigaction_handler.sa_handler = onWinch
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        if sigaction(SIGWINCH, &action, &old) == 0 {
            cursesWinchHandler = old.__sigaction_handler.sa_handler
        }
    }

    private func install(_ sig: Int32, _ handler: @escaping @convention(c) (Int32) -> Void) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = handler
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(sig, &action, nil)
    }

    /// Wakes `waitForEvents` from another thread (a policy answered).
    public var wakeHandle: WakeHandle { WakeHandle(fd: wakeWrite) }

    public var size: (width: Int, height: Int) { (Int(getmaxx(window)), Int(getmaxy(window))) }

    /// Restores the terminal. Safe to call twice.
    public func end() {
        guard !ended else { return }
        ended = true
        curs_set(1)
        endwin()
        delscreen(screen)
        if let output { fclose(output) }
        if let input { fclose(input) }
        wakeWriteFD = -1
        if wakeRead >= 0 { close(wakeRead) }
        if wakeWrite >= 0 { close(wakeWrite) }
        signal(SIGINT, SIG_DFL); signal(SIGTERM, SIG_DFL); signal(SIGHUP, SIG_DFL)
    }

    deinit { end() }

    // MARK: input

    /// Blocks until a key, a resize, a wake-up or the timeout (nil: no timeout — no
    /// busy polling while paused). Returns what arrived, possibly nothing.
    public func waitForEvents(timeoutMilliseconds: Int?) -> [Event] {
        var events = readKeys()
        if !events.isEmpty { return events }
        var fds = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0), pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
        let timeout = Int32(clamping: timeoutMilliseconds ?? -1)
        _ = poll(&fds, nfds_t(fds.count), timeout)
        if fds[1].revents != 0 {
            var buf = [UInt8](repeating: 0, count: 64)
            while read(wakeRead, &buf, buf.count) > 0 {}
        }
        // The terminal hung up (window closed, ssh dropped): leave as if interrupted.
        if interruptCount > 0 || fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { events.append(.interrupt) }
        events += readKeys()
        return events
    }

    private func readKeys() -> [Event] {
        var out: [Event] = []
        var wch: wint_t = 0
        for _ in 0..<256 {
            let r = wget_wch(window, &wch)
            if r == ERR { break }
            if r == KEY_CODE_YES {
                if Int32(wch) == KEY_RESIZE {
                    let (w, h) = size
                    lastFrame = nil
                    out.append(.resize(width: w, height: h))
                } else if Int32(wch) == KEY_MOUSE {
                    var ev = MEVENT()
                    if getmouse(&ev) == OK {
                        let m = ev.bstate
                        let kind: Mouse.Kind? = vlaplay_mouse_pressed(m) != 0 ? .press : vlaplay_mouse_released(m) != 0 ? .release
                            : vlaplay_mouse_wheel_up(m) != 0 ? .wheelUp : vlaplay_mouse_wheel_down(m) != 0 ? .wheelDown
                            : vlaplay_mouse_moved(m) != 0 ? .drag : nil
                        if let kind { out.append(.mouse(Mouse(x: Int(ev.x), y: Int(ev.y), kind: kind))) }
                    }
                } else if let k = functionKey(Int32(wch)) {
                    out.append(.key(k))
                }
            } else if let k = characterKey(UInt32(wch)) {
                out.append(.key(k))
            }
        }
        return out
    }

    private func functionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_ENTER: return .enter
        case KEY_BTAB: return .backTab
        case KEY_F0 + 1...KEY_F0 + 12: return .function(Int(code - KEY_F0))
        default: return nil
        }
    }

    private func characterKey(_ v: UInt32) -> Key? {
        switch v {
        case 13, 10: return .enter
        case 9: return .tab
        case 27: return .escape
        case 127, 8: return .backspace
        case 1...26: return .ctrl(Character(Unicode.Scalar(v + 96)!))
        case 0, 28...31: return nil
        default:
            guard let u = Unicode.Scalar(v) else { return nil }
            return .char(Character(u))
        }
    }

    // MARK: output

    /// Paints a frame: only the cells that changed since the last one.
    public func paint(_ frame: Frame) {
        let full = lastFrame == nil || lastFrame!.width != frame.width || lastFrame!.height != frame.height
        if full { werase(window) }
        var cc = cchar_t()
        var chars: [wchar_t] = [0, 0]
        for y in 0..<frame.height {
            for x in 0..<frame.width {
                let i = y * frame.width + x
                let cell = frame.cells[i]
                if !full, let last = lastFrame, last.cells[i] == cell { continue }
                if cell.scalar == Cell.continuation { continue }
                var v = utf8 ? cell.scalar : asciiFallback(cell.scalar)
                // A camera image without colours: a shade character by brightness.
                if colors < 8, cell.style.fg.cubeLevels != nil {
                    let shades = Array(" .:-=+*#%@".unicodeScalars)
                    let l = (cell.style.fg.luminance + cell.style.bg.luminance) / 2
                    v = shades[min(shades.count - 1, clampedInt(l * Double(shades.count), .towardZero))].value
                }
                chars[0] = wchar_t(bitPattern: v)
                let (attr, pair) = attributes(cell.style)
                setcchar(&cc, chars, attr, pair, nil)
                mvwadd_wch(window, Int32(y), Int32(x), &cc)
            }
        }
        if let c = frame.cursor { wmove(window, Int32(c.y), Int32(c.x)) }
        wrefresh(window)
        lastFrame = frame
    }

    /// Forgets what is on screen, so the next paint redraws everything.
    public func invalidate() { lastFrame = nil }

    private func attributes(_ style: Style) -> (attr_t, Int16) {
        var attr: attr_t = 0
        let a = style.attributes
        if a.contains(.bold) { attr |= 0x200000 }
        if a.contains(.dim) { attr |= 0x100000 }
        if a.contains(.reverse) { attr |= 0x40000 }
        if a.contains(.underline) { attr |= 0x20000 }
        if colors < 8 {
            // Monochrome: a coloured background (bars, banners, the cursor) reads as reverse video.
            if style.bg != .default && style.bg != .surface && style.bg != .fixture { attr |= 0x40000 }
            return (attr, 0)
        }
        let (fg, fgBold) = curses(style.fg)
        let (bg, _) = curses(style.bg)
        if fgBold { attr |= 0x200000 }
        if fg == -1 && bg == -1 { return (attr, 0) }
        let key = (Int32(fg) << 16) | (Int32(bg) & 0xFFFF)
        if let p = pairs[key] { return (attr, p) }
        guard Int32(nextPair) < min(32767, COLOR_PAIRS_value) else { return (attr, 0) }
        let p = nextPair
        init_pair(p, fg, bg)
        pairs[key] = p
        nextPair += 1
        return (attr, p)
    }

    /// Colour pairs the terminal has (terminfo `pairs`; Swift 6 rejects reading COLOR_PAIRS).
    private lazy var COLOR_PAIRS_value: Int32 = { let n = tigetnum("pairs"); return n > 0 ? n : 64 }()

    /// A semantic colour as a curses colour number (-1: the terminal's default) and
    /// whether 8-colour terminals should add bold to brighten it.
    private func curses(_ c: Color) -> (Int16, Bool) {
        if c == .default { return (-1, false) }
        if let (r, g, b) = c.cubeLevels {
            if colors >= 256 { return (Int16(16 + 36 * r + 6 * g + b), false) }
            // The nearest of the 8 basic colours: each channel on or off; bright when light.
            let n = (r >= 3 ? 1 : 0) | (g >= 3 ? 2 : 0) | (b >= 3 ? 4 : 0)
            let bright = max(r, g, b) >= 4
            if colors >= 16 && bright { return (Int16(n + 8), false) }
            return (Int16(n), bright)
        }
        if colors >= 256 { return (Int16(CursesTerminal.palette256[Int(c.rawValue)]), false) }
        let (n, bright) = CursesTerminal.palette8[Int(c.rawValue)]
        if n < 0 { return (-1, false) }
        if colors >= 16 && bright { return (Int16(n + 8), false) }
        return (Int16(n), bright)
    }

    /// xterm-256 numbers for each semantic colour (index = Color.rawValue).
    static let palette256: [Int] = {
        var p = [Int](repeating: -1, count: Color.count)
        func set(_ c: Color, _ v: Int) { p[Int(c.rawValue)] = v }
        set(.black, 16); set(.red, 203); set(.green, 114); set(.yellow, 221); set(.blue, 75); set(.magenta, 170)
        set(.cyan, 80); set(.white, 255); set(.gray, 247); set(.darkGray, 242); set(.orange, 214); set(.brown, 137)
        set(.pink, 211); set(.purple, 141); set(.surface, 235); set(.fixture, 238); set(.wall, 244); set(.bar, 24)
        for (i, v) in [51, 45, 39, 33, 62, 60].enumerated() { set(.trail(i), v) }
        set(.ghost, 244)
        for (i, v) in [27, 33, 39, 110, 240, 217, 210, 203, 196].enumerated() { set(.heat(i - 4), v) }
        return p
    }()

    /// Basic colour numbers (0–7) and whether to brighten, for 8- and 16-colour terminals.
    static let palette8: [(Int, Bool)] = {
        var p = [(Int, Bool)](repeating: (-1, false), count: Color.count)
        func set(_ c: Color, _ n: Int, _ bright: Bool = false) { p[Int(c.rawValue)] = (n, bright) }
        set(.black, 0); set(.red, 1, true); set(.green, 2, true); set(.yellow, 3, true); set(.blue, 4, true); set(.magenta, 5, true)
        set(.cyan, 6, true); set(.white, 7, true); set(.gray, 7); set(.darkGray, 0, true); set(.orange, 3); set(.brown, 3)
        set(.pink, 5); set(.purple, 5); set(.wall, 7); set(.bar, 4)
        for i in 0..<6 { set(.trail(i), i < 3 ? 6 : 4, i < 2) }
        set(.ghost, 7)
        for i in -4...4 { set(.heat(i), i < 0 ? 4 : (i == 0 ? 7 : 1), abs(i) >= 3) }
        return p
    }()
}

/// Wakes the program loop from any thread.
public struct WakeHandle: Sendable {
    let fd: Int32
    public func wake() {
        guard fd >= 0 else { return }
        var b: UInt8 = 1
        _ = write(fd, &b, 1)
    }
}
