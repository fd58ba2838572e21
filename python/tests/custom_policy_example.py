"""A user policy for `--policy custom_policy_example:ConstantPolicy` (test_websocket.py)."""

import numpy as np


class ConstantPolicy:
    name = "constant"
    metadata = {"policy": "constant", "action_horizon": 4, "action_dim": 3}

    def infer(self, obs: dict) -> dict:
        return {"actions": np.full((4, 3), 0.5, dtype=np.float32)}
