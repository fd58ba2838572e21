"""Shards as Ray tasks: one `vlaplay eval|record … --shard I/K --json` per task, 1 CPU
each, run again when its worker dies; at the end `vlaplay merge` (eval) or
vlaplay_ray.datasets (record) puts the shards together (docs/SCALE.md)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ShardPlan:
    vlaplay: str
    workdir: str
    command: str   # eval or record
    args: list[str]
    shards: int
    max_retries: int = 3
    # CPUs Ray reserves per shard, and vlaplay's --jobs in it.
    cpus: int = 1
    # Fault injection for tests: "SHARD:MARKER" makes the first attempt at SHARD kill its
    # own worker (SIGKILL) while vlaplay runs, as a lost node would; MARKER (a file) records
    # that it did, so the retry runs normally. From $VLAPLAY_RAY_KILL_ONCE.
    kill_once: str | None = None
    # The binary on the driver, for `vlaplay merge` (default: the workers' path).
    merge_vlaplay: str = ""

    def argv(self, index: int, parts_dir: Path) -> list[str]:
        out = ["--out", str(self.record_folder(index, parts_dir))] if self.command == "record" else []
        return [self.vlaplay, self.command, *self.args, "--jobs", str(self.cpus), "--shard", f"{index}/{self.shards}", *out, "--json"]

    def record_folder(self, index: int, parts_dir: Path) -> Path:
        return (parts_dir / f"shard-{index:05d}").resolve()


def run_shard(argv: list[str], workdir: str, kill_marker: str | None, fresh_folder: str | None = None) -> str:
    """One shard on a worker: vlaplay's JSON, or an error with its stderr. `fresh_folder`:
    the shard's own --out, emptied first (a retried record shard starts over)."""
    if fresh_folder:
        shutil.rmtree(fresh_folder, ignore_errors=True)
    proc = subprocess.Popen(argv, cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if kill_marker and not os.path.exists(kill_marker):
        Path(kill_marker).write_text(str(os.getpid()))
        time.sleep(0.2)
        proc.kill()   # the node is gone: its processes with it
        os.kill(os.getpid(), signal.SIGKILL)
    out, err = proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {proc.returncode}:\n{err[-4000:]}")
    return out


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


def run_plan(plan: ShardPlan, parts_dir: Path, address: str | None = None, num_cpus: int | None = None,
             runtime_env: dict | None = None, progress: bool = True, as_json: bool = False, out: Path | None = None) -> Result:
    """Runs the shards; eval: the merged report; record: the datasets merged into `out`."""
    import ray

    parts_dir.mkdir(parents=True, exist_ok=True)
    init = {"include_dashboard": False, "log_to_driver": False}
    if runtime_env:
        init["runtime_env"] = runtime_env
    if address:
        ray.init(address=address, **init)
    else:
        ray.init(num_cpus=num_cpus, **init)
    try:
        task = ray.remote(num_cpus=plan.cpus, max_retries=plan.max_retries, retry_exceptions=False)(run_shard)
        kill_shard, kill_marker = None, None
        if plan.kill_once:
            shard_text, kill_marker = plan.kill_once.split(":", 1)
            kill_shard = int(shard_text)
        recording = plan.command == "record"
        pending = {task.remote(plan.argv(i, parts_dir), plan.workdir, kill_marker if i == kill_shard else None,
                               str(plan.record_folder(i, parts_dir)) if recording else None): i
                   for i in range(plan.shards)}
        bar = Progress(plan.shards, enabled=progress)
        failures: list[str] = []
        while pending:
            done, _ = ray.wait(list(pending), num_returns=1)
            for ref in done:
                i = pending.pop(ref)
                try:
                    (parts_dir / f"part-{i:05d}.json").write_text(ray.get(ref))
                except Exception as e:   # the shard failed for good (retries spent, or vlaplay said no)
                    failures.append(f"shard {i}/{plan.shards}: {e}")
                bar.advance()
        bar.finish()
    finally:
        ray.shutdown()
    if failures:
        return Result(1, "", "error: " + "\n".join(failures) + "\n")
    if plan.command == "record":
        return merge_record_shards(plan, parts_dir, out)
    parts = sorted(str(p) for p in parts_dir.glob("part-*.json"))
    merged = subprocess.run([plan.merge_vlaplay or plan.vlaplay, "merge", *parts] + (["--json"] if as_json else []),
                            capture_output=True, text=True)
    return Result(merged.returncode, merged.stdout, merged.stderr)


def merge_record_shards(plan: ShardPlan, parts_dir: Path, out: Path) -> Result:
    from vlaplay_ray.datasets import MergeError, merge_recordings

    try:
        rows = merge_recordings([plan.record_folder(i, parts_dir) for i in range(plan.shards)], out)
    except MergeError as e:
        return Result(1, "", f"error: {e}\n")
    return Result(0, json.dumps({"datasets": rows}, indent=2, sort_keys=True) + "\n", "")


class Progress:
    """tqdm when it is installed and stderr is a terminal; else one plain line per shard."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.done, self.enabled, self.bar = total, 0, enabled, None
        if enabled and sys.stderr.isatty():
            try:
                from tqdm import tqdm
                self.bar = tqdm(total=total, unit="shard", file=sys.stderr)
            except ImportError:
                pass

    def advance(self) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.update(1)
        elif self.enabled:
            print(f"shards done {self.done}/{self.total}", file=sys.stderr, flush=True)

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.close()
