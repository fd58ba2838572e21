"""openpi's websocket policy protocol (openpi/serving/websocket_policy_server.py).

Per connection: the metadata map as the first binary frame; then strictly one
request, one reply: msgpack(observation) in, msgpack(result) out, with
"server_timing" {"infer_ms", "prev_total_ms" (from the second reply on)} and
"policy_timing" {"infer_ms"}. On an error: the traceback as a TEXT frame, then close
1011 "Internal server error. Traceback included in previous frame.".
`GET /healthz` answers 200 "OK\\n" (no key needed); a missing or wrong API key is
refused with HTTP 401 at the handshake.
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
from .service import Service, log

INTERNAL_ERROR_REASON = "Internal server error. Traceback included in previous frame."


class WebsocketPolicyServer:
    def __init__(self, service: Service, host: str, port: int, api_key: str | None = None) -> None:
        self.service = service
        self.host, self.port = host, port
        self.api_key = api_key
        self._ids = itertools.count(1)

    def _process_request(self, connection: ServerConnection, request: Request):
        if request.path == "/healthz":
            return connection.respond(http.HTTPStatus.OK, "OK\n")
        reason = check_authorization(request.headers.get("Authorization"), self.api_key)
        if reason:
            log(f"refused {connection.remote_address[0]}:{connection.remote_address[1]}: {reason}")
            return connection.respond(http.HTTPStatus.UNAUTHORIZED, reason + "\n")
        return None

    async def _handler(self, ws: ServerConnection) -> None:
        cid = next(self._ids)
        who = f"conn {cid}"
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
        except websockets.ConnectionClosed:
            pass
        finally:
            log(f"{who} closed")

    async def run(self, ready: Callable[[str], None], stop: asyncio.Event) -> None:
        async with serve(
            self._handler,
            self.host,
            self.port,
            compression=None,
            max_size=None,
            process_request=self._process_request,
            # On shutdown, wait at most 1 s for each client's closing handshake (an
            # idle client may not be reading; the default would hold us for 10 s).
            close_timeout=1,
        ) as server:
            host, port = list(server.sockets)[0].getsockname()[:2]
            host = f"[{host}]" if ":" in host else host
            ready(f"ws://{host}:{port}")
            await stop.wait()
