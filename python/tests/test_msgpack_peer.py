"""python/tools/msgpack_peer.py: the fixed sample and the JSON description."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np

from conftest import PYTHON_DIR
from vlaplay_server import msgpack_numpy as ours

TOOL = PYTHON_DIR / "tools" / "msgpack_peer.py"


def peer(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(TOOL), *map(str, args)], capture_output=True, text=True, timeout=20)


def test_encode_writes_the_documented_sample(tmp_path):
    f = tmp_path / "sample.msgpack"
    assert peer("encode", f).returncode == 0
    v = ours.unpackb(f.read_bytes())
    assert v["actions"].dtype == np.float32 and v["actions"].shape == (10, 7)
    np.testing.assert_array_equal(v["actions"], np.arange(70, dtype=np.float32).reshape(10, 7) / 10)
    assert v["server_timing"] == {"infer_ms": 1.5}
    assert type(v["flag"]) is np.bool_ and v["flag"]
    assert type(v["count"]) is np.int64 and v["count"] == 3
    assert v["img"].dtype == np.uint8 and v["img"].shape == (2, 4, 3) and v["img"].reshape(-1).tolist() == list(range(24))
    assert v["f64"].dtype == np.float64 and v["f64"].tolist() == [1.0, -2.5]
    assert v["name"] == "demo" and v["nested"] == {"list": [1, 2.5, "x", None, True]}


def test_decode_describes_arrays_scalars_and_plain_values(tmp_path):
    f = tmp_path / "obs.msgpack"
    f.write_bytes(ours.packb({
        "observation/state": np.arange(8, dtype=np.float32),
        "img": np.full((224, 224, 3), 2, dtype=np.uint8),
        "prompt": "hi",
        "raw": b"\x00\x01\x02",
        "objects": {"basket": np.array([0.4, -0.24, 0.04])},
        "n": np.int64(5),
        "list": [1, None, "x"],
    }))
    r = peer("decode", f)
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["observation/state"] == {"ndarray": True, "dtype": "<f4", "shape": [8], "sum": 28.0,
                                      "first": [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]}
    assert d["img"]["shape"] == [224, 224, 3] and d["img"]["sum"] == 2 * 224 * 224 * 3 and d["img"]["dtype"] == "|u1"
    assert d["prompt"] == "hi" and d["raw"] == {"bytes": 3} and d["list"] == [1, None, "x"]
    assert d["objects"]["basket"]["dtype"] == "<f8" and d["objects"]["basket"]["first"] == [0.4, -0.24, 0.04]
    assert d["n"] == {"npgeneric": True, "dtype": "<i8", "value": 5}


def test_decode_rejects_garbage(tmp_path):
    f = tmp_path / "bad.msgpack"
    f.write_bytes(b"\xc1\xc1")
    r = peer("decode", f)
    assert r.returncode == 1 and "cannot decode" in r.stderr
