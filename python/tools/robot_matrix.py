"""Every robot x every scene: the expert's success rate with that robot, or why the
pair is refused (the scene cannot take the robot, or a task asks what it cannot do).
Writes the table in docs/ROBOT_SWAPS.md between its markers.

    python3 python/tools/robot_matrix.py --vlaplay .build/debug/vlaplay --episodes 2
"""
import argparse, json, pathlib, subprocess

def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr

ap = argparse.ArgumentParser()
ap.add_argument("--vlaplay", default=".build/debug/vlaplay")
ap.add_argument("--episodes", type=int, default=2)
ap.add_argument("--doc", default="docs/ROBOT_SWAPS.md")
a = ap.parse_args()
robots = [r["name"] for r in json.loads(run([a.vlaplay, "robots", "--json"])[1])]
scenes = json.loads(run([a.vlaplay, "scenes", "--json"])[1])
lines = ["| scene | robot | success (expert) | tasks refused, and why |", "|---|---|---|---|"]
for s in scenes:
    for r in robots:
        rc, out, err = run([a.vlaplay, "eval", "--scene", s["name"], "--robot", r, "--episodes", str(a.episodes), "--jobs", "2", "--json"])
        if rc != 0:
            why = err.strip().splitlines()[0] if err.strip() else "refused"
            why = why.split("error: ", 1)[-1]
            lines.append(f"| {s['name']} | {r} | refused | {why[:160]} |")
            continue
        o = json.loads(out)
        tasks = o["tasks"]
        refused = [t for t in tasks if t.get("refused")]
        ran = [t for t in tasks if not t.get("refused")]
        rate = sum(t["success_rate"] for t in ran) / len(ran) if ran else None
        why = "; ".join(sorted({t["refused"].replace("refused: ", "")[:90] for t in refused}))
        rate_text = f"{100 * rate:.0f} % of {len(ran)} task(s)" if rate is not None else "—"
        default = " (its own)" if s["robot"] == r else ""
        lines.append(f"| {s['name']} | {r}{default} | {rate_text} | {len(refused)} refused{': ' + why if why else ''} |")
doc = pathlib.Path(a.doc)
text = doc.read_text()
start, end = "<!-- matrix -->", "<!-- /matrix -->"
text = text[:text.index(start) + len(start)] + "\n" + "\n".join(lines) + "\n" + text[text.index(end):]
doc.write_text(text)
print("\n".join(lines))
