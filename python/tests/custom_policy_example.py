"""A user policy for `--policy custom_policy_example:ConstantPolicy` (test_websocket.py)."""

import numpy as np


class ConstantPolicy:
    name = "constant"
    metadata = {"policy": "constant", "action_horizon": 4, "action_dim": 3}

    def infer(self, obs: dict) -> dict:
        return {"actions": np.full((4, 3), 0.5, dtype=np.float32)}


# openpi's own interface: subclasses of openpi_client.base_policy.BasePolicy have
# infer() and reset() and no metadata or name; the server serves them as they are.
from openpi_client.base_policy import BasePolicy  # noqa: E402


class OpenPIStylePolicy(BasePolicy):
    """Counts its calls, so a test can see that infer() ran here."""

    def __init__(self) -> None:
        self.calls = 0

    def infer(self, obs: dict) -> dict:
        self.calls += 1
        return {"actions": np.full((2, 7), float(self.calls), dtype=np.float32), "prompt_seen": obs.get("prompt", "")}

    def reset(self) -> None:
        self.calls = 0


class OpenPIStylePolicyWithMetadata(OpenPIStylePolicy):
    metadata = {"action_horizon": 2, "action_dim": 7}
