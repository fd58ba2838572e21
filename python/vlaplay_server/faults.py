"""Injected faults (--fault SPEC, repeatable), for testing clients against a bad server.

Counts are per websocket connection (a client that reconnects starts again); in HTTP
mode they count requests since the server started.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

# name -> (argument, what it does); the order is the one --help shows.
FAULTS: dict[str, tuple[str | None, str]] = {
    "error": (None, "infer raises: a text frame with the traceback, then close 1011 (HTTP: 500 {\"error\": ...})"),
    "error_after": ("N", "the first N requests succeed, then every one errors as 'error'"),
    "slow": ("SECONDS", "sleep SECONDS before each reply"),
    "close_after": ("N", "after N replies, drop the TCP connection on the next request (no close frame, no HTTP response)"),
    "malformed": (None, "reply with bytes that are not msgpack (HTTP: a body that is not JSON)"),
    "nan": (None, "the first action row is all NaN"),
    "shape": ("D", "actions have D columns instead of the policy's (cut, or padded with zeros)"),
    "pad": ("D", "pad actions with zero columns up to D (as pi0's 32-D output); D below the policy's is an error"),
    "oversized": ("MB", "a valid reply padded with a \"padding\" bin field to about MB MiB (1 MiB = 1048576 bytes)"),
    "text": (None, "reply with the text frame \"unexpected\" (not a traceback); the connection stays open (HTTP: text/plain 200)"),
    "no_metadata": (None, "websocket only: never send the metadata frame; read and ignore whatever comes"),
}

# Faults that replace the whole reply: at most one.
_REPLACING = ("malformed", "text", "oversized")


class InjectedFault(RuntimeError):
    pass


@dataclass
class Faults:
    error: bool = False
    error_after: int | None = None
    slow: float = 0.0
    close_after: int | None = None
    malformed: bool = False
    nan: bool = False
    shape: int | None = None
    pad: int | None = None
    oversized: float | None = None
    text: bool = False
    no_metadata: bool = False

    @property
    def names(self) -> list[str]:
        out = []
        for name in FAULTS:
            v = getattr(self, name)
            if v is True:
                out.append(name)
            elif v not in (False, None, 0.0):
                out.append(f"{name}={v}")
        return out

    def should_error(self, index: int) -> bool:
        """index: 0-based count of this request."""
        return self.error or (self.error_after is not None and index >= self.error_after)

    def should_drop(self, replies_sent: int) -> bool:
        return self.close_after is not None and replies_sent >= self.close_after

    def apply(self, result: dict[str, Any]) -> dict[str, Any]:
        """Actions faults (shape, pad, nan), in that order."""
        if not (self.shape or self.pad or self.nan) or "actions" not in result:
            return result
        a = np.array(result["actions"], copy=True)
        if a.ndim == 1:
            a = a[None, :]
        if self.shape:
            b = np.zeros((a.shape[0], self.shape), dtype=a.dtype)
            k = min(self.shape, a.shape[1])
            b[:, :k] = a[:, :k]
            a = b
        if self.pad:
            if self.pad < a.shape[1]:
                raise InjectedFault(f"pad={self.pad} is below the action dimension {a.shape[1]}")
            a = np.concatenate([a, np.zeros((a.shape[0], self.pad - a.shape[1]), dtype=a.dtype)], axis=1)
        if self.nan:
            a = a.astype(np.float32) if a.dtype.kind != "f" else a
            a[0, :] = np.nan
        result = dict(result)
        result["actions"] = a
        return result

    def padding(self) -> bytes:
        return bytes(int((self.oversized or 0) * 1048576))


def _int(name: str, arg: str, minimum: int) -> int:
    try:
        v = int(arg)
    except ValueError:
        raise ValueError(f"--fault {name}={arg}: {FAULTS[name][0]} must be a whole number") from None
    if v < minimum:
        raise ValueError(f"--fault {name}={arg}: must be at least {minimum}")
    return v


def _float(name: str, arg: str) -> float:
    try:
        v = float(arg)
    except ValueError:
        raise ValueError(f"--fault {name}={arg}: {FAULTS[name][0]} must be a number") from None
    if not v >= 0 or v == float("inf"):
        raise ValueError(f"--fault {name}={arg}: must be a finite number of at least 0")
    return v


def parse_faults(specs: list[str], protocol: str = "ws") -> Faults:
    f = Faults()
    for spec in specs:
        name, sep, arg = spec.partition("=")
        name = name.strip().replace("-", "_")
        if name not in FAULTS:
            raise ValueError(f"unknown fault {spec!r}; valid faults: "
                             + ", ".join(n + (f"={a}" if a else "") for n, (a, _) in FAULTS.items()))
        want = FAULTS[name][0]
        if want and not sep:
            raise ValueError(f"--fault {name} needs a value: --fault {name}={want}")
        if not want and sep:
            raise ValueError(f"--fault {name} takes no value (got {spec!r})")
        if name in ("error_after", "close_after"):
            setattr(f, name, _int(name, arg, 0))
        elif name in ("shape", "pad"):
            setattr(f, name, _int(name, arg, 1))
        elif name in ("slow", "oversized"):
            setattr(f, name, _float(name, arg))
        else:
            setattr(f, name, True)
    replacing = [n for n in _REPLACING if getattr(f, n) not in (False, None)]
    if len(replacing) > 1:
        raise ValueError(f"faults {' and '.join(replacing)} both replace the reply: choose one")
    if f.no_metadata and protocol != "ws":
        raise ValueError("--fault no_metadata applies to the websocket protocol only")
    return f
