"""Short descriptions of observations, for the request log and the echo policy."""

from __future__ import annotations

from typing import Any

import numpy as np


def shape_str(v: Any) -> str:
    """``float32[224,224,3]``, ``str(57)``, ``map{3}``, ``int``..."""
    if isinstance(v, np.ndarray):
        return f"{v.dtype.name}[{','.join(str(n) for n in v.shape)}]"
    if isinstance(v, np.generic):
        return f"{v.dtype.name}()"
    if isinstance(v, str):
        return f"str({len(v)})"
    if isinstance(v, (bytes, bytearray)):
        return f"bytes({len(v)})"
    if isinstance(v, dict):
        return "map{" + ", ".join(f"{k}: {shape_str(x)}" for k, x in list(v.items())[:6]) + (", ..." if len(v) > 6 else "") + "}"
    if isinstance(v, (list, tuple)):
        return f"list({len(v)})"
    return type(v).__name__


def summary(obs: Any) -> str:
    """One line: every top-level key with its type and shape."""
    if not isinstance(obs, dict):
        return shape_str(obs)
    return ", ".join(f"{k} {shape_str(v)}" for k, v in obs.items())


def describe(v: Any) -> Any:
    """JSON/msgpack-friendly description: arrays as dtype, shape, sum, first values."""
    if isinstance(v, np.ndarray):
        flat = v.reshape(-1)
        return {
            "dtype": v.dtype.str,
            "shape": list(v.shape),
            "sum": float(flat.astype(np.float64).sum()) if v.dtype.kind in "biuf" else None,
            "first": [x.item() for x in flat[:8]],
        }
    if isinstance(v, np.generic):
        return {"dtype": v.dtype.str, "value": v.item()}
    if isinstance(v, dict):
        return {str(k): describe(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [describe(x) for x in v]
    if isinstance(v, (bytes, bytearray)):
        return {"bytes": len(v)}
    return v
