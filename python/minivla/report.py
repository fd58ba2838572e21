"""One command for minivla's evaluation table (issue 16): success per family next to the
expert, on layouts and instructions the model never saw, the prompt-sensitivity measures,
the inference time, and how it was trained.

    make model-report      # or:
    python -m minivla.report --vlaplay ../.build/release/vlaplay --model ../Models/minivla \
        --out ../Models/minivla/report.json --markdown ../Models/minivla/report.md

- Families: `vlaplay eval --family F --policy P --seed 5000 --json` for the expert and
  minivla. Seeds from 5000 are never recorded (`make train` records seeds below 2000), so
  these are held-out layouts; the trajectory family is also run on seed 0 (a recorded one).
- Held-out instructions: `vlaplay corpus Tests/Corpora/instructions.txt --held-out` on the
  trajectory scenes: the corpus lines `vlaplay record` leaves out of every dataset.
- Prompt sensitivity: Models/minivla/measures.json (`python -m minivla.evaluate`).
"""
import argparse
import json
import os
import platform
import subprocess
import sys
import time

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))
HELD_OUT_SEED = 5000


def run_json(cmd):
    t0 = time.time()
    print("+ " + " ".join(cmd), file=sys.stderr, flush=True)
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if out.returncode not in (0, 1) or not out.stdout.strip().startswith("{"):
        raise SystemExit(f"{' '.join(cmd)} failed ({out.returncode}):\n{out.stderr[-2000:]}")
    res = json.loads(out.stdout)
    print(f"  {time.time() - t0:.0f} s", file=sys.stderr, flush=True)
    return res


def family(vlaplay, fam, policy, episodes, seed, jobs, scene=None):
    """`vlaplay eval` of a family (or of one `scene` of it) for `policy`."""
    t0 = time.time()   # eval's JSON holds no timing (it is a function of the episodes alone; docs/SCALE.md)
    what = ["--scene", scene] if scene else ["--family", fam]
    r = run_json([vlaplay, "eval", *what, "--policy", policy, "--episodes", str(episodes),
                  "--seed", str(seed), "--jobs", str(jobs), "--json"])
    f = r["families"].get(fam, {})
    return {"success_rate": f.get("success_rate"), "episodes": f.get("episodes"), "metrics": f.get("metrics", {}),
            "seconds": round(time.time() - t0, 1)}


def held_out_instructions(vlaplay, policy, jobs):
    r = run_json([vlaplay, "corpus", "Tests/Corpora/instructions.txt", "--scene", "trajectory", "--scene", "trajectory_base",
                  "--held-out", "--policy", policy, "--episodes", "1", "--jobs", str(jobs), "--json"])
    lines = sum(row["lines"] for row in r["rows"])
    eps = sum(row["episodes"] for row in r["rows"])
    ok = sum(row["successes"] for row in r["rows"])
    return {"lines": lines, "episodes": eps, "successes": ok, "success_rate": ok / eps if eps else None}


def pct(x):
    return "—" if x is None else f"{100 * x:.0f} %"


def markdown(rep):
    out = ["| family (seeds) | expert | minivla | minivla / expert | minivla ADE |", "|---|---|---|---|---|"]
    for row in rep["families"]:
        e, m = row["expert"], row["minivla"]
        ratio = (m["success_rate"] / e["success_rate"]) if e["success_rate"] else None
        ade = m["metrics"].get("ade")
        out.append(f"| {row['label']} | {pct(e['success_rate'])} of {e['episodes']} | {pct(m['success_rate'])} of {m['episodes']} | "
                   f"{pct(ratio)} | {'—' if ade is None else f'{100 * ade:.1f} cm'} |")
    h = rep["held_out_instructions"]
    out.append(f"| trajectory, held-out instructions ({h['minivla']['lines']} corpus lines) | "
               f"{pct(h['expert']['success_rate'])} | {pct(h['minivla']['success_rate'])} | — | — |")
    s = rep.get("sensitivity") or {}
    if s:
        out += ["", "| prompt sensitivity (open loop, Panda 20 Hz frames) | result | target |", "|---|---|---|",
                f"| gripper sentence flipped: chunks whose gripper sign flips | {pct(s.get('gripper_flip_share'))} | ≥ 95 % |",
                f"| \"10 Hz\" for \"20 Hz\": per-step motion ratio, median | {s.get('half_rate_motion_ratio_median', float('nan')):.2f} | 2.0 ± 20 % |",
                f"| \"40 Hz\" for \"20 Hz\": ratio, median | {s.get('double_rate_motion_ratio_median', float('nan')):.2f} | 0.5 |"]
    t = rep.get("training") or {}
    out += ["", f"Trained {t.get('steps')} steps × batch {t.get('batch')} in {t.get('train_seconds')} s on {t.get('hardware', 'this machine')}; "
                f"report made on {rep['machine']} in {rep['seconds']:.0f} s."]
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--vlaplay", default=".build/release/vlaplay")
    ap.add_argument("--model", default="Models/minivla")
    ap.add_argument("--episodes", type=int, default=20, help="seeds per trajectory task")
    ap.add_argument("--other-episodes", type=int, default=3,
                    help="seeds per task for the families minivla was not trained on (manipulation, navigation)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--out", default=None)
    ap.add_argument("--markdown", default=None)
    a = ap.parse_args()
    t0 = time.time()
    vlaplay = os.path.abspath(os.path.join(ROOT, a.vlaplay)) if not os.path.isabs(a.vlaplay) else a.vlaplay
    model = os.path.join(ROOT, a.model) if not os.path.isabs(a.model) else a.model
    rows = []
    # The trajectory family per scene: the Panda's tool paths and the TurtleBot's floor
    # paths differ by an order of magnitude in scale (and in ADE).
    plan = [("trajectory", "trajectory", a.episodes, HELD_OUT_SEED, f"trajectory, Panda tool paths ({a.episodes} held-out seeds)"),
            ("trajectory", "trajectory_base", a.episodes, HELD_OUT_SEED, f"trajectory, TurtleBot3 paths ({a.episodes} held-out seeds)"),
            ("trajectory", None, a.episodes, 0, f"trajectory, both ({a.episodes} recorded seeds)"),
            ("manipulation", None, a.other_episodes, HELD_OUT_SEED, f"manipulation ({a.other_episodes} seeds; not trained on)"),
            ("navigation", None, a.other_episodes, HELD_OUT_SEED, f"navigation ({a.other_episodes} seeds; not trained on)")]
    for fam, scene, n, seed, label in plan:
        rows.append({"family": fam, "scene": scene, "seed": seed, "label": label,
                     "expert": family(vlaplay, fam, "expert", n, seed, a.jobs, scene),
                     "minivla": family(vlaplay, fam, "minivla", n, seed, a.jobs, scene)})
    rep = {"families": rows,
           "held_out_instructions": {p: held_out_instructions(vlaplay, p, a.jobs) for p in ("expert", "minivla")},
           "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}"}
    measures = os.path.join(model, "measures.json")
    if os.path.exists(measures):
        rep["sensitivity"] = json.load(open(measures)).get("sensitivity")
    cfg = json.load(open(os.path.join(model, "config.json")))
    rep["training"] = cfg.get("training")
    rep["seconds"] = time.time() - t0
    md = markdown(rep)
    print(md)
    if a.out:
        json.dump(rep, open(a.out, "w"), indent=1)
    if a.markdown:
        open(a.markdown, "w").write(md + "\n")


if __name__ == "__main__":
    main()
