"""`vlaplay record` writes a LeRobotDataset v3.0: read back with pyarrow against the layout.

Runs the built binary (.build/debug/vlaplay, or $VLAPLAY_BIN) to record two episodes of
one scene, then checks every file: names, schemas, row counts, index ranges, images,
statistics recomputed with LeRobot's own algorithm (compute_stats.py, ported below),
shapes against meta/info.json. Skipped when the binary is not built. Where Hugging Face
`datasets` or `lerobot` can be imported, they load it too (lerobot needs Python >= 3.12
and torch, so in this repository's venv that test is skipped; docs/DATASETS.md).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from PIL import Image

REPO = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("VLAPLAY_BIN", REPO / ".build" / "debug" / "vlaplay"))
WIDTH, HEIGHT = 40, 32
QUANTILES = [0.01, 0.10, 0.50, 0.90, 0.99]
QKEYS = ["q01", "q10", "q50", "q90", "q99"]

pytestmark = pytest.mark.skipif(not BINARY.exists(), reason=f"{BINARY} is not built (swift build)")


# Every check runs on a recorded dataset and on one merged from two `record --shard` runs
# (python -m vlaplay_ray merge-datasets, docs/SCALE.md).
@pytest.fixture(scope="module", params=["recorded", "merged_shards"])
def dataset(request, tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("record")
    # Two embodiments of one frequency, so both episodes land in one dataset.
    cmd = [str(BINARY), "record", "--scene", "libero_spatial", "--episodes", "2", "--seed", "3",
           "--embodiments", "card,flipped_gripper", "--image-size", f"{WIDTH}x{HEIGHT}", "--json"]
    shards = [[]] if request.param == "recorded" else [["--shard", "0/2"], ["--shard", "1/2"]]
    parts = []
    for n, shard in enumerate(shards):
        parts.append(tmp / f"part{n}")
        done = subprocess.run(cmd + shard + ["--out", str(parts[-1])], capture_output=True, text=True, timeout=600, cwd=REPO)
        assert done.returncode == 0, done.stderr
        summary = json.loads(done.stdout)
        assert summary["kept"] == 2 // len(shards) and len(summary["datasets"]) == 1, summary
    if request.param == "recorded":
        root = Path(summary["datasets"][0]["path"])
        assert root == parts[0] / "franka_panda_20hz"
        return root
    from vlaplay_ray.datasets import merge_recordings
    rows = merge_recordings(parts, tmp / "merged")
    assert [r["episodes"] for r in rows] == [2]
    return Path(rows[0]["path"])


def info(root: Path) -> dict:
    return json.loads((root / "meta/info.json").read_text())


def test_files_are_where_v3_puts_them(dataset):
    for rel in ["meta/info.json", "meta/stats.json", "meta/tasks.parquet", "meta/episodes/chunk-000/file-000.parquet",
                "data/chunk-000/file-000.parquet"]:
        assert (dataset / rel).is_file(), rel
    assert not (dataset / "videos").exists()  # images live in the data files


def test_info_json(dataset):
    i = info(dataset)
    assert i["codebase_version"] == "v3.0" and i["robot_type"] == "franka_panda" and i["fps"] == 20
    assert i["total_episodes"] == 2 and i["total_tasks"] in (1, 2)
    assert i["chunks_size"] == 1000 and i["data_files_size_in_mb"] == 100 and i["video_files_size_in_mb"] == 200
    assert i["data_path"] == "data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet" and i["video_path"] is None
    assert i["splits"] == {"train": "0:2"}
    f = i["features"]
    assert f["action"] == {"dtype": "float32", "shape": [7], "names": ["x", "y", "z", "rx", "ry", "rz", "gripper"]}
    # Panda: 7 joints, the gripper, then the tool's position and two rotation columns.
    assert f["observation.state"]["dtype"] == "float32" and f["observation.state"]["shape"] == [17]
    names = f["observation.state"]["names"]
    assert len(names) == 17 and names[7] == "gripper" and names[8:11] == ["tool_x", "tool_y", "tool_z"]
    for cam in ["agentview", "wrist"]:
        assert f[f"observation.images.{cam}"] == {"dtype": "image", "shape": [HEIGHT, WIDTH, 3],
                                                  "names": ["height", "width", "channels"], "info": {"is_depth_map": False}}
    assert f["embodiment_prompt"] == {"dtype": "string", "shape": [1], "names": None}
    assert f["timestamp"] == {"dtype": "float32", "shape": [1], "names": None}
    for k in ["frame_index", "episode_index", "index", "task_index"]:
        assert f[k] == {"dtype": "int64", "shape": [1], "names": None}


def data(root: Path) -> pa.Table:
    return pq.read_table(root / "data/chunk-000/file-000.parquet")


def episodes(root: Path) -> pa.Table:
    return pq.read_table(root / "meta/episodes/chunk-000/file-000.parquet")


def test_data_schema_and_counts(dataset):
    i, t = info(dataset), data(dataset)
    feats = i["features"]
    assert set(t.column_names) == set(feats)  # every column is a declared feature, and no more
    expected = {"float32": pa.float32(), "int64": pa.int64(), "string": pa.string()}
    for name, ft in feats.items():
        typ = t.schema.field(name).type
        if ft["dtype"] == "image":
            assert typ == pa.struct([pa.field("bytes", pa.binary(), False), pa.field("path", pa.string(), False)])
        elif ft["shape"] == [1]:
            assert typ == expected[ft["dtype"]], name
        else:
            assert pa.types.is_list(typ) and typ.value_type == pa.float32(), name
            lengths = pa.compute.list_value_length(t.column(name)).to_numpy()
            assert (lengths == ft["shape"][0]).all(), name
    assert t.num_rows == i["total_frames"]
    assert pq.ParquetFile(dataset / "data/chunk-000/file-000.parquet").num_row_groups == i["total_episodes"]  # one per episode


def test_episode_index_ranges(dataset):
    i, t, e = info(dataset), data(dataset).to_pydict(), episodes(dataset).to_pydict()
    tasks = pq.read_table(dataset / "meta/tasks.parquet").to_pydict()
    task_of = dict(zip(tasks["task_index"], tasks["task"]))
    assert e["episode_index"] == list(range(i["total_episodes"]))
    start = 0
    for k, ep in enumerate(e["episode_index"]):
        lo, hi = e["dataset_from_index"][k], e["dataset_to_index"][k]
        assert lo == start and hi - lo == e["length"][k] and e["data/chunk_index"][k] == 0 and e["data/file_index"][k] == 0
        assert e["meta/episodes/chunk_index"][k] == 0 and e["meta/episodes/file_index"][k] == 0
        rows = range(lo, hi)
        assert [t["episode_index"][r] for r in rows] == [ep] * len(rows)
        assert [t["index"][r] for r in rows] == list(rows)
        assert [t["frame_index"][r] for r in rows] == list(range(len(rows)))
        fps = i["fps"]
        assert np.allclose([t["timestamp"][r] for r in rows], np.float32(np.arange(len(rows)) / fps))
        assert {task_of[t["task_index"][r]] for r in rows} == set(e["tasks"][k])
        assert {t["embodiment_prompt"][r] for r in rows} == {e["embodiment_prompt"][k]}
        assert e["tasks"][k][0] in e["embodiment_prompt"][k]  # the prompt carries the instruction
        assert e["vlaplay/success"][k] and e["vlaplay/scene"][k] == "libero_spatial"
        start = hi
    assert start == i["total_frames"]


def test_tasks_parquet_is_pandas_frame_indexed_by_task(dataset):
    t = pq.read_table(dataset / "meta/tasks.parquet")
    assert t.column_names == ["task_index", "task"]
    assert t.schema.pandas_metadata["index_columns"] == ["task"]
    assert t.column("task_index").to_pylist() == list(range(t.num_rows))
    assert t.num_rows == info(dataset)["total_tasks"]


def test_images_are_pngs_of_the_stated_size(dataset):
    t = data(dataset)
    for cam in ["agentview", "wrist"]:
        col = t.column(f"observation.images.{cam}").to_pylist()
        for k in [0, len(col) // 2, len(col) - 1]:
            img = Image.open(io.BytesIO(col[k]["bytes"]))
            assert img.format == "PNG" and img.mode == "RGB" and img.size == (WIDTH, HEIGHT)
        assert col[0]["path"] == "frame-000000.png"


def test_virtual_embodiment_prompts_tell_the_gripper_sign(dataset):
    e = episodes(dataset).to_pydict()
    for k, variant in enumerate(e["vlaplay/embodiment"]):
        prompt = e["embodiment_prompt"][k]
        assert variant in ("card", "flipped_gripper")
        sign = "1 opens it and -1 closes it" if variant == "flipped_gripper" else "-1 opens it and 1 closes it"
        assert sign in prompt


# LeRobot's statistics (lerobot/datasets/compute_stats.py), ported to check ours.

def running_stats(batch: np.ndarray, bins: int = 5000) -> dict:
    batch = batch.reshape(-1, batch.shape[-1]).astype(np.float64)
    n = batch.shape[0]
    if n < 2:
        mean = batch.mean(axis=0)
        return {"min": batch.min(0), "max": batch.max(0), "mean": mean, "std": batch.std(0),
                **{q: mean.copy() for q in QKEYS}}
    lo, hi = batch.min(0), batch.max(0)
    mean, sq = batch.mean(0), (batch ** 2).mean(0)
    out = {"min": lo, "max": hi, "mean": mean, "std": np.sqrt(np.maximum(0, sq - mean ** 2))}
    for key, q in zip(QKEYS, QUANTILES):
        values = []
        for d in range(batch.shape[1]):
            edges = np.linspace(lo[d] - 1e-10, hi[d] + 1e-10, bins + 1)
            hist, _ = np.histogram(batch[:, d], bins=edges)
            cumsum = np.cumsum(hist)
            target = q * n
            idx = np.searchsorted(cumsum, target)
            if idx == 0:
                values.append(edges[0])
            elif idx >= len(cumsum):
                values.append(edges[-1])
            else:
                before = cumsum[idx - 1]
                inside = cumsum[idx] - before
                values.append(edges[idx] if inside == 0 else edges[idx] + (target - before) / inside * (edges[idx + 1] - edges[idx]))
        out[key] = np.array(values)
    return out


def sample_indices(n: int) -> list[int]:
    samples = n if n < 100 else max(100, min(int(n ** 0.75), 10_000))
    return np.round(np.linspace(0, n - 1, samples)).astype(int).tolist()


def episode_stats(t: dict, lo: int, hi: int, feats: dict) -> dict:
    out = {}
    for key, ft in feats.items():
        if ft["dtype"] == "string":
            continue
        if ft["dtype"] == "image":
            frames = [t[key][r]["bytes"] for r in range(lo, hi)]
            imgs = np.stack([np.asarray(Image.open(io.BytesIO(frames[k])).convert("RGB")) for k in sample_indices(len(frames))])
            s = running_stats(imgs.reshape(-1, 3))
            out[key] = {k: v / 255.0 for k, v in s.items()} | {"count": np.array([len(imgs)])}
        else:
            values = np.array(t[key][lo:hi], dtype=np.float64)
            values = values.reshape(len(values), -1)
            if key == "timestamp":  # LeRobot's stats see frame_index / fps before the float32 column
                values = (np.arange(hi - lo) / 20.0).reshape(-1, 1)
            out[key] = running_stats(values) | {"count": np.array([hi - lo])}
    return out


def aggregate(stats: list[dict]) -> dict:
    counts = np.array([s["count"][0] for s in stats], dtype=np.float64)
    means = np.stack([s["mean"] for s in stats])
    total = counts.sum()
    mean = (means * counts[:, None]).sum(0) / total
    var = ((np.stack([s["std"] for s in stats]) ** 2 + (means - mean) ** 2) * counts[:, None]).sum(0) / total
    out = {"min": np.min([s["min"] for s in stats], 0), "max": np.max([s["max"] for s in stats], 0),
           "mean": mean, "std": np.sqrt(var), "count": np.array([int(total)])}
    for key, q in zip(QKEYS, QUANTILES):
        values = np.stack([s[key] for s in stats])
        out[key] = values.min(0) if q <= 0.5 else values.max(0)
    return out


def close(ours, theirs, what: str, scale: float) -> None:
    # Float32 sums and a bin edge's worth of quantile: well inside 1e-4 of the feature's range.
    assert np.allclose(np.ravel(ours), np.ravel(theirs), rtol=1e-5, atol=1e-4 * max(scale, 1e-3)), what


def test_stats_match_lerobots_algorithm(dataset):
    i, t, e = info(dataset), data(dataset).to_pydict(), episodes(dataset).to_pydict()
    feats = i["features"]
    per_episode = []
    for k in range(len(e["episode_index"])):
        mine = episode_stats(t, e["dataset_from_index"][k], e["dataset_to_index"][k], feats)
        per_episode.append(mine)
        for key, s in mine.items():
            scale = float(np.max(s["max"]) - np.min(s["min"]))
            for stat in ["min", "max", "mean", "std", *QKEYS]:
                written = np.array(e[f"stats/{key}/{stat}"][k], dtype=np.float64)
                if feats[key]["dtype"] == "image":
                    assert written.shape == (3, 1, 1), (key, stat)
                close(written, s[stat], f"episode {k} {key} {stat}", scale)
            assert e[f"stats/{key}/count"][k] == list(s["count"])
    written = json.loads((dataset / "meta/stats.json").read_text())
    assert set(written) == {k for k, ft in feats.items() if ft["dtype"] != "string"}
    for key in written:
        want = aggregate([s[key] for s in per_episode])
        scale = float(np.max(want["max"]) - np.min(want["min"]))
        for stat in ["min", "max", "mean", "std", *QKEYS]:
            close(np.array(written[key][stat]), want[stat], f"{key} {stat}", scale)
        assert written[key]["count"] == [int(want["count"][0])]
    assert written["action"]["count"] == [i["total_frames"]]


def test_hugging_face_datasets_loads_it_as_lerobot_does(dataset):
    datasets = pytest.importorskip("datasets", reason="Hugging Face datasets is not installed")
    feats = info(dataset)["features"]
    hf = {}
    for key, ft in feats.items():  # lerobot's get_hf_features_from_features
        if ft["dtype"] == "image":
            hf[key] = datasets.Image()
        elif ft["shape"] == [1]:
            hf[key] = datasets.Value(ft["dtype"])
        else:
            hf[key] = datasets.Sequence(length=ft["shape"][0], feature=datasets.Value(ft["dtype"]))
    import pandas as pd  # a dependency of datasets
    import pyarrow.dataset as pa_ds

    paths = [str(p) for p in sorted((dataset / "data").glob("*/*.parquet"))]
    ds = datasets.Dataset.from_parquet(paths, features=datasets.Features(hf))  # load_nested_dataset
    item = ds[0]
    assert item["observation.images.wrist"].size == (WIDTH, HEIGHT)
    assert len(item["action"]) == 7 and len(ds) == info(dataset)["total_frames"]
    one = datasets.Dataset.from_parquet(paths, filters=pa_ds.field("episode_index").isin([1]), features=datasets.Features(hf))
    assert set(one["episode_index"]) == {1}
    # load_tasks: pandas restores the task text as the index; LeRobot looks tasks up both ways.
    tasks = pd.read_parquet(dataset / "meta/tasks.parquet")
    assert tasks.index.name == "task" and list(tasks.columns) == ["task_index"]
    first = tasks.index[0]
    assert int(tasks.loc[first].task_index) == 0 and tasks.iloc[0].name == first
    # load_episodes: every column but the statistics.
    eps = datasets.Dataset.from_parquet([str(p) for p in sorted((dataset / "meta/episodes").glob("*/*.parquet"))])
    eps = eps.select_columns([k for k in eps.features if not k.startswith("stats/")])
    assert eps[1]["dataset_to_index"] == len(ds)


def test_lerobot_loads_it(dataset):
    lerobot = pytest.importorskip("lerobot.datasets.lerobot_dataset", reason="lerobot is not installed (needs Python >= 3.12 and torch)")
    ds = lerobot.LeRobotDataset("local/vlaplay", root=dataset)
    assert len(ds) == info(dataset)["total_frames"] and ds.num_episodes == 2
    item = ds[0]
    assert tuple(item["observation.images.wrist"].shape) == (3, HEIGHT, WIDTH)
    assert tuple(item["action"].shape) == (7,) and isinstance(item["task"], str)
