"""Merges the LeRobotDataset v3.0 folders that `vlaplay record --shard I/N` runs wrote
into one dataset per robot and frequency (docs/SCALE.md, docs/DATASETS.md).

The merge, for each dataset name (ROBOT_HZhz) found in the parts:
- episodes are taken in the order of their `vlaplay/seed` (the attempt order of one
  unsharded recording: shard I recorded attempts I, I+N, …), numbered 0, 1, …;
- frames are copied, with `episode_index`, `index` (frames across the dataset) and
  `task_index` rewritten; one row group per episode; a new data file when the current
  one would pass `data_files_size_in_mb` (a new chunk every `chunks_size` files);
- tasks are numbered in the order they first appear, as `vlaplay record` numbers them;
- meta/episodes rows are copied with their indices, data file and frame range rewritten;
  the per-episode statistics of `episode_index`, `index` and `task_index` (constant or
  evenly spaced within an episode) move with the new numbers, the others stay;
- meta/stats.json aggregates the per-episode statistics as LeRobot's `aggregate_stats`
  does; meta/info.json gets the new totals; meta/vlaplay.json lists the parts' settings.

When every attempt succeeds in both, the merged dataset holds the same episodes, frames
and tasks, in the same order, as one unsharded `vlaplay record` with the same flags.
Data files are read memory-mapped (vlaplay writes them uncompressed), so a merge holds
little more than one episode in memory at a time.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

QUANTILE_KEYS = {"q01": 0.01, "q10": 0.10, "q50": 0.50, "q90": 0.90, "q99": 0.99}
SHIFTED = ("min", "max", "mean", *QUANTILE_KEYS)   # move with a constant shift; std and count do not


class MergeError(Exception):
    pass


def merge_recordings(parts: list[Path], out: Path) -> list[dict]:
    """Merges every dataset folder of the parts (each a `record --out` folder) into `out`."""
    if out.exists() and any(out.iterdir()):
        raise MergeError(f"{out} exists and is not empty: choose a new folder")
    names = sorted({d.name for p in parts for d in p.iterdir() if (d / "meta/info.json").is_file()})
    if not names:
        raise MergeError("no dataset (ROBOT_HZhz/meta/info.json) in the parts")
    return [merge_dataset([p / n for p in parts if (p / n / "meta/info.json").is_file()], out / n) for n in names]


def merge_dataset(parts: list[Path], out: Path) -> dict:
    infos = [json.loads((p / "meta/info.json").read_text()) for p in parts]
    for p, i in zip(parts, infos):
        for key in ("codebase_version", "robot_type", "fps", "features"):
            if i[key] != infos[0][key]:
                raise MergeError(f"{p} and {parts[0]} differ in {key}: not shards of one recording")
    info = dict(infos[0])
    episodes = [(p, read_all(p / "meta/episodes"), read_all(p / "data"), pq.read_table(p / "meta/tasks.parquet")) for p in parts]
    order = sorted(((ep.column("vlaplay/seed")[k].as_py(), n, k) for n, (_, ep, _, _) in enumerate(episodes)
                    for k in range(ep.num_rows)))
    if len({s for s, _, _ in order}) != len(order):
        raise MergeError("two parts hold an episode of the same seed: the same shard twice, or parts of different recordings")

    limit = info["data_files_size_in_mb"] * 1024 * 1024
    task_index: dict[str, int] = {}
    episode_rows: list[pa.Table] = []
    writer, file_bytes, chunk, file = None, 0, 0, 0
    frames = 0
    data_schema = episodes[0][2].schema
    for new, (_, n, k) in enumerate(order):
        _, ep, data, tasks = episodes[n]
        lo, hi = ep.column("dataset_from_index")[k].as_py(), ep.column("dataset_to_index")[k].as_py()
        rows = data.slice(lo, hi - lo)
        old_tasks = dict(zip(tasks.column("task_index").to_pylist(), tasks.column("task").to_pylist()))
        texts = [old_tasks[t] for t in rows.column("task_index").to_pylist()]
        for t in texts:
            task_index.setdefault(t, len(task_index))
        if len(set(texts)) != 1:
            raise MergeError(f"{parts[n]}: episode {k} has {len(set(texts))} tasks; vlaplay records one per episode")
        old = {"episode_index": ep.column("episode_index")[k].as_py(), "index": lo,
               "task_index": rows.column("task_index")[0].as_py()}
        rows = with_column(rows, "episode_index", np.full(hi - lo, new))
        rows = with_column(rows, "index", np.arange(frames, frames + hi - lo))
        rows = with_column(rows, "task_index", np.array([task_index[t] for t in texts]))
        if writer is not None and file_bytes + rows.nbytes > limit:
            writer.close()
            writer, file_bytes = None, 0
            file += 1
            if file == info["chunks_size"]:
                chunk, file = chunk + 1, 0
        if writer is None:
            path = out / info["data_path"].format(chunk_index=chunk, file_index=file)
            path.parent.mkdir(parents=True, exist_ok=True)
            writer = pq.ParquetWriter(path, data_schema, compression="none", use_dictionary=False)
        writer.write_table(rows.cast(data_schema), row_group_size=max(1, rows.num_rows))   # one row group per episode
        file_bytes += rows.nbytes
        row = ep.slice(k, 1)
        shifts = {"episode_index": new - old["episode_index"], "index": frames - old["index"],
                  "task_index": task_index[texts[0]] - old["task_index"]}
        for name, value in [("episode_index", new), ("data/chunk_index", chunk), ("data/file_index", file),
                            ("dataset_from_index", frames), ("dataset_to_index", frames + hi - lo),
                            ("meta/episodes/chunk_index", 0), ("meta/episodes/file_index", 0)]:
            row = with_column(row, name, np.array([value]))
        for feature, delta in shifts.items():
            for stat in SHIFTED:
                column = f"stats/{feature}/{stat}"
                if column in row.column_names and delta:
                    values = np.array(row.column(column)[0].as_py(), dtype=np.float64) + delta
                    row = row.set_column(row.schema.get_field_index(column), row.schema.field(column),
                                         pa.array([values.tolist()], type=row.schema.field(column).type))
        episode_rows.append(row)
        frames += hi - lo
    if writer is not None:
        writer.close()

    merged_episodes = pa.concat_tables(episode_rows)
    (out / "meta/episodes/chunk-000").mkdir(parents=True, exist_ok=True)
    pq.write_table(merged_episodes, out / "meta/episodes/chunk-000/file-000.parquet", compression="none", use_dictionary=False)
    tasks_schema = episodes[0][3].schema   # keeps the pandas metadata: a frame indexed by `task`
    pq.write_table(pa.table({"task_index": pa.array(list(task_index.values()), type=pa.int64()),
                             "task": pa.array(list(task_index.keys()), type=pa.string())}).cast(tasks_schema),
                   out / "meta/tasks.parquet", compression="none", use_dictionary=False)
    info.update(total_episodes=len(order), total_frames=frames, total_tasks=len(task_index), splits={"train": f"0:{len(order)}"})
    write_json(out / "meta/info.json", info)
    write_json(out / "meta/stats.json", aggregate_stats(merged_episodes))
    settings = [json.loads((p / "meta/vlaplay.json").read_text()) if (p / "meta/vlaplay.json").is_file() else None for p in parts]
    write_json(out / "meta/vlaplay.json", {"merged_from": settings})
    return {"path": str(out), "episodes": len(order), "frames": frames, "tasks": len(task_index), "parts": len(parts)}


def read_all(folder: Path) -> pa.Table:
    """Every parquet file under `folder`, in chunk and file order, memory-mapped."""
    files = sorted(folder.glob("chunk-*/file-*.parquet"))
    return pa.concat_tables([pq.read_table(f, memory_map=True) for f in files])


def with_column(table: pa.Table, name: str, values: np.ndarray) -> pa.Table:
    i = table.schema.get_field_index(name)
    field = table.schema.field(i)
    return table.set_column(i, field, pa.array(values, type=field.type))


def aggregate_stats(episodes: pa.Table) -> dict:
    """LeRobot's aggregate_stats over the per-episode `stats/<feature>/<stat>` columns:
    extremes of extremes, count-weighted mean, pooled variance, and each quantile the
    smallest of the episodes' for q <= 0.5 and the largest above (docs/DATASETS.md)."""
    features = sorted({c.split("/")[1] for c in episodes.column_names if c.startswith("stats/")})
    out = {}
    for f in features:
        col = lambda stat: np.array(episodes.column(f"stats/{f}/{stat}").to_pylist(), dtype=np.float64)
        counts = col("count").reshape(len(episodes), -1)[:, 0]
        means, stds = col("mean"), col("std")
        weights = counts.reshape((-1,) + (1,) * (means.ndim - 1))
        total = counts.sum()
        mean = (means * weights).sum(0) / total
        var = ((stds ** 2 + (means - mean) ** 2) * weights).sum(0) / total
        stats = {"min": col("min").min(0), "max": col("max").max(0), "mean": mean, "std": np.sqrt(var),
                 "count": np.array([int(total)])}
        for key, q in QUANTILE_KEYS.items():
            stats[key] = col(key).min(0) if q <= 0.5 else col(key).max(0)
        out[f] = {k: (v.astype(int).tolist() if k == "count" else v.tolist()) for k, v in stats.items()}
    return out


def write_json(path: Path, value) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, sort_keys=True, separators=(",", ":")))
