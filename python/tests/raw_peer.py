"""A client that sends exactly the bytes a test wants: what a hostile or broken peer
would send, which urllib and websockets (rightly) refuse to write."""

from __future__ import annotations

import base64
import json
import os
import socket
import time


def raw_exchange(host: str, port: int, data: bytes, timeout: float = 10,
                 half_close: bool = False) -> tuple[int | None, bytes]:
    """Sends ``data``; (status, body) of the first reply, read until it is whole or the
    server closes. ``half_close`` ends the sending side after ``data`` (a body shorter
    than its Content-Length); websockets drops a handshake whose client did that."""
    with socket.create_connection((host, port), timeout=timeout) as s:
        s.sendall(data)
        if half_close:
            s.shutdown(socket.SHUT_WR)
        reply = read_until_close(s, timeout, stop_when_whole=True)
    return parse_reply(reply)


def read_until_close(s: socket.socket, timeout: float, stop_when_whole: bool = False) -> bytes:
    s.settimeout(timeout)
    reply = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            chunk = s.recv(65536)
        except (ConnectionResetError, TimeoutError):
            break
        if not chunk:
            break
        reply += chunk
        if stop_when_whole and is_whole(reply):
            break
    return reply


def is_whole(reply: bytes) -> bool:
    """A status line, headers and as much body as Content-Length says (0 if none)."""
    head, sep, body = reply.partition(b"\r\n\r\n")
    if not sep:
        return False
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length" and value.strip().isdigit():
            length = int(value)
    return len(body) >= length


def parse_reply(reply: bytes) -> tuple[int | None, bytes]:
    if not reply.startswith(b"HTTP/1."):
        return None, reply
    head, _, body = reply.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            body = body[: int(value)]
    return status, body


def error_of(body: bytes) -> str:
    """The "error" of a JSON error reply (the test fails if the body is not one)."""
    return json.loads(body)["error"]


def ws_upgrade(path: str = "/", extra: str = "") -> bytes:
    key = base64.b64encode(os.urandom(16)).decode()
    return (f"GET {path} HTTP/1.1\r\nHost: test\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n{extra}\r\n").encode()


def masked_frame_head(opcode: int, length: int) -> bytes:
    """A client frame's head declaring ``length`` bytes (64-bit length form), mask included."""
    return bytes([0x80 | opcode, 0x80 | 127]) + length.to_bytes(8, "big") + b"\0\0\0\0"


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident memory (VmHWM), in MB."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM")
