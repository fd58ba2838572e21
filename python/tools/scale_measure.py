#!/usr/bin/env python3
"""The measured inputs of docs/SCALE.md, in one run:

1. simulation: CPU seconds per episode and steps per episode of every family with the
   built-in expert (`vlaplay eval --family F --jobs 1 --json`; CPU = user + sys of the
   child, from getrusage);
2. a remote policy: two reference servers (`vlaplay_server --policy demo`) as processes,
   `vlaplay eval --scene libero_object --policy ws://a,ws://b` at --jobs 1 and 2: requests per
   episode, round-trip latency (the pool summary's), vlaplay's CPU per request (it renders
   two 224×224 images for each) and the server's CPU per request (/proc/PID/stat);
3. Ray's overhead: `python -m vlaplay_ray eval` on a local cluster against the same
   batch run directly.

  .venv-remote/bin/python python/tools/scale_measure.py --vlaplay .build/release/vlaplay > scale.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FAMILIES = ["manipulation", "bimanual", "navigation", "mobile_manipulation", "trajectory"]


def timed(cmd: list[str], env: dict | None = None) -> tuple[dict | str, float, float]:
    """(stdout parsed as JSON when it is, wall seconds, CPU seconds of the child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if out.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({out.returncode}):\n{out.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    try:
        return json.loads(out.stdout), wall, cpu
    except json.JSONDecodeError:
        return out.stdout, wall, cpu


def process_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def simulation(vlaplay: str, episodes: int) -> dict:
    out = {}
    for fam in FAMILIES:
        r, wall, cpu = timed([vlaplay, "eval", "--family", fam, "--episodes", str(episodes), "--jobs", "1", "--json"])
        eps = r["episodes"]
        out[fam] = {"episodes": len(eps), "cpu_s_per_episode": cpu / len(eps), "wall_s_per_episode": wall / len(eps),
                    "steps_per_episode": sum(e["steps"] for e in eps) / len(eps),
                    "success_rate": r["families"][fam]["success_rate"]}
        print(f"{fam}: {out[fam]}", file=sys.stderr, flush=True)
    return out


def remote(vlaplay: str, episodes: int) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "python"), PYTHONUNBUFFERED="1")
    servers = [subprocess.Popen([sys.executable, "-m", "vlaplay_server", "--port", "0", "--policy", "demo"],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env) for _ in range(2)]
    try:
        urls = [s.stdout.readline().split()[-1] for s in servers]
        out = {}
        for jobs in (1, 2):
            server_cpu0 = sum(process_cpu(s.pid) for s in servers)
            # A pool of two servers: the summary carries the per-server requests and latency.
            r, wall, cpu = timed([vlaplay, "eval", "--scene", "libero_object", "--episodes", str(episodes), "--jobs", str(jobs),
                                  "--policy", ",".join(urls), "--json"])
            server_cpu = sum(process_cpu(s.pid) for s in servers) - server_cpu0
            rows = r["servers"]
            requests = sum(s["requests"] for s in rows)
            n = len(r["episodes"])
            out[f"jobs_{jobs}"] = {"episodes": n, "requests_per_episode": requests / n, "wall_s": wall,
                                   "requests_per_s": requests / wall, "episodes_per_s": n / wall,
                                   "latency_ms_mean": sum(s["latency_ms_mean"] * s["requests"] for s in rows) / requests,
                                   "latency_ms_p95": max(s["latency_ms_p95"] for s in rows),
                                   "vlaplay_cpu_ms_per_request": 1000 * cpu / requests,
                                   "server_cpu_ms_per_request": 1000 * server_cpu / requests,
                                   "success_rate": r["families"]["manipulation"]["success_rate"]}
            print(f"remote jobs {jobs}: {out[f'jobs_{jobs}']}", file=sys.stderr, flush=True)
        return out
    finally:
        for s in servers:
            s.terminate()
            s.wait()


def ray_overhead(vlaplay: str, episodes: int, shards: int) -> dict:
    batch = ["--family", "trajectory", "--episodes", str(episodes)]
    direct, direct_wall, _ = timed([vlaplay, "eval", *batch, "--jobs", "2", "--json"])
    env = dict(os.environ, PYTHONPATH=str(ROOT / "python"), RAY_USAGE_STATS_ENABLED="0")
    merged, ray_wall, _ = timed([sys.executable, "-m", "vlaplay_ray", "eval", *batch, "--shards", str(shards), "--num-cpus", "2",
                                 "--vlaplay", vlaplay, "--json", "--no-progress"], env=env)
    out = {"episodes": len(direct["episodes"]), "direct_jobs_2_s": direct_wall, "ray_2_cpus_s": ray_wall, "shards": shards,
           "identical": merged == direct}
    print(f"ray: {out}", file=sys.stderr, flush=True)
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--vlaplay", default=str(ROOT / ".build/release/vlaplay"))
    p.add_argument("--episodes", type=int, default=10, help="episodes per task for the simulation figures (10)")
    p.add_argument("--remote-episodes", type=int, default=3, help="episodes per task against the server (3; libero_object has 10 tasks)")
    p.add_argument("--skip-ray", action="store_true")
    a = p.parse_args()
    vlaplay = str(Path(a.vlaplay).resolve())
    result = {"machine": f"{platform.machine()}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f} at start",
              "vlaplay": vlaplay, "simulation": simulation(vlaplay, a.episodes), "remote": remote(vlaplay, a.remote_episodes)}
    if not a.skip_ray:
        result["ray"] = ray_overhead(vlaplay, a.episodes, shards=4)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
