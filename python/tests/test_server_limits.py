"""The reference server's resources are bounded and every malformed request gets an
error reply (issue 15, item 6). Each reproduction runs against the server as a real
process, sending the bytes a hostile client would."""

from __future__ import annotations

import json
import socket
import time

import msgpack
import pytest
from openpi_client.websocket_client_policy import WebsocketClientPolicy
from websockets.exceptions import ConnectionClosed, InvalidStatus

from conftest import Server
from raw_peer import error_of, masked_frame_head, peak_rss_mb, raw_exchange, read_until_close, ws_upgrade
from test_http import post
from test_websocket import connect, libero_obs


def eventually(check, seconds: float = 5) -> bool:
    """True once ``check()`` is (the server logs after the client has its answer)."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def http_request(body: bytes | None, headers: str = "", length: str | None = "auto", method: str = "POST",
                 path: str = "/act") -> bytes:
    if length == "auto":
        length = str(len(body or b""))
    head = f"{method} {path} HTTP/1.1\r\nHost: test\r\n" + (f"Content-Length: {length}\r\n" if length is not None else "")
    return (head + headers + "\r\n").encode() + (body or b"")


# --- websocket -----------------------------------------------------------------------

@pytest.mark.skipif(not __import__("os").path.exists("/proc/self/status"), reason="reads /proc for the peak memory")
def test_a_200_mb_frame_is_refused_from_its_header_without_a_memory_peak(server):
    s = server("--policy", "zeros")
    with connect(s.url) as ws:
        ws.recv()  # the metadata frame
        before = peak_rss_mb(s.proc.pid)
        # Declares 200 MB and sends 1 MB of it: the server must not wait for (or
        # allocate) the rest. Before issue 15 it read all 200 MB (a 501 MB peak).
        ws.socket.sendall(masked_frame_head(0x2, 200_000_000) + b"\0" * (1 << 20))
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=10)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009
    assert peak_rss_mb(s.proc.pid) - before < 40
    assert eventually(lambda: "--max-message-bytes" in s.stderr())
    assert WebsocketClientPolicy(s.url).infer(libero_obs())["actions"].shape == (10, 7)


def test_a_message_over_the_limit_closes_with_1009_and_one_under_it_is_served(server):
    s = server("--policy", "zeros", "--max-message-bytes", str(1 << 20))
    obs = libero_obs()  # two 224x224 RGB images: ~300 KB
    assert WebsocketClientPolicy(s.url).infer(obs)["actions"].shape == (10, 7)
    with connect(s.url) as ws:
        ws.recv()
        ws.send(msgpack.packb({"prompt": "x" * (2 << 20)}))
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=10)
        assert closed.value.rcvd.code == 1009


def test_deep_msgpack_nesting_gets_an_error_frame_and_the_server_stays_up(server):
    s = server("--policy", "zeros")
    with connect(s.url) as ws:
        ws.recv()
        ws.send(b"\x91" * 100_000 + b"\xc0")  # 100 k nested one-element arrays
        reply = ws.recv(timeout=10)
        assert isinstance(reply, str) and "Error" in reply
    assert s.proc.poll() is None


def test_websocket_connections_are_bounded(server):
    s = server("--policy", "zeros", "--max-connections", "1")
    with connect(s.url) as first:
        first.recv()
        with pytest.raises(InvalidStatus) as refused:
            connect(s.url)
        assert refused.value.response.status_code == 503
    time.sleep(0.3)  # the first connection's handler has finished
    assert WebsocketClientPolicy(s.url).infer(libero_obs())["actions"].shape == (10, 7)


def test_a_stalled_websocket_handshake_is_closed(server):
    s = server("--policy", "zeros", "--io-timeout", "1")
    with socket.create_connection((s.host, s.port), timeout=10) as c:
        c.sendall(ws_upgrade()[:40])  # half a request line and headers, then nothing
        start = time.monotonic()
        read_until_close(c, 10)
        assert time.monotonic() - start < 5


# --- HTTP ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def http_server():
    """One HTTP server for the tests below: each also checks that it still serves."""
    s = Server(["--protocol", "http", "--policy", "zeros"])
    yield s
    s.stop()
    s.proc.stdout.close()
    s.stderr_file.close()


@pytest.mark.parametrize("length,status,words", [
    (None, 411, "no Content-Length"),
    ("-1", 400, "whole number"),
    ("abc", 400, "whole number"),
    ("1e3", 400, "whole number"),
    ("99999999999999999999999", 400, "whole number"),
    ("200000000", 413, "at most 16777216"),
])
def test_bad_content_lengths_are_answered_at_once(http_server, length, status, words):
    start = time.monotonic()
    got, body = raw_exchange(http_server.host, http_server.port, http_request(b"{}", length=length))
    assert got == status and words in error_of(body)
    assert time.monotonic() - start < 5  # before issue 15, -1 read until the client closed
    assert post(http_server.url, b"{}")[0] == 200


def test_two_different_content_lengths_and_chunked_bodies_are_refused(http_server):
    got, body = raw_exchange(http_server.host, http_server.port, http_request(b"{}", headers="Content-Length: 3\r\n"))
    assert got == 400 and "whole number" in error_of(body)
    got, body = raw_exchange(http_server.host, http_server.port,
                             http_request(b"2\r\n{}\r\n0\r\n\r\n", length=None, headers="Transfer-Encoding: chunked\r\n"))
    assert got == 411 and "Content-Length" in error_of(body)


def test_a_body_shorter_than_its_content_length_is_refused(http_server):
    got, body = raw_exchange(http_server.host, http_server.port, http_request(b"{}", length="100"), half_close=True)
    assert got == 400 and "ended after 2 of its 100 bytes" in error_of(body)


def test_headers_over_64_kib_are_refused_with_431(http_server):
    headers = "".join(f"X-Padding-{i}: {'y' * 30_000}\r\n" for i in range(3))
    got, body = raw_exchange(http_server.host, http_server.port, http_request(b"{}", headers=headers))
    assert got == 431 and "65536" in error_of(body)


def test_a_malformed_request_line_gets_a_json_error(http_server):
    got, body = raw_exchange(http_server.host, http_server.port, b"GARBAGE\r\n\r\n")
    assert got == 400 and error_of(body)
    got, body = raw_exchange(http_server.host, http_server.port, http_request(b"{}", method="PUT"))
    assert got == 501 and "PUT" in error_of(body)
    got, body = raw_exchange(http_server.host, http_server.port, b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n")
    assert got == 414 and error_of(body)


@pytest.mark.parametrize("body,words", [
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    (b'{"a":' * 100_000 + b"1" + b"}" * 100_000, "nested too deeply"),
    (json.dumps({"state": {"__numpy__": "", "dtype": "<f4", "shape": []}}).encode(), "needs 4 bytes, got 0"),
    (json.dumps({"state": {"__numpy__": "", "dtype": "<f4"}}).encode(), "needs 4 bytes, got 0"),
    (json.dumps({"state": {"__numpy__": "not base64!", "dtype": "<f4", "shape": [1]}}).encode(), "refused array: __numpy__ is not base64"),
    (json.dumps({"state": {"__numpy__": "AAAAAA==", "dtype": "<f4", "shape": "x"}}).encode(), "shape"),
    (json.dumps({"image": [[1, 2], [3]]}).encode(), "image: not an array of numbers"),
    (json.dumps({"observation/state": ["a", "b"]}).encode(), "observation/state: not an array of numbers"),
    (json.dumps({"vlaplay/objects": {"cube": {"x": 1}}}).encode(), "vlaplay/objects/cube: not an array of numbers"),
    (b"\xff\xfe{}", "not valid JSON"),
    (b"[1, 2]", "must be a JSON object"),
])
def test_malformed_bodies_get_a_400_and_the_server_stays_up(http_server, body, words):
    status, reply = post(http_server.url, body)
    assert status == 400 and words in error_of(reply)
    assert http_server.proc.poll() is None
    assert post(http_server.url, b"{}")[0] == 200


def test_a_slow_header_connection_times_out_and_others_are_served_meanwhile(server):
    s = server("--protocol", "http", "--policy", "zeros", "--io-timeout", "1")
    with socket.create_connection((s.host, s.port), timeout=10) as slow:
        slow.sendall(b"POST /act HTTP/1.1\r\nHost: test\r\n")  # and then nothing more
        assert post(s.url, b"{}")[0] == 200
        start = time.monotonic()
        read_until_close(slow, 10)
        assert time.monotonic() - start < 5


def test_a_stalled_body_gets_408(server):
    s = server("--protocol", "http", "--policy", "zeros", "--io-timeout", "1")
    with socket.create_connection((s.host, s.port), timeout=10) as slow:
        slow.sendall(http_request(b"{", length="2"))  # one byte of two, then nothing
        reply = read_until_close(slow, 10)
    assert reply.startswith(b"HTTP/1.1 408") and b"stalled" in reply


def test_http_connections_are_bounded(server):
    s = server("--protocol", "http", "--policy", "zeros", "--max-connections", "2", "--io-timeout", "30")
    idle = [socket.create_connection((s.host, s.port), timeout=10) for _ in range(2)]
    try:
        time.sleep(0.2)  # both accepted
        got, body = raw_exchange(s.host, s.port, http_request(b"{}"))
        assert got == 503 and "maximum of 2 connections" in error_of(body)
    finally:
        for c in idle:
            c.close()
    time.sleep(0.3)  # their threads see the close
    assert post(s.url, b"{}")[0] == 200
