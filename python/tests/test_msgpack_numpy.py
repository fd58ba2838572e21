"""vlaplay_server.msgpack_numpy is byte-compatible with openpi_client.msgpack_numpy."""

from __future__ import annotations

import msgpack
import numpy as np
import pytest
from openpi_client import msgpack_numpy as openpi

from vlaplay_server import msgpack_numpy as ours


def samples() -> list:
    rng = np.random.default_rng(7)
    return [
        {"actions": rng.standard_normal((10, 7)).astype(np.float32)},
        {"actions": rng.standard_normal((50, 14))},  # float64
        {
            "observation/image": rng.integers(0, 256, (224, 224, 3), dtype=np.uint8),
            "observation/wrist_image": np.zeros((224, 224, 3), dtype=np.uint8),
            "observation/state": np.arange(8, dtype=np.float32),
            "prompt": "pick up the alphabet soup and place it in the basket",
            "vlaplay/objects": {"basket": np.array([0.4, -0.24, 0.04]), "alphabet_soup": np.array([0.4, 0.0, 0.05])},
        },
        {
            "mask": np.array([True, False, True]),
            "ints": np.arange(-3, 3, dtype=np.int64).reshape(2, 3),
            "i32": np.array([1, 2], dtype=np.int32),
            "half": np.array([0.5, 1.5], dtype=np.float16),
            "empty": np.zeros((0, 7), dtype=np.float32),
            "zero_d": np.array(3.25),
            "transposed": np.arange(6, dtype=np.float32).reshape(2, 3).T,
            "big_endian": np.array([1.0, 2.0], dtype=">f8"),
        },
        {"flag": np.bool_(True), "count": np.int64(3), "x": np.float32(0.25), "f": np.float64(-1.5)},
        {"nested": {"list": [1, 2.5, "x", None, True, np.float32(2.0)], "deeper": {"a": np.ones((2, 2), np.uint8)}}},
        {},
    ]


def assert_same(a, b) -> None:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        assert isinstance(a, np.ndarray) and isinstance(b, np.ndarray)
        assert a.dtype == b.dtype and a.shape == b.shape
        np.testing.assert_array_equal(a, b)
    elif isinstance(a, np.generic):
        assert type(a) is type(b) and a == b
    elif isinstance(a, dict):
        assert isinstance(b, dict) and set(a) == set(b)
        for k in a:
            assert_same(a[k], b[k])
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b)
        for x, y in zip(a, b):
            assert_same(x, y)
    else:
        assert a == b and type(a) is type(b)


@pytest.mark.parametrize("i", range(len(samples())))
def test_bytes_identical_to_openpi(i):
    s = samples()[i]
    assert ours.packb(s) == openpi.packb(s)
    assert ours.Packer().pack(s) == openpi.Packer().pack(s)


@pytest.mark.parametrize("i", range(len(samples())))
def test_round_trip_both_ways(i):
    s = samples()[i]
    assert_same(ours.unpackb(openpi.packb(s)), openpi.unpackb(openpi.packb(s)))
    assert_same(openpi.unpackb(ours.packb(s)), ours.unpackb(ours.packb(s)))
    decoded = ours.unpackb(openpi.packb(s))
    for k, v in s.items():
        if isinstance(v, np.ndarray):
            np.testing.assert_array_equal(decoded[k], v)
            assert decoded[k].dtype.str == v.dtype.str


def test_array_keys_are_msgpack_bin():
    raw = ours.packb({"a": np.zeros(2, dtype=np.float32)})
    # bin 8 (0xc4) of length 11 followed by b"__ndarray__", and the dtype value is a str.
    assert b"\xc4\x0b__ndarray__" in raw
    assert b"\xc4\x04data" in raw and b"\xc4\x05dtype" in raw and b"\xc4\x05shape" in raw
    assert b"\xa3<f4" in raw
    m = msgpack.unpackb(raw)["a"]
    assert m[b"__ndarray__"] is True and m[b"dtype"] == "<f4" and m[b"shape"] == [2] and m[b"data"] == bytes(8)


def test_str_keys_read_as_plain_map():
    raw = msgpack.packb({"__ndarray__": True, "data": b"\x00" * 4, "dtype": "<f4", "shape": [1]})
    assert isinstance(ours.unpackb(raw), dict)
    assert isinstance(openpi.unpackb(raw), dict)


def test_refuses_object_and_complex_arrays():
    for bad in (np.array([object()], dtype=object), np.array([1 + 2j])):
        with pytest.raises(ValueError, match="Unsupported dtype"):
            ours.packb({"x": bad})
