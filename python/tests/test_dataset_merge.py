"""`record --shard I/N` runs merged by `python -m vlaplay_ray merge-datasets` equal one
unsharded `record` with the same flags (every attempt succeeds on this scene): the same
frames, episodes, tasks and info, statistics equal to rounding (docs/SCALE.md). The
merged dataset's own LeRobot checks run in test_lerobot_dataset.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest

from vlaplay_ray.datasets import MergeError, merge_recordings

REPO = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("VLAPLAY_BIN", REPO / ".build" / "debug" / "vlaplay"))
RECORD = ["record", "--scene", "trajectory", "--episodes", "5", "--seed", "4", "--image-size", "8x8",
          "--embodiments", "card,flipped_gripper", "--json"]

pytestmark = pytest.mark.skipif(not BINARY.exists(), reason=f"{BINARY} is not built (swift build)")


def record(out: Path, *extra: str) -> dict:
    done = subprocess.run([str(BINARY), *RECORD, "--out", str(out), *extra], capture_output=True, text=True, timeout=600, cwd=REPO)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_merged_shards_hold_what_one_recording_holds(tmp_path: Path) -> None:
    assert record(tmp_path / "whole")["kept"] == 5
    parts = [tmp_path / f"s{i}" for i in range(3)]
    assert [record(p, "--shard", f"{i}/3")["kept"] for i, p in enumerate(parts)] == [2, 2, 1]
    out = tmp_path / "merged"
    cli = subprocess.run([sys.executable, "-m", "vlaplay_ray", "merge-datasets", *map(str, reversed(parts)), "--out", str(out)],
                         capture_output=True, text=True, cwd=REPO, env=dict(os.environ, PYTHONPATH=str(REPO / "python")))
    assert cli.returncode == 0, cli.stderr
    assert [d["episodes"] for d in json.loads(cli.stdout)["datasets"]] == [5]
    a, b = tmp_path / "whole/franka_panda_20hz", out / "franka_panda_20hz"
    for rel in ["data/chunk-000/file-000.parquet", "meta/tasks.parquet"]:
        ta, tb = pq.read_table(a / rel), pq.read_table(b / rel)
        assert ta.schema.equals(tb.schema, check_metadata=True) and ta.to_pydict() == tb.to_pydict(), rel
    ea, eb = pq.read_table(a / "meta/episodes/chunk-000/file-000.parquet").to_pydict(), pq.read_table(b / "meta/episodes/chunk-000/file-000.parquet").to_pydict()
    assert ea.keys() == eb.keys()
    for k in ea:
        if k.startswith("stats/"):   # shifted numbers: equal to rounding
            assert np.allclose(np.array(ea[k], dtype=float), np.array(eb[k], dtype=float), rtol=1e-12, atol=1e-9), k
        else:
            assert ea[k] == eb[k], k
    assert json.loads((a / "meta/info.json").read_text()) == json.loads((b / "meta/info.json").read_text())
    sa, sb = json.loads((a / "meta/stats.json").read_text()), json.loads((b / "meta/stats.json").read_text())
    assert sa.keys() == sb.keys()
    for f in sa:
        for stat in sa[f]:
            assert np.allclose(np.array(sa[f][stat], dtype=float), np.array(sb[f][stat], dtype=float), rtol=1e-12, atol=1e-9), (f, stat)
    merged_from = json.loads((b / "meta/vlaplay.json").read_text())["merged_from"]
    assert sorted(m["shard"] for m in merged_from) == ["0/3", "1/3", "2/3"]


def test_the_same_shard_twice_is_refused(tmp_path: Path) -> None:
    record(tmp_path / "s0", "--shard", "0/2")
    with pytest.raises(MergeError, match="same seed"):
        merge_recordings([tmp_path / "s0", tmp_path / "s0"], tmp_path / "merged")
