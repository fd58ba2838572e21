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
Errors: 400 {"error": ...} for a body that is not a JSON object, 401 for the API key,
404 for other paths, 500 {"error": traceback} when inference fails.
"""

from __future__ import annotations

import itertools
import json
import threading
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable

import numpy as np

from .array_checks import RefusedArray
from .auth import check_authorization
from .describe import describe
from .json_numpy_codec import encode_array, object_hook
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


def _arrays(obs: dict) -> dict:
    """Plain lists under the well-known keys become arrays; vlaplay/objects entries too."""
    for k in ARRAY_KEYS:
        if isinstance(obs.get(k), list):
            obs[k] = np.asarray(obs[k], dtype=np.uint8 if "image" in k else np.float32)
    objs = obs.get("vlaplay/objects")
    if isinstance(objs, dict):
        obs["vlaplay/objects"] = {n: np.asarray(p, dtype=np.float64) for n, p in objs.items()}
    return obs


class HttpPolicyServer:
    def __init__(self, service: Service, host: str, port: int, api_key: str | None = None, style: str = "openpi") -> None:
        self.service, self.host, self.port, self.api_key, self.style = service, host, port, api_key, style
        self._count = itertools.count()
        self._replies = 0
        self._lock = threading.Lock()

    def handler_class(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
                pass  # one line per request comes from Service instead

            def _send(self, status: int, body: bytes, ctype: str = "application/json") -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _json(self, status: int, obj: Any) -> None:
                self._send(status, json.dumps(obj).encode())

            def _authorized(self) -> bool:
                reason = check_authorization(self.headers.get("Authorization"), server.api_key)
                if reason:
                    log(f"refused {self.client_address[0]}: {reason}")
                    self._json(401, {"error": reason})
                return reason is None

            def do_GET(self) -> None:  # noqa: N802
                if self.path == "/healthz":
                    self._send(200, b"OK\n", "text/plain")
                elif self.path == "/metadata":
                    if self._authorized():
                        self._json(200, _jsonable(server.service.metadata))
                else:
                    self._json(404, {"error": f"no GET {self.path}; try POST /act, GET /healthz or GET /metadata"})

            def do_POST(self) -> None:  # noqa: N802
                if self.path.rstrip("/") != "/act":
                    self._json(404, {"error": f"no POST {self.path}; the policy is at POST /act"})
                    return
                if not self._authorized():
                    return
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                try:
                    obs = json.loads(raw, object_hook=object_hook)
                except RefusedArray as e:
                    self._json(400, {"error": str(e)})
                    return
                except (ValueError, UnicodeDecodeError) as e:
                    self._json(400, {"error": f"the body is not valid JSON: {e}"})
                    return
                if not isinstance(obs, dict):
                    self._json(400, {"error": f"the body must be a JSON object of observation keys, got {type(obs).__name__}"})
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
                    result = server.service.infer(_arrays(obs), index, "http")
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
        httpd = ThreadingHTTPServer((self.host, self.port), self.handler_class())
        httpd.daemon_threads = True
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
