"""HTTP mode (POST /act) with the real json_numpy package as the peer."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import json_numpy
import numpy as np
import pytest

from vlaplay_server.json_numpy_codec import encode_array, object_hook


def post(url: str, body: bytes, headers: dict | None = None) -> tuple[int, bytes]:
    req = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def openvla_request() -> dict:
    rng = np.random.default_rng(0)
    return {"image": rng.integers(0, 256, (224, 224, 3), dtype=np.uint8), "instruction": "pick up the milk",
            "unnorm_key": "libero_object"}


def test_codec_matches_json_numpy():
    for a in (np.arange(6, dtype=np.float32).reshape(2, 3), np.zeros((4, 4, 3), np.uint8), np.array([1.5, -2.0])):
        assert json.loads(json_numpy.dumps(a)) == encode_array(a)
        np.testing.assert_array_equal(json_numpy.loads(json.dumps(encode_array(a))), a)
        b = json.loads(json_numpy.dumps({"x": a}), object_hook=object_hook)["x"]
        assert b.dtype == a.dtype and b.shape == a.shape and np.array_equal(b, a)


def test_openpi_style_reply(server):
    s = server("--protocol", "http", "--policy", "echo", "--horizon", "5", "--action-dim", "7")
    assert s.line == f"vlaplay_server listening on http://127.0.0.1:{s.port}/act"
    status, body = post(s.url, json_numpy.dumps(openvla_request()).encode())
    assert status == 200
    r = json.loads(body)
    assert np.asarray(r["actions"]).shape == (5, 7)
    assert r["server_timing"]["infer_ms"] >= 0
    assert r["echo"]["image"]["dtype"] == "|u1" and r["echo"]["image"]["shape"] == [224, 224, 3]
    assert r["echo"]["instruction"] == "pick up the milk"
    assert "image uint8[224,224,3], instruction str(16)" in s.stderr()


def test_openvla_style_reply(server):
    s = server("--protocol", "http", "--http-style", "openvla", "--policy", "random", "--seed", "3")
    status, body = post(s.url, json_numpy.dumps(openvla_request()).encode())
    assert status == 200
    action = json_numpy.loads(body)
    assert isinstance(action, np.ndarray) and action.shape == (7,) and action.dtype == np.float32
    assert abs(action[-1]) == 1.0


def test_plain_lists_and_demo(server):
    s = server("--protocol", "http")  # demo policy
    obs = {
        "prompt": "pick up the alphabet soup and place it in the basket",
        "observation/state": [0.48, 0, 0.41, 3.14, 0, 0, 0.04, -0.04],
        "vlaplay/objects": {"basket": [0.4, -0.24, 0.04], "alphabet_soup": [0.4, 0.0, 0.05]},
    }
    status, body = post(s.url, json.dumps(obs).encode())
    assert status == 200, body
    a = np.asarray(json.loads(body)["actions"])
    assert a.shape == (10, 7) and np.any(a[:, :3] != 0)


def test_errors(server):
    s = server("--protocol", "http", "--policy", "zeros", "--fault", "error_after=1")
    assert post(s.url, b"{}")[0] == 200
    status, body = post(s.url, b"{}")
    assert status == 500 and "Traceback" in json.loads(body)["error"]
    status, body = post(s.url, b"{not json")
    assert status == 400 and "not valid JSON" in json.loads(body)["error"]
    status, body = post(s.url, b"[1, 2]")
    assert status == 400 and "JSON object" in json.loads(body)["error"]
    assert post(s.url.replace("/act", "/nope"), b"{}")[0] == 404
    with urllib.request.urlopen(s.url.replace("/act", "/healthz"), timeout=5) as r:
        assert r.read() == b"OK\n"
    with urllib.request.urlopen(s.url.replace("/act", "/metadata"), timeout=5) as r:
        assert json.loads(r.read())["policy"] == "zeros"


def test_api_key(server):
    s = server("--protocol", "http", "--policy", "zeros", "--api-key", "k-123")
    status, body = post(s.url, b"{}")
    assert status == 401 and "Api-Key" in json.loads(body)["error"]
    assert post(s.url, b"{}", {"Authorization": "Api-Key wrong"})[0] == 401
    assert post(s.url, b"{}", {"Authorization": "Api-Key k-123"})[0] == 200
    assert "k-123" not in s.stderr()


@pytest.mark.parametrize("fault,check", [
    ("malformed", lambda status, body: status == 200 and pytest.raises(ValueError, json.loads, body)),
    ("text", lambda status, body: status == 200 and body == b"unexpected"),
    ("nan", lambda status, body: status == 200 and np.isnan(np.asarray(json.loads(body)["actions"])[0]).all()),
    ("pad=32", lambda status, body: np.asarray(json.loads(body)["actions"]).shape == (10, 32)),
])
def test_http_faults(server, fault, check):
    s = server("--protocol", "http", "--policy", "zeros", "--fault", fault)
    assert check(*post(s.url, b"{}"))


def test_http_close_after(server):
    s = server("--protocol", "http", "--policy", "zeros", "--fault", "close_after=1")
    assert post(s.url, b"{}")[0] == 200
    with pytest.raises((urllib.error.URLError, ConnectionError, OSError)):
        post(s.url, b"{}")


def test_a_zero_dimensional_array_encodes_as_shape_empty():
    # Found by test_decoder_fuzz: np.ascontiguousarray made a scalar shape [1].
    assert encode_array(np.float32(2.5))["shape"] == [] and encode_array(np.array(7))["shape"] == []
    assert json.loads(json.dumps(encode_array(np.float32(2.5))), object_hook=object_hook) == np.float32(2.5)
