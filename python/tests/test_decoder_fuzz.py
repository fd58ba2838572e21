"""Property-based fuzzing of the server's two decoders (issue 15): msgpack-numpy
(websocket) and json_numpy (HTTP), on random bytes and on random array descriptions
a hostile client could send. A decoder may refuse (an exception the server turns into
an error reply) but must never build an array of a dtype outside the whitelist or one
whose bytes are not exactly shape x itemsize, and must never crash the interpreter
(before the whitelist, dtype "|O" did: a segfault would end this test run).

Bounded: a few hundred examples per property, about ten seconds in all, so that
`make test` stays fast; HYPOTHESIS_EXAMPLES=N runs longer.
"""

from __future__ import annotations

import base64
import json
import os

import msgpack
import numpy as np
import pytest

hypothesis = pytest.importorskip("hypothesis", reason="pip install -r python/requirements-remote.txt (pins hypothesis)")
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402
from hypothesis.extra import numpy as hnp  # noqa: E402

from vlaplay_server import msgpack_numpy  # noqa: E402
from vlaplay_server.array_checks import ALLOWED_KINDS  # noqa: E402
from vlaplay_server.json_numpy_codec import encode_array, object_hook  # noqa: E402

EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "300"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# What a decoder may raise: ValueError covers RefusedArray, msgpack's ExtraData,
# FormatError and StackError, JSON and base64 errors; TypeError an unhashable map
# key; RecursionError deep JSON. The servers answer each with an error reply.
REFUSALS = (ValueError, TypeError, RecursionError, OverflowError, UnicodeDecodeError)

# Hostile and ordinary dtype names: the whitelist must sort them.
DTYPE_NAMES = ["|O", "O", "V8", "|V16", "<U4", "|S4", "<c16", "<M8[s]", "<m8[s]", "f4,i4", "(2,)<f4", "[('a','<f4')]",
               "<f4", "<f8", "<f2", "|u1", "|b1", "<i8", ">i2", "<u8", "|i1", "float32", "uint8", "bool", "", "<f16",
               "object", "void", "<f4\x00", "p", "P"]
dtype_names = st.one_of(st.sampled_from(DTYPE_NAMES), st.text(max_size=8))
# msgpack carries integers from -2**63 to 2**64 - 1.
wire_ints = st.integers(min_value=-2**63, max_value=2**64 - 1)
shapes = st.one_of(st.lists(st.integers(min_value=-2, max_value=2**40), max_size=5),
                   st.lists(st.integers(min_value=0, max_value=6), max_size=4),
                   st.lists(wire_ints, max_size=3), st.just([]), wire_ints, st.text(max_size=4), st.none())


def assert_safe(value) -> None:
    """Every array or NumPy scalar inside ``value`` is a plain number type whose size matches."""
    if isinstance(value, np.ndarray):
        assert value.dtype.kind in ALLOWED_KINDS and value.dtype.fields is None, value.dtype
        assert value.nbytes == value.size * value.dtype.itemsize
    elif isinstance(value, np.generic):
        assert value.dtype.kind in ALLOWED_KINDS, value.dtype
    elif isinstance(value, dict):
        for k, v in value.items():
            assert_safe(k)
            assert_safe(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            assert_safe(v)


def decode_msgpack(data: bytes):
    try:
        value = msgpack_numpy.unpackb(data)
    except REFUSALS:
        return
    assert_safe(value)


def decode_json(text: str | bytes):
    try:
        value = json.loads(text, object_hook=object_hook)
    except REFUSALS:
        return
    assert_safe(value)


@FUZZ
@given(st.binary(max_size=512))
def test_msgpack_decoder_on_random_bytes(data):
    decode_msgpack(data)


@FUZZ
@given(st.binary(max_size=256), dtype_names, shapes, st.sampled_from([b"__ndarray__", b"__npgeneric__"]))
def test_msgpack_decoder_on_random_array_maps(data, dtype, shape, marker):
    obj = {marker: True, b"data": data, b"dtype": dtype, b"shape": shape}
    decode_msgpack(msgpack.packb({"observation/state": obj, "nested": [obj]}))


@FUZZ
@given(st.recursive(st.none() | st.booleans() | wire_ints | st.floats()
                    | st.binary(max_size=32) | st.text(max_size=16),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.binary(max_size=12) | st.text(max_size=12),
                                                                                inner, max_size=4),
                    max_leaves=20))
def test_msgpack_decoder_on_random_trees(tree):
    decode_msgpack(msgpack.packb(tree))


@FUZZ
@given(st.binary(max_size=512))
def test_json_numpy_decoder_on_random_bytes(data):
    decode_json(data)


@FUZZ
@given(st.binary(max_size=256), dtype_names, shapes, st.booleans())
def test_json_numpy_decoder_on_random_array_dicts(data, dtype, shape, good_base64):
    payload = base64.b64encode(data).decode() if good_base64 else data.decode("latin-1")
    d = {"__numpy__": payload, "dtype": dtype, "shape": shape}
    decode_json(json.dumps({"state": d, "nested": [d]}))


@FUZZ
@given(hnp.arrays(dtype=st.sampled_from([np.float32, np.float64, np.float16, np.uint8, np.int8, np.int16, np.int32,
                                         np.int64, np.uint64, np.bool_, np.dtype(">f4"), np.dtype(">i8")]),
                  shape=hnp.array_shapes(min_dims=0, max_dims=3, max_side=5)))
def test_plain_arrays_round_trip_through_both_decoders(a):
    b = msgpack_numpy.unpackb(msgpack_numpy.packb({"a": a}))["a"]
    assert b.dtype == a.dtype and b.shape == a.shape and np.array_equal(a, b, equal_nan=a.dtype.kind == "f")
    # json_numpy decodes shape [] as a NumPy scalar, whose byte order is the machine's.
    c = np.asarray(json.loads(json.dumps(encode_array(a)), object_hook=object_hook))
    assert (c.dtype == a.dtype or (a.ndim == 0 and c.dtype == a.dtype.newbyteorder("="))) and c.shape == a.shape
    assert np.array_equal(a, c, equal_nan=a.dtype.kind == "f")
