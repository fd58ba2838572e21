"""The websocket server against the real openpi client (openpi_client.WebsocketClientPolicy)."""

from __future__ import annotations

import signal
import time
import urllib.error
import urllib.request

import msgpack
import numpy as np
import pytest
import websockets.sync.client
from websockets.exceptions import ConnectionClosed, ConnectionClosedError, InvalidStatus
from openpi_client import msgpack_numpy as openpi
from openpi_client.websocket_client_policy import WebsocketClientPolicy

from conftest import run_cli


def libero_obs(seed: int = 0) -> dict:
    rng = np.random.default_rng(seed)
    return {
        "observation/image": rng.integers(0, 256, (224, 224, 3), dtype=np.uint8),
        "observation/wrist_image": rng.integers(0, 256, (224, 224, 3), dtype=np.uint8),
        "observation/state": np.array([0.48, 0, 0.41, 3.14, 0, 0, 0.04, -0.04], dtype=np.float32),
        "prompt": "pick up the alphabet soup and place it in the basket",
    }


def connect(url: str, **kw):
    return websockets.sync.client.connect(url, compression=None, max_size=None, open_timeout=5, **kw)


def test_metadata_and_actions(server):
    s = server("--policy", "zeros", "--horizon", "16", "--action-dim", "14")
    assert s.line == f"vlaplay_server listening on ws://127.0.0.1:{s.port}"
    client = WebsocketClientPolicy(s.url)
    assert client.get_server_metadata() == {"policy": "zeros", "action_horizon": 16, "action_dim": 14}
    first = client.infer(libero_obs())
    assert first["actions"].shape == (16, 14) and first["actions"].dtype == np.float32
    assert set(first["server_timing"]) == {"infer_ms"} and first["server_timing"]["infer_ms"] >= 0
    assert set(first["policy_timing"]) == {"infer_ms"}
    second = client.infer(libero_obs(1))
    assert set(second["server_timing"]) == {"infer_ms", "prev_total_ms"}
    assert second["server_timing"]["prev_total_ms"] >= second["server_timing"]["infer_ms"] * 0  # present, a number


def test_images_round_trip_and_request_log(server):
    s = server("--policy", "echo")
    client = WebsocketClientPolicy(host="127.0.0.1", port=s.port)
    obs = libero_obs(3)
    obs["vlaplay/objects"] = {"basket": np.array([0.4, -0.24, 0.04])}
    r = client.infer(obs)
    echo = r["echo"]
    for key in ("observation/image", "observation/wrist_image"):
        assert echo[key]["dtype"] == "|u1" and echo[key]["shape"] == [224, 224, 3]
        assert echo[key]["sum"] == float(obs[key].astype(np.float64).sum())
        assert echo[key]["first"] == obs[key].reshape(-1)[:8].tolist()
    assert echo["observation/state"]["dtype"] == "<f4" and echo["observation/state"]["shape"] == [8]
    assert echo["prompt"] == obs["prompt"]
    assert echo["vlaplay/objects"]["basket"]["dtype"] == "<f8"
    time.sleep(0.1)
    log = s.stderr()
    assert "request 1: observation/image uint8[224,224,3], observation/wrist_image uint8[224,224,3], " \
           "observation/state float32[8], prompt str(52)" in log
    assert "-> actions float32[10,7], infer" in log


def test_demo_policy_metadata_and_chunk(server):
    s = server()  # the default policy is demo
    client = WebsocketClientPolicy(s.url)
    meta = client.get_server_metadata()
    assert meta["policy"] == "demo" and meta["vlaplay_extras"] == ["objects"] and meta["action_dim"] == 7
    obs = libero_obs()
    obs["vlaplay/objects"] = {"basket": np.array([0.4, -0.24, 0.04]), "alphabet_soup": np.array([0.4, 0.0, 0.05])}
    r = client.infer(obs)
    a = r["actions"]
    assert a.shape == (10, 7) and a.dtype == np.float32
    assert np.all(np.linalg.norm(a[:, :3], axis=1) <= 0.05 + 1e-6) and np.any(a[:, :3] != 0)
    assert "approach" in r["notes"][0]
    # Without the extra it says why, and sends zeros.
    r = client.infer(libero_obs())
    assert not r["actions"].any() and "vlaplay/objects" in r["notes"][0]


def test_error_fault_sends_traceback_then_1011(server):
    s = server("--fault", "error")
    client = WebsocketClientPolicy(s.url)
    with pytest.raises(RuntimeError) as e:
        client.infer(libero_obs())
    assert "Error in inference server" in str(e.value) and "Traceback (most recent call last)" in str(e.value)
    assert "InjectedFault: injected fault: error" in str(e.value)
    with connect(s.url) as ws:
        ws.recv()
        ws.send(openpi.packb(libero_obs()))
        text = ws.recv()
        assert isinstance(text, str) and text.startswith("Traceback")
        with pytest.raises(ConnectionClosed):
            ws.recv()
        assert ws.close_code == 1011
        assert ws.close_reason == "Internal server error. Traceback included in previous frame."


def test_error_after(server):
    s = server("--policy", "zeros", "--fault", "error_after=2")
    client = WebsocketClientPolicy(s.url)
    client.infer(libero_obs())
    client.infer(libero_obs())
    with pytest.raises(RuntimeError, match="injected fault"):
        client.infer(libero_obs())
    WebsocketClientPolicy(s.url).infer(libero_obs())  # counts are per connection


def test_undecodable_request_is_an_error(server):
    s = server("--policy", "zeros")
    with connect(s.url) as ws:
        ws.recv()
        ws.send(b"\xc1")
        assert "Traceback" in ws.recv()
        with pytest.raises(ConnectionClosed):
            ws.recv()
        assert ws.close_code == 1011


def test_api_key(server):
    s = server("--policy", "zeros", "--api-key", "s3cret-key")
    WebsocketClientPolicy(s.url, api_key="s3cret-key").infer(libero_obs())
    with pytest.raises(InvalidStatus) as e:
        WebsocketClientPolicy(s.url)
    assert e.value.response.status_code == 401
    assert b"missing Authorization header" in e.value.response.body
    with pytest.raises(InvalidStatus) as e:
        WebsocketClientPolicy(s.url, api_key="wrong")
    assert e.value.response.status_code == 401 and b"wrong API key" in e.value.response.body
    # The health check needs no key.
    assert urllib.request.urlopen(f"http://127.0.0.1:{s.port}/healthz", timeout=5).read() == b"OK\n"
    assert s.stop() == 0
    assert "s3cret-key" not in s.stderr() + s.line + s.stdout_rest()


def test_api_key_from_environment(server):
    s = server("--policy", "zeros", env={"VLAPLAY_API_KEY": "env-key"})
    WebsocketClientPolicy(s.url, api_key="env-key").infer(libero_obs())
    with pytest.raises(InvalidStatus):
        WebsocketClientPolicy(s.url, api_key="nope")
    assert "env-key" not in s.stderr()


def test_healthz(server):
    s = server("--policy", "zeros")
    with urllib.request.urlopen(f"http://127.0.0.1:{s.port}/healthz", timeout=5) as r:
        assert r.status == 200 and r.read() == b"OK\n"


def test_action_faults_compose(server):
    s = server("--policy", "zeros", "--fault", "nan", "--fault", "pad=32", "--fault", "slow=0.2")
    client = WebsocketClientPolicy(s.url)
    t = time.monotonic()
    r = client.infer(libero_obs())
    assert time.monotonic() - t >= 0.2 and r["server_timing"]["infer_ms"] >= 200
    a = r["actions"]
    assert a.shape == (10, 32) and np.isnan(a[0]).all() and not np.isnan(a[1:]).any()


def test_shape_fault(server):
    s = server("--policy", "zeros", "--fault", "shape=5")
    assert WebsocketClientPolicy(s.url).infer(libero_obs())["actions"].shape == (10, 5)


def test_close_after_drops_without_close_frame(server):
    s = server("--policy", "zeros", "--fault", "close_after=1")
    with connect(s.url) as ws:
        ws.recv()
        ws.send(openpi.packb(libero_obs()))
        assert openpi.unpackb(ws.recv())["actions"].shape == (10, 7)
        ws.send(openpi.packb(libero_obs()))
        with pytest.raises(ConnectionClosedError) as e:
            ws.recv()
        assert e.value.rcvd is None  # no close frame came
    WebsocketClientPolicy(s.url).infer(libero_obs())  # a new connection gets one more reply


def test_malformed_fault(server):
    s = server("--policy", "zeros", "--fault", "malformed")
    client = WebsocketClientPolicy(s.url)
    with pytest.raises(Exception) as e:
        client.infer(libero_obs())
    assert not isinstance(e.value, RuntimeError) or "Error in inference server" not in str(e.value)
    with connect(s.url) as ws:
        ws.recv()
        ws.send(openpi.packb(libero_obs()))
        raw = ws.recv()
        assert isinstance(raw, bytes)
        with pytest.raises(Exception):
            msgpack.unpackb(raw)


def test_text_fault(server):
    s = server("--policy", "zeros", "--fault", "text")
    client = WebsocketClientPolicy(s.url)
    with pytest.raises(RuntimeError, match="unexpected"):
        client.infer(libero_obs())
    with pytest.raises(RuntimeError, match="unexpected"):  # the connection stays open
        client.infer(libero_obs())


def test_oversized_fault(server):
    s = server("--policy", "zeros", "--fault", "oversized=2")
    with connect(s.url) as ws:
        ws.recv()
        ws.send(openpi.packb(libero_obs()))
        raw = ws.recv()
    assert len(raw) > 2 * 1048576
    r = openpi.unpackb(raw)
    assert r["actions"].shape == (10, 7) and len(r["padding"]) == 2 * 1048576


def test_no_metadata_fault(server):
    s = server("--policy", "zeros", "--fault", "no_metadata")
    with connect(s.url) as ws:
        with pytest.raises(TimeoutError):
            ws.recv(timeout=0.5)
        ws.send(openpi.packb(libero_obs()))
        with pytest.raises(TimeoutError):
            ws.recv(timeout=0.3)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_exits_cleanly_on_signals(server, sig):
    s = server("--policy", "zeros")
    WebsocketClientPolicy(s.url).infer(libero_obs())
    assert s.stop(sig) == 0
    assert "Traceback" not in s.stderr()


def test_cli_errors_name_the_valid_choices():
    r = run_cli("--port", "0", "--policy", "pi0")
    assert r.returncode == 2 and "unknown policy 'pi0'; valid policies: demo, zeros, echo, random, or module:Class" in r.stderr
    r = run_cli("--port", "0", "--policy", "no_such_module:Policy")
    assert r.returncode == 2 and "cannot import 'no_such_module'" in r.stderr
    r = run_cli("--port", "0", "--fault", "explode")
    assert r.returncode == 2 and "valid faults: error, error_after=N, slow=SECONDS" in r.stderr
    r = run_cli("--port", "0", "--fault", "slow")
    assert r.returncode == 2 and "--fault slow=SECONDS" in r.stderr
    r = run_cli("--port", "0", "--fault", "text", "--fault", "malformed")
    assert r.returncode == 2 and "choose one" in r.stderr
    r = run_cli("--port", "0", "--policy", "zeros", "--action-dim", "14", "--fault", "pad=7")
    assert r.returncode == 2 and "below the policy's action dimension 14" in r.stderr
    r = run_cli("--help")
    assert r.returncode == 0 and "Protocols" in r.stdout and "no_metadata" in r.stdout and "examples:" in r.stdout


def test_custom_policy_class(server):
    from conftest import PYTHON_DIR
    tests = str(PYTHON_DIR / "tests")
    s = server("--policy", "custom_policy_example:ConstantPolicy", env={"PYTHONPATH": f"{PYTHON_DIR}:{tests}"})
    client = WebsocketClientPolicy(s.url)
    assert client.get_server_metadata() == {"policy": "constant", "action_horizon": 4, "action_dim": 3}
    r = client.infer({"prompt": "x"})
    np.testing.assert_array_equal(r["actions"], np.full((4, 3), 0.5, dtype=np.float32))
