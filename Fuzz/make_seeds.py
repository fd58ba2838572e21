"""Writes the fuzz targets' seed corpora (one folder per target) from the shipped files:
Robots/*.yaml, Robots/urdf/*.urdf, Scenes/*.yaml, the prompts of Tests/Corpora/prompts.yaml
and the cards' prompt templates, the instructions of Tests/Corpora/*.txt and the scenes'
tasks, and, for the network readers, the frames and replies the reference server
(python/vlaplay_server) sends, encoded by openpi-client's own msgpack packer.

    python Fuzz/make_seeds.py OUT_DIR     (with python/requirements-remote.txt installed)
"""

from __future__ import annotations

import hashlib
import json
import struct
import sys
from pathlib import Path

import msgpack
import numpy as np
import yaml
from openpi_client.msgpack_numpy import pack_array

REPO = Path(__file__).resolve().parents[1]


def write(folder: Path, data: bytes | str) -> None:
    data = data.encode() if isinstance(data, str) else data
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


def packb(obj) -> bytes:
    return msgpack.packb(obj, default=pack_array)


def messages() -> list[bytes]:
    """msgpack the server and the client exchange: metadata, replies, observations."""
    rng = np.random.default_rng(0)
    return [
        packb({"policy": "demo", "action_horizon": 10, "action_dim": 7}),
        packb({"actions": rng.standard_normal((10, 7)).astype(np.float32),
               "server_timing": {"infer_ms": 1.5, "prev_total_ms": 3.0}, "policy_timing": {"infer_ms": 1.0}}),
        packb({"actions": np.zeros((4, 14), np.float64), "notes": ["a note"], "done": False}),
        packb({"actions": np.arange(8, dtype=np.float16).reshape(1, 8), "echo": np.int64(3)}),
        packb({"observation/image": rng.integers(0, 256, (4, 4, 3), dtype=np.uint8),
               "observation/state": np.array([0.5, 0, 0.4, 3.1, 0, 0, 0.04, -0.04], np.float32),
               "prompt": "pick up the bowl", "flags": np.array([True, False])}),
        packb([None, True, -1, 2**63, 1.5, "x", b"\x00\x01", {"k": [1, 2]}]),
    ]


def ws_frame(opcode: int, payload: bytes, fin: bool = True) -> bytes:
    """A server frame (unmasked), in the shortest length form."""
    head = bytes([(0x80 if fin else 0) | opcode])
    n = len(payload)
    if n <= 125:
        head += bytes([n])
    elif n <= 0xFFFF:
        head += bytes([126]) + struct.pack(">H", n)
    else:
        head += bytes([127]) + struct.pack(">Q", n)
    return head + payload


def ws_streams() -> list[bytes]:
    m = messages()
    return [
        ws_frame(2, m[0]) + ws_frame(2, m[1]),
        ws_frame(2, m[1][:20], fin=False) + ws_frame(0, m[1][20:]),
        ws_frame(9, b"ping") + ws_frame(2, m[2]),
        ws_frame(1, b"Traceback (most recent call last): ...") + ws_frame(8, struct.pack(">H", 1011) + b"Internal server error."),
        ws_frame(2, b"\x00" * 300),  # 16-bit length form
        bytes([0x82, 127]) + struct.pack(">Q", 70000) + b"\x00" * 64,  # 64-bit length form, cut short
        ws_frame(10, b"") + ws_frame(8, b""),
    ]


def http_reply(status: str, body: bytes, headers: str = "") -> bytes:
    return f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\n{headers}".encode() + (
        f"Content-Length: {len(body)}\r\n\r\n".encode() + body if "chunked" not in headers else b"\r\n" + body)


def http_replies() -> list[bytes]:
    actions = json.dumps({"actions": [[0.1] * 7] * 4, "server_timing": {"infer_ms": 2.0}}).encode()
    arr = np.arange(7, dtype=np.float32)
    openvla = json.dumps({"__numpy__": __import__("base64").b64encode(arr.tobytes()).decode(), "dtype": "<f4",
                          "shape": [7]}).encode()
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(actions), actions)
    return [
        http_reply("200 OK", actions),
        http_reply("200 OK", openvla),
        http_reply("200 OK", chunked, "Transfer-Encoding: chunked\r\n"),
        http_reply("401 Unauthorized", b'{"error": "missing Authorization header"}'),
        b"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n" + actions,  # to the close
        http_reply("500 Internal Server Error", b'{"error": "Traceback ..."}'),
    ]


def prompts() -> list[str]:
    entries = yaml.safe_load((REPO / "Tests/Corpora/prompts.yaml").read_text())
    found = [e["prompt"] for e in entries if isinstance(e, dict) and isinstance(e.get("prompt"), str)]
    for card in sorted((REPO / "Robots").glob("*.yaml")):
        template = (yaml.safe_load(card.read_text()) or {}).get("prompt_template")
        if isinstance(template, str):
            found.append(template)
    return found


def instructions() -> list[str]:
    found = []
    for name in ("instructions.txt", "refusals.txt"):
        for line in (REPO / "Tests/Corpora" / name).read_text().splitlines():
            line = line.strip()
            if line and not line.startswith("#") and not line.startswith("["):
                found.append(line.split("=>")[0].strip())
    for scene in sorted((REPO / "Scenes").glob("*.yaml")):
        for task in (yaml.safe_load(scene.read_text()) or {}).get("tasks") or []:
            if isinstance(task, dict) and isinstance(task.get("instruction"), str):
                found.append(task["instruction"])
    return found


def main() -> None:
    out = Path(sys.argv[1])
    for m in messages():
        write(out / "FuzzMessagePack", m)
    for s in ws_streams():
        write(out / "FuzzWebSocketFrames", s)
    for r in http_replies():
        write(out / "FuzzHTTPResponse", r)
    for card in sorted((REPO / "Robots").glob("*.yaml")):
        write(out / "FuzzRobotCard", card.read_bytes())
    for urdf in sorted((REPO / "Robots/urdf").glob("*.urdf")):
        write(out / "FuzzURDF", urdf.read_bytes())
    for scene in sorted((REPO / "Scenes").glob("*.yaml")):
        write(out / "FuzzScene", scene.read_bytes())
    for p in prompts():
        write(out / "FuzzPrompt", p)
    for i in instructions():
        write(out / "FuzzInstruction", i)
    for folder in sorted(out.iterdir()):
        print(f"{folder.name}: {len(list(folder.iterdir()))} seeds")


if __name__ == "__main__":
    main()
