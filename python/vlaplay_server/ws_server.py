"""openpi's websocket policy protocol (openpi/serving/websocket_policy_server.py).

Per connection: the metadata map as the first binary frame; then strictly one
request, one reply: msgpack(observation) in, msgpack(result) out, with
"server_timing" {"infer_ms", "prev_total_ms" (from the second reply on)} and
"policy_timing" {"infer_ms"}. On an error: the traceback as a TEXT frame, then close
1011 "Internal server error. Traceback included in previous frame.".
`GET /healthz` answers 200 "OK\\n" (no key needed); a missing or wrong API key is
refused with HTTP 401 at the handshake. Bounded (limits.py): a message longer than
--max-message-bytes closes the connection with 1009 before its payload is read; the
opening handshake must finish within --io-timeout; a connection over
--max-connections is answered 503.
"""

from __future__ import annotations

import asyncio
import http
import itertools
import time
import traceback
from typing import Callable

import websockets
from websockets.asyncio.server import ServerConnection, serve
from websockets.http11 import Request

from . import msgpack_numpy
from .auth import check_authorization
from .limits import Limits
from .service import Service, log

INTERNAL_ERROR_REASON = "Internal server error. Traceback included in previous frame."


class WebsocketPolicyServer:
    def __init__(self, service: Service, host: str, port: int, api_key: str | None = None, limits: Limits = Limits()) -> None:
        self.service = service
        self.host, self.port = host, port
        self.api_key = api_key
        self.limits = limits
        self._ids = itertools.count(1)
        self._open = 0  # connections past the handshake, not yet closed

    def _process_request(self, connection: ServerConnection, request: Request):
        if request.path == "/healthz":
            return connection.respond(http.HTTPStatus.OK, "OK\n")
        if self._open >= self.limits.max_connections:
            log(f"refused {connection.remote_address[0]}:{connection.remote_address[1]}: already "
                f"{self.limits.max_connections} connections (--max-connections)")
            return connection.respond(http.HTTPStatus.SERVICE_UNAVAILABLE,
                                      f"the server already holds its maximum of {self.limits.max_connections} connections\n")
        reason = check_authorization(request.headers.get_all("Authorization"), self.api_key)
        if reason:
            log(f"refused {connection.remote_address[0]}:{connection.remote_address[1]}: {reason}")
            return connection.respond(http.HTTPStatus.UNAUTHORIZED, reason + "\n")
        return None

    async def _handler(self, ws: ServerConnection) -> None:
        cid = next(self._ids)
        who = f"conn {cid}"
        self._open += 1
        log(f"{who} from {ws.remote_address[0]}:{ws.remote_address[1]} opened")
        faults = self.service.faults
        packer = msgpack_numpy.Packer()
        try:
            if faults.no_metadata:
                async for _ in ws:  # never answer: the client must time out
                    pass
                return
            await ws.send(packer.pack(self.service.metadata))
            prev_total: float | None = None
            for index in itertools.count():
                start = time.monotonic()
                message = await ws.recv()
                if faults.should_drop(index):
                    log(f"{who}: injected fault close_after={faults.close_after}: dropping the connection")
                    ws.transport.abort()
                    return
                try:
                    if isinstance(message, str):
                        raise TypeError("the observation arrived as a text frame; send msgpack in a binary frame")
                    obs = msgpack_numpy.unpackb(message)
                    result = await asyncio.to_thread(self.service.infer, obs, index, who)
                    if prev_total is not None:
                        result["server_timing"]["prev_total_ms"] = prev_total * 1000
                    if faults.malformed:
                        await ws.send(b"\xc1\xc1 this is not msgpack")
                    elif faults.text:
                        await ws.send("unexpected")
                    else:
                        if faults.oversized:
                            result["padding"] = faults.padding()
                        await ws.send(packer.pack(result))
                    prev_total = time.monotonic() - start
                except websockets.ConnectionClosed:
                    raise
                except Exception:
                    tb = traceback.format_exc()
                    log(f"{who} request {index + 1} failed: {tb.strip().splitlines()[-1]}")
                    await ws.send(tb)
                    await ws.close(code=websockets.frames.CloseCode.INTERNAL_ERROR, reason=INTERNAL_ERROR_REASON)
                    return
        except websockets.ConnectionClosed as e:
            if e.sent is not None and e.sent.code == websockets.frames.CloseCode.MESSAGE_TOO_BIG:
                log(f"{who}: a message over {self.limits.max_message_bytes} bytes (--max-message-bytes); closed with 1009")
        finally:
            self._open -= 1
            log(f"{who} closed")

    async def run(self, ready: Callable[[str], None], stop: asyncio.Event) -> None:
        async with serve(
            self._handler,
            self.host,
            self.port,
            compression=None,
            max_size=self.limits.max_message_bytes,
            # At most two messages waiting to be read: a client cannot queue up
            # sixteen (the default) maximal ones while the policy thinks.
            max_queue=2,
            open_timeout=self.limits.io_timeout_s,
            process_request=self._process_request,
            # On shutdown, wait at most 1 s for each client's closing handshake (an
            # idle client may not be reading; the default would hold us for 10 s).
            close_timeout=1,
        ) as server:
            host, port = list(server.sockets)[0].getsockname()[:2]
            host = f"[{host}]" if ":" in host else host
            ready(f"ws://{host}:{port}")
            await stop.wait()
