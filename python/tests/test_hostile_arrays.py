"""Arrays a client describes are checked before NumPy builds them (issue 15, item 1).

openpi-client's decoder (and our old copy of it) built ``np.ndarray(buffer=data,
dtype=<client's dtype>)``; dtype ``|O`` made NumPy read client bytes as object
pointers and the server died of a segfault.
"""

from __future__ import annotations

import json

import msgpack
import numpy as np
import pytest
from openpi_client.websocket_client_policy import WebsocketClientPolicy
from websockets.exceptions import ConnectionClosed

from test_http import post
from test_websocket import connect, libero_obs
from vlaplay_server import msgpack_numpy
from vlaplay_server.array_checks import RefusedArray
from vlaplay_server.json_numpy_codec import object_hook

# The reproduction from issue 15, verbatim: an object array of client bytes.
OBJECT_ARRAY_MESSAGE = msgpack.packb(
    {"observation/state": {b"__ndarray__": True, b"data": b"A" * 64, b"dtype": "|O", b"shape": [8]}})


def ndarray(data: bytes, dtype, shape) -> bytes:
    return msgpack.packb({"x": {b"__ndarray__": True, b"data": data, b"dtype": dtype, b"shape": shape}})


@pytest.mark.parametrize("dtype", ["|O", "O", "V8", "|V16", "<U4", "|S4", "<c16", "<M8[s]", "<m8[s]", "f4,i4", "(2,)<f4",
                                   "not a dtype", 7, None,
                                   ","])  # NumPy raises SyntaxError for "," (found by test_decoder_fuzz)
def test_non_numeric_dtypes_are_refused(dtype):
    with pytest.raises(RefusedArray, match="refused array: dtype"):
        msgpack_numpy.unpackb(ndarray(b"\0" * 64, dtype, [8]))


@pytest.mark.parametrize("data, dtype, shape", [
    (b"\0" * 4, "<f4", [8]),               # too short for the shape
    (b"\0" * 40, "<f4", [8]),              # too long
    (b"\0" * 8, "<f8", [2**62, 2**62]),    # a product no buffer could hold
    (b"\0" * 8, "<f8", [-1]),
    (b"\0" * 8, "<f8", [True]),
    (b"\0" * 8, "<f8", "8"),
    (b"\0" * 8, "<f8", [1] * 33),
    ("text", "<f8", [1]),
])
def test_data_must_match_shape_times_itemsize(data, dtype, shape):
    with pytest.raises(RefusedArray):
        msgpack_numpy.unpackb(ndarray(data, dtype, shape))


def test_scalars_of_non_numeric_dtypes_are_refused():
    with pytest.raises(RefusedArray):
        msgpack_numpy.unpackb(msgpack.packb({b"__npgeneric__": True, b"data": b"A" * 8, b"dtype": "|O"}))
    with pytest.raises(RefusedArray):
        msgpack_numpy.unpackb(msgpack.packb({b"__npgeneric__": True, b"data": "x", b"dtype": "<f8"}))
    assert msgpack_numpy.unpackb(msgpack.packb({b"__npgeneric__": True, b"data": 3, b"dtype": "<i8"})) == np.int64(3)


def test_plain_numbers_still_decode():
    for a in (np.arange(8, dtype=np.float32), np.zeros((2, 3), np.uint8), np.array([True, False]), np.zeros((0, 7), np.float64),
              np.array([1, -2], dtype=">i2")):
        b = msgpack_numpy.unpackb(msgpack_numpy.packb(a))
        assert b.dtype == a.dtype and b.shape == a.shape and np.array_equal(a, b)


def test_the_object_array_message_is_refused_and_the_server_stays_up(server):
    s = server("--policy", "zeros")
    with connect(s.url) as ws:
        ws.recv()  # the metadata frame
        ws.send(OBJECT_ARRAY_MESSAGE)
        reply = ws.recv()
        assert isinstance(reply, str) and "RefusedArray: refused array: dtype '|O' (object) is not allowed" in reply
        with pytest.raises(ConnectionClosed):
            ws.recv()
        assert ws.close_code == 1011
    assert s.proc.poll() is None, "the server died"
    assert WebsocketClientPolicy(s.url).infer(libero_obs())["actions"].shape == (10, 7)
    assert "refused array" in s.stderr()


def test_http_refuses_an_object_array_with_400(server):
    s = server("--protocol", "http", "--policy", "zeros")
    body = json.dumps({"state": {"__numpy__": "QUFBQUFBQUE=", "dtype": "|O", "shape": [1]}}).encode()
    status, reply = post(s.url, body)
    assert status == 400 and "refused array: dtype '|O'" in json.loads(reply)["error"]
    assert s.proc.poll() is None
    status, _ = post(s.url, json.dumps({"state": [1.0, 2.0]}).encode())
    assert status == 200


def test_json_numpy_size_mismatch_is_refused():
    with pytest.raises(RefusedArray, match="needs 32 bytes, got 8"):
        json.loads(json.dumps({"__numpy__": "AAAAAAAAAAA=", "dtype": "<f4", "shape": [8]}), object_hook=object_hook)
