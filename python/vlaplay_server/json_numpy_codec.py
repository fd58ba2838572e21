"""The json_numpy convention (PyPI ``json-numpy``, used by OpenVLA's deploy.py).

An array in JSON is ``{"__numpy__": <base64 of the raw bytes>, "dtype": "<f4",
"shape": [H, W, 3]}``; shape [] is a scalar. Implemented here in a few lines so the
server needs only NumPy; python/tests/test_http.py checks it against the real package.
"""

from __future__ import annotations

import base64
from typing import Any

import numpy as np

__all__ = ["object_hook", "encode_array"]


def object_hook(d: dict) -> Any:
    """``json.loads(..., object_hook=object_hook)``: decodes json_numpy dicts."""
    if "__numpy__" in d:
        dtype = np.dtype(d["dtype"]) if isinstance(d["dtype"], str) else np.lib.format.descr_to_dtype(d["dtype"])
        arr = np.frombuffer(base64.b64decode(d["__numpy__"]), dtype=dtype)
        shape = d.get("shape") or []
        return arr.reshape(shape) if shape else arr[0]
    return d


def encode_array(a: np.ndarray) -> dict:
    """One array as a json_numpy dict (what ``json_numpy.dumps(a)`` writes)."""
    a = np.ascontiguousarray(a)
    return {
        "__numpy__": base64.b64encode(a.tobytes()).decode("ascii"),
        "dtype": np.lib.format.dtype_to_descr(a.dtype),
        "shape": list(a.shape),
    }
