"""What one client can make the reference server hold (issue 15, item 6).

The server is a reference and a test peer, but it listens on a socket: a client that
sends a 200 MB frame, a header that never ends, a negative Content-Length or a
thousand idle connections must get a refusal, not a server that swells, hangs or
runs out of threads. The defaults fit every vlaplay observation with room to spare
(four 512x512 RGB cameras are 3 MiB) and are flags of the command line.
"""

from __future__ import annotations

from dataclasses import dataclass

# One websocket message or one HTTP request body. websockets refuses a longer frame
# from its header (close 1009) before reading the payload; HTTP answers 413 before
# reading the body.
MAX_MESSAGE_BYTES = 16 << 20
# The HTTP request line and headers together (the standard library alone allows 100
# lines of 64 KiB each); beyond it, 431.
MAX_HEADER_BYTES = 64 << 10
# Open connections at a time, both protocols; one more is answered 503 and closed.
MAX_CONNECTIONS = 64
# Seconds a connection may wait between two reads of a request (HTTP: the request line,
# each header, the body; websocket: the opening handshake). A slow-header client is
# closed after it; an idle websocket client is not (it may be a paused episode).
IO_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class Limits:
    max_message_bytes: int = MAX_MESSAGE_BYTES
    max_header_bytes: int = MAX_HEADER_BYTES
    max_connections: int = MAX_CONNECTIONS
    io_timeout_s: float = IO_TIMEOUT_S
