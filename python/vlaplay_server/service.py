"""One inference: the policy, the injected faults and the timing, shared by both protocols."""

from __future__ import annotations

import sys
import time
from typing import Any

import numpy as np

from .describe import shape_str, summary
from .faults import Faults, InjectedFault
from .policies import Policy, metadata_of


def log(msg: str) -> None:
    """One line to stderr (never the API key: nothing here ever sees it)."""
    print(f"[vlaplay_server] {msg}", file=sys.stderr, flush=True)


class Service:
    def __init__(self, policy: Policy, faults: Faults) -> None:
        self.policy = policy
        self.faults = faults

    @property
    def metadata(self) -> dict[str, Any]:
        return metadata_of(self.policy)

    def infer(self, obs: Any, index: int, who: str) -> dict[str, Any]:
        """index: 0-based request count (per connection for websocket). Raises on error."""
        start = time.monotonic()
        if not isinstance(obs, dict):
            raise TypeError(f"the observation must be a map (msgpack map / JSON object), got {shape_str(obs)}")
        if self.faults.slow:
            time.sleep(self.faults.slow)
        if self.faults.should_error(index):
            raise InjectedFault(f"injected fault: error (request {index + 1}, faults: {', '.join(self.faults.names)})")
        t0 = time.monotonic()
        result = self.policy.infer(obs)
        policy_ms = (time.monotonic() - t0) * 1000
        if not isinstance(result, dict) or "actions" not in result:
            raise TypeError(f"policy {self.policy.name} returned no 'actions'")
        result = dict(result)
        result["actions"] = np.asarray(result["actions"])
        result = self.faults.apply(result)
        result["policy_timing"] = {"infer_ms": policy_ms}
        infer_ms = (time.monotonic() - start) * 1000
        result["server_timing"] = {"infer_ms": infer_ms}
        log(f"{who} request {index + 1}: {summary(obs)} -> actions {shape_str(result['actions'])}, infer {infer_ms:.1f} ms")
        return result
