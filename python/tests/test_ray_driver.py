"""The Ray driver (python/vlaplay_ray) on a local Ray cluster of 2 CPUs, started and
stopped by the driver inside the test: the merged shards equal one unsharded
`vlaplay eval --json` byte for byte, also when a worker is killed mid-shard and its
shard runs again; recorded shards, one of them killed and retried, merge into the
dataset one unsharded `vlaplay record` writes (docs/SCALE.md). About a minute here.

Needs the built binary (.build/debug/vlaplay, or $VLAPLAY_BIN) and Ray
(python/requirements-ray.txt, installed by `make test`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ray = pytest.importorskip("ray", reason="Ray is not installed: `make test` installs python/requirements-ray.txt into .venv-remote")

REPO = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("VLAPLAY_BIN", REPO / ".build" / "debug" / "vlaplay"))
EVAL = ["--family", "trajectory", "--episodes", "3", "--seed", "7"]

pytestmark = pytest.mark.skipif(not BINARY.exists(), reason=f"{BINARY} is not built: run `swift build` first")


@pytest.fixture(scope="module")
def unsharded() -> str:
    out = subprocess.run([str(BINARY), "eval", *EVAL, "--json"], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    return out.stdout


def driver(tmp_path: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    full_env = dict(os.environ, PYTHONPATH=str(REPO / "python"), RAY_USAGE_STATS_ENABLED="0", **(env or {}))
    return subprocess.run(
        [sys.executable, "-m", "vlaplay_ray", "eval", *EVAL, "--shards", "3", "--num-cpus", "2", "--vlaplay", str(BINARY),
         "--workdir", str(REPO), "--parts", str(tmp_path / "parts"), "--max-retries", "2", "--json", "--no-progress"],
        cwd=REPO, capture_output=True, text=True, env=full_env, timeout=300)


def test_merged_shards_equal_the_unsharded_run_byte_for_byte(unsharded: str, tmp_path: Path) -> None:
    r = driver(tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout == unsharded
    parts = sorted((tmp_path / "parts").glob("part-*.json"))
    assert len(parts) == 3


def test_a_killed_workers_shard_runs_again_and_the_result_is_still_equal(unsharded: str, tmp_path: Path) -> None:
    marker = tmp_path / "killed-once"
    r = driver(tmp_path, env={"VLAPLAY_RAY_KILL_ONCE": f"1:{marker}"})
    assert marker.exists(), "the first attempt at shard 1 did not run (or did not kill its worker)"
    assert r.returncode == 0, r.stderr
    assert r.stdout == unsharded


def test_record_shards_on_ray_merge_into_the_unsharded_dataset_even_after_a_lost_worker(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    flags = ["--image-size", "8x8", "--embodiments", "card", "--no-paraphrase"]
    whole = subprocess.run([str(BINARY), "record", "--scene", "trajectory", "--episodes", "4", "--out", str(tmp_path / "whole"), *flags],
                           cwd=REPO, capture_output=True, text=True, timeout=300)
    assert whole.returncode == 0, whole.stderr
    marker = tmp_path / "killed-once"
    env = dict(os.environ, PYTHONPATH=str(REPO / "python"), RAY_USAGE_STATS_ENABLED="0", VLAPLAY_RAY_KILL_ONCE=f"0:{marker}")
    # The killed shard's folder is half written: its retry must start it over.
    r = subprocess.run(
        [sys.executable, "-m", "vlaplay_ray", "record", "--scene", "trajectory", "--episodes", "4", "--shards", "2", "--num-cpus", "2",
         "--vlaplay", str(BINARY), "--workdir", str(REPO), "--parts", str(tmp_path / "parts"), "--out", str(tmp_path / "merged"),
         "--no-progress", "--", *flags],
        cwd=REPO, capture_output=True, text=True, env=env, timeout=300)
    assert marker.exists()
    assert r.returncode == 0, r.stderr
    a, b = tmp_path / "whole/franka_panda_20hz", tmp_path / "merged/franka_panda_20hz"
    for rel in ["data/chunk-000/file-000.parquet", "meta/tasks.parquet"]:
        assert pq.read_table(a / rel).to_pydict() == pq.read_table(b / rel).to_pydict(), rel
