#!/usr/bin/env python3
"""Mutation sweep of the shipped robot cards, URDFs and scenes (issue 15).

Every number in Robots/*.yaml, Robots/urdf/*.urdf and Scenes/*.yaml is replaced, one
at a time, by each hostile value (1e18, 1e300, -1e300, nan, -0), then --random random
mutations are made (hostile numbers and the edits people and broken tools make). Each
mutated file is given to `vlaplay check`; when check accepts it, `vlaplay run` plays a
few steps with the expert on a scene that uses it. The sweep counts:

  crashes  a process killed by a signal (SIGILL from a Swift trap, SIGSEGV, ...)
  hangs    a process that ran past --timeout seconds
  unsafe   a file `check` accepted whose run crashed or hung

and exits 1 if any is above 0. Usage (a release build is faster):

  python3 python/tools/mutation_sweep.py --binary .build/release/vlaplay --random 10000 --jobs 2
"""
import argparse
import concurrent.futures
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HOSTILE = ["1e18", "1e300", "-1e300", "nan", "-0"]
RANDOM_NUMBERS = ["1e16", "1e308", "-1e308", "4.9e-324", "0", "-1", "0x1p3", "inf", "-inf", ".nan",
                  "99999999999999999999", "1e-300", "1e3", "1000.5", "-999", "2147483648", "0.0000001"]
RANDOM_TOKENS = ["", "x", "-", ":", "[", "]", "{", "}", ",", "#", "&a", "*a", "'", '"', "\t", " ",
                 "null", "~", "true", "[1, 2]", "{a: 1}", "fixed", "<", ">", "/>", "\u00e9"]
NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?(?![\w.])")

# Where each robot (and the extra URDF card) runs: a scene it is compatible with.
RUN_SCENE = {"franka_panda": "libero_spatial", "ur5e": "libero_spatial", "so101": "libero_spatial",
             "widowx_250s": "trajectory", "aloha": "aloha_bimanual", "turtlebot3_waffle": "nav_apartment",
             "mobile_panda": "mobile_kitchen", "panda_from_urdf": "trajectory"}
PANDA_URDF_CARD = """name: panda_from_urdf
tag: Franka Emika Panda
arms:
  - {name: main, urdf: urdf/franka_panda.urdf, urdf_tip: panda_hand_tcp}
home: [0, -0.3, 0, -2.2, 0, 2.0, 0.7853981633974483]
control: {mode: joint_position, frequency_hz: 20, chunk: 16}
"""


def number_spans(text, is_xml):
    """(start, end) of every number outside comments."""
    spans = []
    in_comment = False
    offset = 0
    for line in text.splitlines(keepends=True):
        body = line
        if is_xml:
            if in_comment or "<!--" in line:
                in_comment = "-->" not in line
                body = ""
        else:
            cut = line.find("#")
            body = line if cut < 0 else line[:cut]
        for m in NUMBER.finditer(body):
            spans.append((offset + m.start(), offset + m.end()))
        offset += len(line)
    return spans


def random_mutation(text, spans, rng):
    """One to three random edits: a hostile number, or an edit of a line."""
    for _ in range(rng.randint(1, 3)):
        if spans and rng.random() < 0.6:
            a, b = rng.choice(spans)
            text = text[:a] + rng.choice(RANDOM_NUMBERS + HOSTILE) + text[b:]
            spans = number_spans(text, text.lstrip().startswith("<"))
            continue
        lines = text.split("\n")
        i = rng.randrange(len(lines))
        kind = rng.randrange(4)
        if kind == 0:
            del lines[i]
        elif kind == 1:
            lines.insert(i, lines[i])
        elif kind == 2:
            pos = rng.randrange(len(lines[i]) + 1)
            lines[i] = lines[i][:pos] + rng.choice(RANDOM_TOKENS) + lines[i][pos:]
        else:
            lines[i] = "  " + lines[i] if rng.random() < 0.5 else lines[i].lstrip(" ")
        text = "\n".join(lines)
        spans = number_spans(text, text.lstrip().startswith("<"))
    return text


def run(cmd, timeout):
    """(outcome, rc): outcome is ok, crash or hang."""
    try:
        p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "hang", None
    return ("crash" if p.returncode < 0 else "ok"), p.returncode


class Sweep:
    def __init__(self, binary, timeout, steps):
        self.binary = os.path.abspath(binary)
        self.timeout = timeout
        self.steps = steps

    def one(self, job):
        """Checks one mutated file in a private copy of Robots/ and Scenes/; runs it when accepted."""
        rel, text, label = job
        work = tempfile.mkdtemp(prefix="vlaplay-sweep-")
        try:
            shutil.copytree(os.path.join(ROOT, "Robots"), os.path.join(work, "Robots"))
            shutil.copytree(os.path.join(ROOT, "Scenes"), os.path.join(work, "Scenes"))
            with open(os.path.join(work, "Robots", "panda_from_urdf.yaml"), "w") as f:
                f.write(PANDA_URDF_CARD)
            path = os.path.join(work, rel)
            with open(path, "w", encoding="utf-8", errors="surrogateescape") as f:
                f.write(text)
            robots, scenes = os.path.join(work, "Robots"), os.path.join(work, "Scenes")
            if rel.startswith("Robots/urdf/"):
                card = "widowx_250s" if "widowx" in rel else "panda_from_urdf"
                checked = os.path.join(robots, card + ".yaml")
            else:
                checked = path
            outcome, rc = run([self.binary, "check", checked, "--robots", robots], self.timeout)
            result = {"label": label, "check": outcome, "accepted": rc == 0, "run": None, "rel": rel, "text": text}
            if rc != 0:
                return result
            if rel.startswith("Scenes/"):
                scene, robot = os.path.basename(rel)[:-5], None
            else:
                robot = os.path.basename(checked)[:-5]
                scene = RUN_SCENE.get(robot, "libero_spatial")
            cmd = [self.binary, "run", "--robots", robots, "--scenes", scenes, "--scene", scene,
                   "--max-steps", str(self.steps), "--every", "0"]
            if robot:
                cmd += ["--robot", robot]
            result["run"], _ = run(cmd, self.timeout)
            return result
        finally:
            shutil.rmtree(work, ignore_errors=True)


def jobs(count_random, seed, limit_per_file):
    files = sorted(f"Robots/{n}" for n in os.listdir(os.path.join(ROOT, "Robots")) if n.endswith(".yaml"))
    files += sorted(f"Robots/urdf/{n}" for n in os.listdir(os.path.join(ROOT, "Robots/urdf")) if n.endswith(".urdf"))
    files += sorted(f"Scenes/{n}" for n in os.listdir(os.path.join(ROOT, "Scenes")) if n.endswith(".yaml"))
    texts = {f: open(os.path.join(ROOT, f), encoding="utf-8").read() for f in files}
    out = []
    for f in files:
        spans = number_spans(texts[f], f.endswith(".urdf"))
        if limit_per_file:
            spans = spans[:: max(1, len(spans) // limit_per_file)][:limit_per_file]
        for a, b in spans:
            for v in HOSTILE:
                out.append((f, texts[f][:a] + v + texts[f][b:], f"{f}@{a}={v}"))
    rng = random.Random(seed)
    for k in range(count_random):
        f = files[k % len(files)]
        out.append((f, random_mutation(texts[f], number_spans(texts[f], f.endswith(".urdf")), rng), f"{f}#random{k}"))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build/release/vlaplay"))
    ap.add_argument("--random", type=int, default=10000, help="random mutations after the number sweep")
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=10, help="seconds before a process counts as hung")
    ap.add_argument("--steps", type=int, default=10, help="steps each accepted file runs")
    ap.add_argument("--keep", default="/tmp/vlaplay-sweep-bad", help="folder for the files that crashed or hung")
    ap.add_argument("--numbers-per-file", type=int, default=0, help="sweep at most this many numbers per file (0: all)")
    args = ap.parse_args()
    work = jobs(args.random, args.seed, args.numbers_per_file)
    sweep = Sweep(args.binary, args.timeout, args.steps)
    start = time.time()
    counts = {"mutations": 0, "accepted": 0, "ran": 0, "crashes": 0, "hangs": 0, "unsafe": 0}
    bad = []
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for r in pool.map(sweep.one, work):
            counts["mutations"] += 1
            counts["accepted"] += r["accepted"]
            counts["ran"] += r["run"] is not None
            for outcome in (r["check"], r["run"]):
                if outcome == "crash":
                    counts["crashes"] += 1
                elif outcome == "hang":
                    counts["hangs"] += 1
            if r["run"] in ("crash", "hang"):
                counts["unsafe"] += 1
            if "crash" in (r["check"], r["run"]) or "hang" in (r["check"], r["run"]):
                bad.append(r)
                os.makedirs(args.keep, exist_ok=True)
                with open(os.path.join(args.keep, f"{len(bad)}-{os.path.basename(r['rel'])}"), "w", encoding="utf-8", errors="surrogateescape") as f:
                    f.write(r["text"])
                print(f"BAD {r['label']}: check {r['check']}, run {r['run']}", flush=True)
    elapsed = time.time() - start
    print(" ".join(f"{k} {v}" for k, v in counts.items()) + f" seconds {elapsed:.0f}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
