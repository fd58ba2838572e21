import CNcurses
import Foundation
import Testing

/// ncurses links and runs: start a screen on a pseudo-terminal, draw, end it,
/// and read back what reached the terminal.
@Test func cursesStartsDrawsAndEndsOnAPseudoTerminal() throws {
    setlocale(LC_ALL, "")
    var name = [CChar](repeating: 0, count: 256)
    let master = vlaplay_open_pty(&name, name.count)
    try #require(master >= 0, "a pseudo-terminal opens")
    let slave = open(String(cString: name), O_RDWR | O_NOCTTY)
    #expect(slave >= 0)
    let output = fdopen(slave, "w"), input = fdopen(dup(slave), "r")
    guard let screen = newterm("xterm", output, input) else {
        Issue.record("newterm failed: is the terminfo entry for xterm installed (ncurses-base)?")
        return
    }
    mvaddstr(2, 3, "vlaplay-smoke")
    refresh()
    let rows = getmaxy(vlaplay_stdscr()), cols = getmaxx(vlaplay_stdscr())
    endwin()
    delscreen(screen)
    fclose(output); fclose(input)
    #expect(rows > 0 && cols > 0)

    // Read what curses wrote to the terminal.
    _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    for _ in 0..<50 {
        let n = read(master, &buffer, buffer.count)
        if n > 0 { bytes += buffer[0..<n] } else { usleep(2000) }
        if String(decoding: bytes, as: UTF8.self).contains("vlaplay-smoke") { break }
    }
    close(master)
    #expect(String(decoding: bytes, as: UTF8.self).contains("vlaplay-smoke"))
}
