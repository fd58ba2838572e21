"""HTTP JSON protocol: `POST /act`, as OpenVLA's deploy.py and similar servers use.

Request: a JSON object of observation keys ("instruction" or "prompt", "image", any
others). Arrays may be json_numpy dicts {"__numpy__": base64, "dtype": "<f4",
"shape": [...]} (decoded) or plain lists (left as lists, except "image",
"observation/state" and friends, which become arrays).
Reply (style "openpi", the default): {"actions": [[...], ...] (H x D), "server_timing":
{"infer_ms": ...}, "policy_timing": {...}, other result keys}. Style "openvla": the
bare json_numpy encoding of ONE action, float32 [D] (the chunk's first row), as
OpenVLA's deploy.py returns.
Also `GET /healthz` -> 200 "OK\\n" and `GET /metadata` -> the policy's metadata.
Errors, all as {"error": ...}: 400 for a body that is not a JSON object of valid
observation values or a bad Content-Length, 401 for the API key, 404 for other paths,
408 when a request stalls (limits.IO_TIMEOUT_S), 411 without a Content-Length, 413 for
a body over the limit, 431 for headers over the limit, 503 when the server already
holds its maximum of connections, 500 {"error": traceback} when inference fails.
Every request gets a reply (issue 15): nothing a client sends ends in an exception
that drops the connection unanswered.
"""

from __future__ import annotations

import itertools
import json
import re
import socket
import threading
import traceback
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable

import numpy as np

from .array_checks import RefusedArray
from .auth import check_authorization
from .describe import describe
from .json_numpy_codec import encode_array, object_hook
from .limits import Limits
from .service import Service, log

ARRAY_KEYS = ("image", "wrist_image", "observation/image", "observation/wrist_image", "observation/state",
              "observation.state", "state", "proprio")


def _jsonable(v: Any) -> Any:
    if isinstance(v, np.ndarray):
        return v.tolist()
    if isinstance(v, np.generic):
        return v.item()
    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    if isinstance(v, (bytes, bytearray)):
        return describe(v)
    return v


class BadObservation(ValueError):
    """A JSON value the server cannot turn into the array its key calls for."""


def _array(key: str, value: Any, dtype: type) -> np.ndarray:
    try:
        return np.asarray(value, dtype=dtype)
    except (ValueError, TypeError, OverflowError) as e:  # ragged lists, strings, numbers out of range
        raise BadObservation(f"{key}: not an array of numbers ({e})") from None


def _arrays(obs: dict) -> dict:
    """Plain lists under the well-known keys become arrays; vlaplay/objects entries too."""
    for k in ARRAY_KEYS:
        if isinstance(obs.get(k), list):
            obs[k] = _array(k, obs[k], np.uint8 if "image" in k else np.float32)
    objs = obs.get("vlaplay/objects")
    if isinstance(objs, dict):
        obs["vlaplay/objects"] = {n: _array(f"vlaplay/objects/{n}", p, np.float64) for n, p in objs.items()}
    return obs


class HeaderTooLarge(Exception):
    """The request line and headers passed limits.MAX_HEADER_BYTES."""


class _HeaderBudget:
    """The request's stream while its headers are read: readline stops at the budget."""

    def __init__(self, stream: Any, budget: int) -> None:
        self.stream, self.left = stream, budget

    def readline(self, size: int = -1) -> bytes:
        if self.left <= 0:
            raise HeaderTooLarge
        line = self.stream.readline(self.left + 1 if size < 0 else min(size, self.left + 1))
        self.left -= len(line)
        if self.left < 0:
            raise HeaderTooLarge
        return line

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


class BoundedHTTPServer(ThreadingHTTPServer):
    """One thread per connection, at most ``max_connections`` of them; one more gets 503."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: type, max_connections: int) -> None:
        super().__init__(address, handler)
        self._slots = threading.BoundedSemaphore(max_connections)
        self.max_connections = max_connections

    def process_request(self, request: socket.socket, client_address: Any) -> None:
        if not self._slots.acquire(blocking=False):
            log(f"refused {client_address[0]}: already {self.max_connections} connections (--max-connections)")
            body = json.dumps({"error": f"the server already holds its maximum of {self.max_connections} connections; "
                                        "try again when one closes"}).encode()
            try:
                request.settimeout(1)
                request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                                b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body))
            except OSError:
                pass
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request: socket.socket, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()


class HttpPolicyServer:
    def __init__(self, service: Service, host: str, port: int, api_key: str | None = None, style: str = "openpi",
                 limits: Limits = Limits()) -> None:
        self.service, self.host, self.port, self.api_key, self.style = service, host, port, api_key, style
        self.limits = limits
        self._count = itertools.count()
        self._replies = 0
        self._lock = threading.Lock()

    def handler_class(self):
        server = self
        limits = self.limits

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Replies to a request line that is not HTTP/1.x ("GARBAGE") carry a status
            # line too (the standard library would answer it as HTTP/0.9: a bare body).
            default_request_version = "HTTP/1.1"
            # The socket's timeout for every read and write: a client that stalls
            # mid-request (slowloris) is closed instead of holding a thread.
            timeout = limits.io_timeout_s

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
                pass  # one line per request comes from Service instead

            def parse_request(self) -> bool:
                # The standard library bounds each header line (64 KiB) and their number
                # (100); this bounds them together.
                stream = self.rfile
                self.rfile = _HeaderBudget(stream, limits.max_header_bytes)
                try:
                    return super().parse_request()
                except HeaderTooLarge:
                    self.send_error(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                                    f"the request's headers are longer than {limits.max_header_bytes} bytes")
                    return False
                finally:
                    self.rfile = stream

            def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
                # The standard library's own refusals (a bad request line, headers too
                # long, an unknown method) as JSON like every other error, and the
                # connection closed: what follows in the stream cannot be trusted.
                self.close_connection = True
                status = HTTPStatus(code)
                text = message or status.phrase
                log(f"http: {code} to {self.client_address[0]}: {text}")
                try:
                    self._send(code, json.dumps({"error": text + (f" ({explain})" if explain else "")}).encode())
                except OSError:
                    pass

            def _send(self, status: int, body: bytes, ctype: str = "application/json") -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                if self.close_connection:
                    self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(body)

            def _json(self, status: int, obj: Any) -> None:
                self._send(status, json.dumps(obj).encode())

            def _refuse(self, status: int, error: str) -> None:
                """An error before the body was read: the rest of the stream is unread, so close."""
                self.close_connection = True
                self._json(status, {"error": error})

            def _authorized(self) -> bool:
                reason = check_authorization(self.headers.get_all("Authorization") or [], server.api_key)
                if reason:
                    log(f"refused {self.client_address[0]}: {reason}")
                    self._refuse(401, reason)
                return reason is None

            def _body(self) -> bytes | None:
                """The request's body by its Content-Length, or None once a refusal is sent."""
                if self.headers.get_all("Transfer-Encoding"):
                    self._refuse(411, "send the body with a Content-Length (Transfer-Encoding is not supported)")
                    return None
                values = [v.strip() for v in self.headers.get_all("Content-Length") or []]
                if not values:
                    self._refuse(411, "the request has no Content-Length; send the JSON body with one")
                    return None
                if len(set(values)) > 1 or not re.fullmatch(r"[0-9]{1,19}", values[0]):
                    self._refuse(400, f"Content-Length must be one whole number of bytes, got {', '.join(values)!r:.60}")
                    return None
                length = int(values[0])
                if length > limits.max_message_bytes:
                    self._refuse(413, f"the body is {length} bytes; this server takes at most {limits.max_message_bytes} "
                                      "(--max-message-bytes)")
                    return None
                raw = self.rfile.read(length)
                if len(raw) < length:
                    self._refuse(400, f"the body ended after {len(raw)} of its {length} bytes")
                    return None
                return raw

            def do_GET(self) -> None:  # noqa: N802
                if self.path == "/healthz":
                    self._send(200, b"OK\n", "text/plain")
                elif self.path == "/metadata":
                    if self._authorized():
                        self._json(200, _jsonable(server.service.metadata))
                else:
                    self._json(404, {"error": f"no GET {self.path}; try POST /act, GET /healthz or GET /metadata"})

            def do_POST(self) -> None:  # noqa: N802
                try:
                    self._post()
                except TimeoutError:
                    log(f"http: {self.client_address[0]} stalled for {limits.io_timeout_s} s mid-request; closing")
                    self.close_connection = True
                    try:
                        self._json(408, {"error": f"the request stalled for {limits.io_timeout_s} s"})
                    except OSError:
                        pass
                except OSError:
                    self.close_connection = True  # the client went away; no one to answer
                except Exception:
                    # A bug or a value no check foresaw still gets an answer.
                    tb = traceback.format_exc()
                    log(f"http: request failed: {tb.strip().splitlines()[-1]}")
                    self.close_connection = True
                    self._json(500, {"error": tb})

            def _post(self) -> None:
                if self.path.rstrip("/") != "/act":
                    self._refuse(404, f"no POST {self.path}; the policy is at POST /act")
                    return
                if not self._authorized():
                    return
                raw = self._body()
                if raw is None:
                    return
                try:
                    obs = json.loads(raw, object_hook=object_hook)
                except RefusedArray as e:
                    self._json(400, {"error": str(e)})
                    return
                except RecursionError:
                    self._json(400, {"error": "the body is not valid JSON: nested too deeply"})
                    return
                except (ValueError, UnicodeDecodeError) as e:
                    self._json(400, {"error": f"the body is not valid JSON: {e}"})
                    return
                if not isinstance(obs, dict):
                    self._json(400, {"error": f"the body must be a JSON object of observation keys, got {type(obs).__name__}"})
                    return
                try:
                    obs = _arrays(obs)
                except BadObservation as e:
                    self._json(400, {"error": str(e)})
                    return
                faults = server.service.faults
                with server._lock:
                    index = next(server._count)
                    drop = faults.should_drop(server._replies)
                if drop:
                    log(f"http: injected fault close_after={faults.close_after}: dropping the connection")
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                try:
                    result = server.service.infer(obs, index, "http")
                except Exception:
                    tb = traceback.format_exc()
                    log(f"http request {index + 1} failed: {tb.strip().splitlines()[-1]}")
                    self._json(500, {"error": tb})
                    return
                with server._lock:
                    server._replies += 1
                if faults.malformed:
                    self._send(200, b"{\"actions\": [[1, 2,", "application/json")
                elif faults.text:
                    self._send(200, b"unexpected", "text/plain")
                elif server.style == "openvla":
                    self._json(200, encode_array(np.asarray(result["actions"], dtype=np.float32)[0]))
                else:
                    out = _jsonable(result)
                    if faults.oversized:
                        out["padding"] = "0" * len(faults.padding())
                    self._json(200, out)

        return Handler

    def run(self, ready: Callable[[str], None], stop: threading.Event) -> None:
        httpd = BoundedHTTPServer((self.host, self.port), self.handler_class(), self.limits.max_connections)
        host, port = httpd.server_address[:2]
        host = f"[{host}]" if ":" in str(host) else host
        thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
        thread.start()
        ready(f"http://{host}:{port}/act")
        try:
            while not stop.wait(0.5):
                pass
        finally:
            httpd.shutdown()
            httpd.server_close()
