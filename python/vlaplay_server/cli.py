"""Command line: python -m vlaplay_server --port P [options]. See build_parser()."""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
import threading

from .faults import FAULTS, parse_faults
from .limits import IO_TIMEOUT_S, MAX_CONNECTIONS, MAX_MESSAGE_BYTES, Limits
from .policies import POLICIES, make_policy, metadata_of
from .service import Service, log

DESCRIPTION = """\
A reference policy server for vlaplay's remote policies.

Protocols
  ws    openpi's websocket protocol (the default): ws://HOST:PORT, no compression.
        On connect the server sends ONE binary frame, msgpack of the policy's
        metadata map; then strictly one request, one reply: the client sends
        msgpack(observation map), the server replies msgpack({"actions": [H, D] float32,
        "server_timing": {"infer_ms", "prev_total_ms"}, "policy_timing": {"infer_ms"}, ...}).
        NumPy arrays are maps with msgpack-bin keys __ndarray__, data, dtype, shape
        (openpi_client.msgpack_numpy); only bool/int/uint/float arrays whose data is
        exactly shape x itemsize bytes are accepted (both protocols). An error is a
        TEXT frame with the traceback, then close code 1011. GET /healthz -> 200 "OK\\n".
  http  POST /act with a JSON object (arrays as json_numpy dicts or plain lists);
        replies {"actions": [[...]], "server_timing": {...}} or, with
        --http-style openvla, a bare json_numpy float32 array [D] (one action).
        GET /healthz, GET /metadata. Errors: 400/401/404/500 with {"error": ...}.

The API key (--api-key or env VLAPLAY_API_KEY) makes clients send
"Authorization: Api-Key <key>"; others get HTTP 401. The key is never printed, and
neither is anything a client sends in its Authorization header.

Limits (what one client can make the server hold): a websocket message or HTTP body
of at most --max-message-bytes (16 MiB; websocket close 1009, HTTP 413), HTTP headers
of at most 64 KiB (431), at most --max-connections open connections (64; HTTP 503),
and --io-timeout seconds (10) between two reads of an HTTP request or during the
websocket handshake. HTTP requests need a Content-Length (411 without, 400 if bad).

When ready the server prints one line to stdout:
  vlaplay_server listening on ws://HOST:PORT      (or http://HOST:PORT/act)
and logs one line per request to stderr. SIGINT/SIGTERM stop it cleanly.
"""


def _policies_help() -> str:
    return "\n".join(f"  {n:<8} {d}" for n, (d, _) in POLICIES.items())


def _faults_help() -> str:
    return "\n".join(f"  {(n + ('=' + a if a else '')):<16} {d}" for n, (a, d) in FAULTS.items())


EPILOG = f"""\
policies (--policy):
{_policies_help()}

faults (--fault SPEC, repeatable; they compose: e.g. slow + nan + pad; at most one of
malformed, text, oversized; counts are per connection, per server in HTTP mode):
{_faults_help()}

examples:
  PYTHONPATH=python python -m vlaplay_server --port 8000                 # demo policy, websocket
  PYTHONPATH=python python -m vlaplay_server --port 0 --policy zeros --horizon 50 --action-dim 14
  PYTHONPATH=python python -m vlaplay_server --port 8000 --fault error_after=3
  PYTHONPATH=python python -m vlaplay_server --port 8000 --fault slow=0.5 --fault pad=32
  VLAPLAY_API_KEY=secret PYTHONPATH=python python -m vlaplay_server --port 8000
  PYTHONPATH=python python -m vlaplay_server --protocol http --http-style openvla --port 8000
"""


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m vlaplay_server", description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--port", type=int, required=True, help="TCP port; 0 picks a free one (read it from the listening line)")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1; 0.0.0.0 to serve other machines)")
    p.add_argument("--policy", default="demo", help=f"which policy to serve: {', '.join(POLICIES)} (default demo), or module:Class "
                   "for your own (a class with `metadata` and `infer(obs)`, importable from PYTHONPATH)")
    p.add_argument("--protocol", default="ws", choices=["ws", "http"], help="ws (openpi websocket, default) or http (POST /act JSON)")
    p.add_argument("--http-style", default="openpi", choices=["openpi", "openvla"],
                   help="HTTP reply: openpi = {\"actions\": [[...]], ...} (default); openvla = one json_numpy action [D]")
    p.add_argument("--api-key", default=None, help="require 'Authorization: Api-Key <key>' (default: env VLAPLAY_API_KEY, else none)")
    p.add_argument("--fault", action="append", default=[], metavar="SPEC", help="inject a fault (repeatable); see the list below")
    p.add_argument("--horizon", type=int, default=10, help="action chunk length H (default 10)")
    p.add_argument("--action-dim", type=int, default=None, help="action dimension D for zeros/echo/random (default 7)")
    p.add_argument("--seed", type=int, default=0, help="random seed for the random policy (default 0)")
    p.add_argument("--max-message-bytes", type=int, default=MAX_MESSAGE_BYTES,
                   help=f"longest websocket message / HTTP body accepted (default {MAX_MESSAGE_BYTES}, 16 MiB)")
    p.add_argument("--max-connections", type=int, default=MAX_CONNECTIONS,
                   help=f"open connections at a time; one more is refused with 503 (default {MAX_CONNECTIONS})")
    p.add_argument("--io-timeout", type=float, default=IO_TIMEOUT_S,
                   help=f"seconds a stalled HTTP request or websocket handshake is given (default {IO_TIMEOUT_S:g})")
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        policy = make_policy(args.policy, args.horizon, args.action_dim, args.seed)
        faults = parse_faults(args.fault, args.protocol)
        dim = metadata_of(policy).get("action_dim")
        if faults.pad and isinstance(dim, int) and faults.pad < dim:
            raise ValueError(f"--fault pad={faults.pad} is below the policy's action dimension {dim}")
    except ValueError as e:
        parser.error(str(e))
    if not 0 <= args.port <= 65535:
        parser.error(f"--port {args.port}: must be 0..65535")
    if args.max_message_bytes < 1 or args.max_connections < 1 or not 0 < args.io_timeout <= 3600:
        parser.error("--max-message-bytes and --max-connections must be at least 1, --io-timeout in (0, 3600] seconds")
    limits = Limits(max_message_bytes=args.max_message_bytes, max_connections=args.max_connections,
                    io_timeout_s=args.io_timeout)
    api_key = args.api_key or os.environ.get("VLAPLAY_API_KEY") or None
    service = Service(policy, faults)
    # A parent may start us with SIGINT/SIGTERM blocked (Swift's Foundation.Process
    # passes on its signal mask); unblock them so that terminate() stops the server.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})

    def ready(url: str) -> None:
        extras = [f"policy {policy.name}"] + (["API key required"] if api_key else []) + (
            [f"faults: {', '.join(faults.names)}"] if faults.names else [])
        log(", ".join(extras))
        print(f"vlaplay_server listening on {url}", flush=True)

    try:
        if args.protocol == "ws":
            from .ws_server import WebsocketPolicyServer

            server = WebsocketPolicyServer(service, args.host, args.port, api_key, limits)

            async def run() -> None:
                stop = asyncio.Event()
                loop = asyncio.get_running_loop()
                for sig in (signal.SIGINT, signal.SIGTERM):
                    loop.add_signal_handler(sig, stop.set)
                await server.run(ready, stop)

            asyncio.run(run())
        else:
            from .http_server import HttpPolicyServer

            stop = threading.Event()
            for sig in (signal.SIGINT, signal.SIGTERM):
                signal.signal(sig, lambda *_: stop.set())
            HttpPolicyServer(service, args.host, args.port, api_key, args.http_style, limits).run(ready, stop)
    except OSError as e:
        print(f"vlaplay_server: cannot listen on {args.host}:{args.port}: {e.strerror or e}", file=sys.stderr)
        return 1
    log("stopped")
    return 0
