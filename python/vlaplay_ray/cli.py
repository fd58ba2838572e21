"""`python -m vlaplay_ray eval …`: the command line of the Ray driver (docs/SCALE.md)."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from vlaplay_ray.datasets import MergeError, merge_recordings
from vlaplay_ray.datasets import __doc__ as merge_doc
from vlaplay_ray.driver import ShardPlan, run_plan


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m vlaplay_ray", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    e = sub.add_parser("eval", help="run `vlaplay eval` as K shards on Ray, then `vlaplay merge` them",
                       description="Each shard is one Ray task (1 CPU) running `vlaplay eval … --shard I/K --json`; a task whose "
                                   "worker dies is run again (--max-retries); the parts are merged with `vlaplay merge`, so the "
                                   "result is byte for byte what one unsharded `vlaplay eval --json` prints.")
    e.add_argument("--policy", default="expert", help="the policy, as `vlaplay eval --policy` takes it (a pool: ws://a:8000,ws://b:8000)")
    r = sub.add_parser("record", help="run `vlaplay record` as K shards on Ray, then merge their datasets",
                       description="Each shard is one Ray task (1 CPU) running `vlaplay record … --shard I/K` into its own folder "
                                   "under --parts (shared storage on a real cluster); a retried shard starts its folder over; the "
                                   "datasets are merged into --out (python -m vlaplay_ray merge-datasets).")
    r.add_argument("--out", required=True, help="a new folder for the merged datasets")
    for c in (e, r):
        c.add_argument("--family", help="every scene of this family")
        c.add_argument("--scene", action="append", default=[], help="a scene (repeatable)")
        c.add_argument("--episodes", type=int, default=5 if c is e else 10, help="episodes per task (eval) / episodes to keep (record)")
        c.add_argument("--seed", type=int, default=0, help="first seed (0)")
        c.add_argument("--shards", type=int, required=True, help="how many shards (Ray tasks)")
        c.add_argument("--vlaplay", default=os.environ.get("VLAPLAY_BIN") or shutil.which("vlaplay"),
                       help="the vlaplay binary, at the same path on every node (default: $VLAPLAY_BIN, else vlaplay on PATH)")
        c.add_argument("--workdir", default=os.getcwd(), help="the folder vlaplay runs in on the workers (default: this one)")
        c.add_argument("--address", default=None,
                       help="the Ray cluster to join (`auto`, or ray://HOST:10001); default: start a local cluster for this run")
        c.add_argument("--num-cpus", type=int, default=None, help="CPUs of the local cluster (default: this machine's)")
        c.add_argument("--runtime-env", default=None, help="a Ray runtime_env as JSON, e.g. '{\"working_dir\": \"dist\"}' to ship the binary")
        c.add_argument("--cpus-per-shard", type=int, default=1, help="CPUs Ray reserves for each shard, and vlaplay's --jobs (1)")
        c.add_argument("--max-retries", type=int, default=3, help="runs of a shard again after its worker dies (3)")
        c.add_argument("--parts", default=None, help="keep the shards' results here (default: a temporary folder)")
        c.add_argument("--json", action="store_true", help="print the merged report as JSON (as `vlaplay eval --json`)")
        c.add_argument("--no-progress", action="store_true", help="no progress bar")
        c.add_argument("extra", nargs="*", help="more vlaplay flags, after --, e.g. -- --replan 4 --robot ur5e")
    m = sub.add_parser("merge-datasets", help="merge the folders of `vlaplay record --shard I/N` runs into one LeRobot dataset each",
                       description=merge_doc)
    m.add_argument("parts", nargs="+", help="the shards' --out folders")
    m.add_argument("--out", required=True, help="a new folder for the merged datasets (OUT/ROBOT_HZhz/)")
    return p


def merge_datasets(args: argparse.Namespace) -> int:
    try:
        rows = merge_recordings([Path(p) for p in args.parts], Path(args.out))
    except MergeError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    print(json.dumps({"datasets": rows}, indent=2, sort_keys=True))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "merge-datasets":
        return merge_datasets(args)
    if not args.vlaplay:
        print("error: no vlaplay binary: pass --vlaplay PATH or set VLAPLAY_BIN (e.g. .build/release/vlaplay)", file=sys.stderr)
        return 2
    if not args.family and not args.scene:
        print("error: choose scenes with --scene NAME (repeatable) or --family F", file=sys.stderr)
        return 2
    if args.shards < 1 or args.cpus_per_shard < 1:
        print("error: --shards and --cpus-per-shard: expected 1 or more", file=sys.stderr)
        return 2
    if args.command == "record" and Path(args.out).exists() and any(Path(args.out).iterdir()):
        print(f"error: --out {args.out} exists and is not empty: choose a new folder", file=sys.stderr)
        return 2
    vlaplay_args = ["--episodes", str(args.episodes), "--seed", str(args.seed)]
    vlaplay_args += ["--policy", args.policy] if args.command == "eval" else []
    vlaplay_args += ["--family", args.family] if args.family else []
    for s in args.scene:
        vlaplay_args += ["--scene", s]
    runtime_env = json.loads(args.runtime_env) if args.runtime_env else None
    shipped = (runtime_env or {}).get("working_dir")
    # With a shipped working_dir the workers find the binary inside it (a relative --vlaplay);
    # otherwise the path is the same on every node, so make it absolute.
    worker_vlaplay = args.vlaplay if shipped else str(Path(args.vlaplay).resolve())
    local = [Path(args.vlaplay), Path(shipped or ".") / args.vlaplay, Path(shutil.which("vlaplay") or "vlaplay")]
    merge_vlaplay = next((str(p.resolve()) for p in local if p.is_file()), None)
    if args.command == "eval" and not merge_vlaplay:
        print(f"error: the merge runs here, and {args.vlaplay} is not a file here (nor in {shipped})", file=sys.stderr)
        return 2
    plan = ShardPlan(vlaplay=worker_vlaplay, workdir=args.workdir, command=args.command, args=vlaplay_args + args.extra,
                     shards=args.shards, max_retries=args.max_retries, cpus=args.cpus_per_shard,
                     kill_once=os.environ.get("VLAPLAY_RAY_KILL_ONCE"), merge_vlaplay=merge_vlaplay or "")
    parts_dir = Path(args.parts) if args.parts else Path(tempfile.mkdtemp(prefix="vlaplay-ray-"))
    # Ray (the raylet, its workers) prints notices to standard output; the report alone goes there,
    # so that `… --json > report.json` holds exactly what `vlaplay eval --json` prints.
    sys.stdout.flush()
    saved_stdout = os.dup(1)
    os.dup2(2, 1)
    try:
        result = run_plan(plan, parts_dir, address=args.address, num_cpus=args.num_cpus, runtime_env=runtime_env,
                          progress=not args.no_progress, as_json=args.json,
                          out=Path(args.out) if args.command == "record" else None)
    finally:
        sys.stdout.flush()
        os.dup2(saved_stdout, 1)
        os.close(saved_stdout)
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    if not args.parts:
        shutil.rmtree(parts_dir, ignore_errors=True)
    return result.returncode
