#!/usr/bin/env python3
"""Per-request overhead of vlaplay's Swift openpi client against openpi's own
Python client (openpi_client.WebsocketClientPolicy), in the same run, against the
same reference server serving the `zeros` policy (inference ~0 ms), so what is timed
is what a client adds: encoding, the websocket and decoding.

Both clients send LIBERO's keys with two 224x224x3 uint8 images, an 8-float state
and the prompt. Rounds alternate (openpi, vlaplay, openpi, ...) so machine noise hits
both; the figure reported is the median of each client's per-round medians.

  .venv-remote/bin/python python/tools/bench_remote.py --vlaplay .build/release/vlaplay
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from openpi_client import websocket_client_policy

ROOT = Path(__file__).resolve().parents[2]


def start_server() -> tuple[subprocess.Popen, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "python"), PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-m", "vlaplay_server", "--port", "0", "--policy", "zeros"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    line = proc.stdout.readline()
    if "listening on" not in line:
        proc.kill()
        raise SystemExit(f"the reference server did not start: {line!r}")
    return proc, line.split()[-1]


def openpi_round(url: str, requests: int, warmup: int) -> float:
    client = websocket_client_policy.WebsocketClientPolicy(url)
    rng = np.random.default_rng(0)
    obs = {
        "observation/image": rng.integers(0, 255, (224, 224, 3), dtype=np.uint8),
        "observation/wrist_image": rng.integers(0, 255, (224, 224, 3), dtype=np.uint8),
        "observation/state": np.zeros(8, dtype=np.float32),
        "prompt": "pick up the alphabet soup and place it in the basket",
    }
    times = []
    for i in range(warmup + requests):
        t0 = time.perf_counter()
        client.infer(obs)
        if i >= warmup:
            times.append((time.perf_counter() - t0) * 1e3)
    client._ws.close()
    return statistics.median(times)


def vlaplay_round(binary: str, url: str, requests: int, warmup: int) -> tuple[float, dict]:
    out = subprocess.run([binary, "bench", "remote", "--url", url, "--requests", str(requests), "--warmup", str(warmup), "--json"],
                         check=True, capture_output=True, text=True, cwd=ROOT)
    data = json.loads(out.stdout)
    return data["median_ms"], data


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--vlaplay", default=str(ROOT / ".build/release/vlaplay"))
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--warmup", type=int, default=20)
    args = ap.parse_args()
    server, url = start_server()
    try:
        openpi, swift = [], []
        last = {}
        for r in range(args.rounds):
            openpi.append(openpi_round(url, args.requests, args.warmup))
            ms, last = vlaplay_round(args.vlaplay, url, args.requests, args.warmup)
            swift.append(ms)
            print(f"round {r + 1}: openpi-client {openpi[-1]:.3f} ms, vlaplay {swift[-1]:.3f} ms", file=sys.stderr)
    finally:
        server.terminate()
        server.wait()
    o, s = statistics.median(openpi), statistics.median(swift)
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print(f"request: {last.get('request_bytes')} bytes (two 224x224x3 uint8 images, state, prompt); server: vlaplay_server --policy zeros on loopback")
    print(f"{'client':<28}{'median ms/request':>20}")
    print(f"{'openpi-client 0.1.2':<28}{o:>20.3f}")
    print(f"{'vlaplay (Swift)':<28}{s:>20.3f}")
    print(f"ratio vlaplay / openpi-client: {s / o:.3f} (target <= 1)")


if __name__ == "__main__":
    main()
