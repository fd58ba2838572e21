"""User policies written to openpi's BasePolicy interface are served as they are."""

from __future__ import annotations

import numpy as np
from openpi_client.base_policy import BasePolicy
from openpi_client.websocket_client_policy import WebsocketClientPolicy

from conftest import PYTHON_DIR
from vlaplay_server.policies import load_custom

TESTS = str(PYTHON_DIR / "tests")


def test_a_base_policy_without_metadata_is_served(server):
    s = server("--policy", "custom_policy_example:OpenPIStylePolicy", env={"PYTHONPATH": f"{PYTHON_DIR}:{TESTS}"})
    client = WebsocketClientPolicy(s.url)
    assert client.get_server_metadata() == {}  # as openpi's serve_policy sends when it has none
    first = client.infer({"prompt": "pick"})
    np.testing.assert_array_equal(first["actions"], np.full((2, 7), 1.0, dtype=np.float32))
    assert first["prompt_seen"] == "pick"
    assert client.infer({"prompt": "pick"})["actions"][0, 0] == 2.0  # the same instance serves every request


def test_a_base_policy_with_metadata_sends_it(server):
    s = server("--policy", "custom_policy_example:OpenPIStylePolicyWithMetadata", env={"PYTHONPATH": f"{PYTHON_DIR}:{TESTS}"})
    assert WebsocketClientPolicy(s.url).get_server_metadata() == {"action_horizon": 2, "action_dim": 7}


def test_load_custom_accepts_base_policies_and_names_them(monkeypatch):
    monkeypatch.syspath_prepend(TESTS)
    policy = load_custom("custom_policy_example:OpenPIStylePolicy")
    assert isinstance(policy, BasePolicy) and policy.name == "custom_policy_example:OpenPIStylePolicy"
    policy.infer({})
    policy.reset()
    assert policy.calls == 0
