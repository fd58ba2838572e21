"""Policies the server can serve: openpi's `BasePolicy` shape — `infer(obs) -> dict` with
at least "actions" [H, D], an optional `reset()` — plus an optional `metadata` dict,
sent as the first websocket frame ({} when the policy has none, as openpi's
serve_policy sends when given none)."""

from __future__ import annotations

import importlib
from typing import Any, Callable, Protocol

import numpy as np

from .demo_policy import DemoPolicy
from .describe import describe


class Policy(Protocol):
    """What the server calls. openpi_client.base_policy.BasePolicy subclasses fit:
    `metadata` and `name` are optional (see `metadata_of`, `load_custom`), and
    `reset()` is never called by the server — openpi's wire protocol has no episode
    boundary, so, as in openpi, a policy resets itself (e.g. when the prompt changes)."""

    name: str

    @property
    def metadata(self) -> dict[str, Any]: ...

    def infer(self, obs: dict) -> dict[str, Any]: ...


def metadata_of(policy: Any) -> dict[str, Any]:
    """The policy's metadata, or {} for one without (a plain openpi BasePolicy)."""
    return dict(getattr(policy, "metadata", None) or {})


class ZerosPolicy:
    """Zero actions [H, D] float32, whatever the observation."""

    name = "zeros"

    def __init__(self, horizon: int = 10, action_dim: int = 7) -> None:
        self.horizon, self.action_dim = horizon, action_dim

    @property
    def metadata(self) -> dict[str, Any]:
        return {"policy": self.name, "action_horizon": self.horizon, "action_dim": self.action_dim}

    def infer(self, obs: dict) -> dict[str, Any]:
        return {"actions": np.zeros((self.horizon, self.action_dim), dtype=np.float32)}


class EchoPolicy(ZerosPolicy):
    """Zero actions plus "echo": what arrived (arrays as dtype, shape, sum, first 8 values).
    For client tests that check their encoding."""

    name = "echo"

    def infer(self, obs: dict) -> dict[str, Any]:
        out = super().infer(obs)
        out["echo"] = describe(obs)
        return out


class RandomPolicy(ZerosPolicy):
    """Small random actions: deltas uniform in +-0.01, the last column +-1 (a gripper).
    Reproducible with --seed."""

    name = "random"

    def __init__(self, horizon: int = 10, action_dim: int = 7, seed: int = 0) -> None:
        super().__init__(horizon, action_dim)
        self.rng = np.random.default_rng(seed)

    def infer(self, obs: dict) -> dict[str, Any]:
        a = self.rng.uniform(-0.01, 0.01, size=(self.horizon, self.action_dim))
        a[:, -1] = np.where(self.rng.random(self.horizon) < 0.5, -1.0, 1.0)
        return {"actions": a.astype(np.float32)}


def _demo(horizon: int, action_dim: int | None, seed: int) -> DemoPolicy:
    if action_dim not in (None, 7):
        raise ValueError(f"the demo policy outputs LIBERO's 7-D actions; --action-dim {action_dim} does not apply "
                         "(use --fault pad=D to pad them)")
    return DemoPolicy(horizon=horizon)


POLICIES: dict[str, tuple[str, Callable[[int, int | None, int], Policy]]] = {
    "demo": ("scripted pick-and-place for franka_panda scenes (LIBERO keys + vlaplay/objects); 7-D actions", _demo),
    "zeros": ("zero actions [H, D]", lambda h, d, s: ZerosPolicy(h, d or 7)),
    "echo": ("zero actions [H, D] plus \"echo\": a description of the observation received", lambda h, d, s: EchoPolicy(h, d or 7)),
    "random": ("small random actions [H, D] (seeded by --seed)", lambda h, d, s: RandomPolicy(h, d or 7, s)),
}


def load_custom(spec: str) -> Policy:
    """`module:Class` (or `module:factory`): imported from PYTHONPATH and called with no
    arguments. Anything with `infer(obs) -> dict` is served (openpi's BasePolicy included);
    `metadata`, if present, must be a dict."""
    module_name, _, attr = spec.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as e:
        raise ValueError(f"--policy {spec}: cannot import {module_name!r} ({e}); is it on PYTHONPATH?") from None
    factory = getattr(module, attr, None)
    if factory is None:
        raise ValueError(f"--policy {spec}: module {module_name!r} has no {attr!r}")
    policy = factory()
    if not callable(getattr(policy, "infer", None)):
        raise ValueError(f"--policy {spec}: the object needs an `infer(obs) -> dict` method (openpi's BasePolicy interface)")
    metadata = getattr(policy, "metadata", None)
    if metadata is not None and not isinstance(metadata, dict):
        raise ValueError(f"--policy {spec}: `metadata` must be a dict, got {type(metadata).__name__}")
    if not hasattr(policy, "name"):
        policy.name = spec
    return policy


def make_policy(name: str, horizon: int = 10, action_dim: int | None = None, seed: int = 0) -> Policy:
    if ":" in name:
        return load_custom(name)
    if name not in POLICIES:
        raise ValueError(f"unknown policy {name!r}; valid policies: {', '.join(POLICIES)}, or module:Class for your own")
    if horizon < 1 or (action_dim is not None and action_dim < 1):
        raise ValueError("--horizon and --action-dim must be at least 1")
    return POLICIES[name][1](horizon, action_dim, seed)
