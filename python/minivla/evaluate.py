"""Measures a trained minivla and writes the Swift golden file.

    python -m minivla.evaluate --model Models/minivla --data /tmp/ds_traj2 \
        --golden Tests/MiniVLATests/Golden/minivla_golden.json

Prompt sensitivity (open loop, on recorded frames of the Panda at 20 Hz with the card's
convention): the same state and instruction with the prompt's gripper sentence flipped
("1 opens it and -1 closes it"), and with "10 Hz" in place of "20 Hz". Reports the share of
chunks whose mean gripper value changes sign, and the ratio of mean per-step translation.
Timing: the JAX forward (context once + 10 Euler steps, batch 1, jit) per chunk.
"""
import argparse
import json
import os
import time

import jax
import jax.numpy as jnp
import numpy as np

from . import data, model, tokenizer
from .io import load_model

CARD_GRIP = "-1 opens it and 1 closes it"
FLIP_GRIP = "1 opens it and -1 closes it"


def encode_batch(texts, vocab, max_len):
    index = {w: i for i, w in enumerate(vocab)}
    toks = np.zeros((len(texts), max_len), np.int32)
    mask = np.zeros((len(texts), max_len), np.float32)
    for i, t in enumerate(texts):
        ids = tokenizer.encode(t, index, max_len)
        toks[i, :len(ids)] = ids
        mask[i, :len(ids)] = 1
    return toks, mask


def run(params, cfg, vocab, texts, state_n, noise, steps=10):
    toks, mask = encode_batch(texts, vocab, cfg["max_tokens"])
    return np.asarray(model.sample(params, cfg, jnp.asarray(toks), jnp.asarray(mask), jnp.asarray(state_n), jnp.asarray(noise), steps))


def sensitivity(params, config, vocab, data_roots, n=256, seed=0):
    cfg = config["model"]
    s = data.load(data_roots)
    st = config["normalisation"]["franka_panda"]
    # Frames with at least 16 expert steps left at 20 Hz, so that at 10 Hz the first 8 still move.
    sel = [i for i in range(len(s["robot"])) if s["robot"][i] == "franka_panda" and s["fps"][i] == 20 and s["remaining"][i] >= 16
           and CARD_GRIP in s["prompt"][i] and "frequency is 20 Hz" in s["prompt"][i]
           and "robot base frame" in s["prompt"][i] and "axis-angle" in s["prompt"][i]]
    rng = np.random.default_rng(seed)
    sel = rng.choice(sel, min(n, len(sel)), replace=False)
    prompts = [s["prompt"][i] for i in sel]
    state = (s["state"][sel] - np.asarray(st["state_mean"], np.float32)) / np.asarray(st["state_std"], np.float32)
    noise = rng.standard_normal((len(sel), cfg["horizon"], cfg["action_dim"])).astype(np.float32)
    c = np.asarray(st["action_center"], np.float32)
    h = np.asarray(st["action_half_range"], np.float32)

    def denorm(x):
        return np.clip(x, -1, 1) * h + c

    base = denorm(run(params, cfg, vocab, prompts, state, noise))
    flip = denorm(run(params, cfg, vocab, [p.replace(CARD_GRIP, FLIP_GRIP) for p in prompts], state, noise))
    half = denorm(run(params, cfg, vocab, [p.replace("frequency is 20 Hz", "frequency is 10 Hz") for p in prompts], state, noise))
    dbl = denorm(run(params, cfg, vocab, [p.replace("frequency is 20 Hz", "frequency is 40 Hz") for p in prompts], state, noise))
    g0, g1 = base[:, :, 6].mean(1), flip[:, :, 6].mean(1)
    flipped = float(np.mean(np.sign(g0) != np.sign(g1)))
    # per-step translation over the first 8 steps (within the chunk, before the expert's motion ends)
    m0 = np.linalg.norm(base[:, :8, :3], axis=-1).mean(1)
    mh = np.linalg.norm(half[:, :8, :3], axis=-1).mean(1)
    md = np.linalg.norm(dbl[:, :8, :3], axis=-1).mean(1)
    moving = m0 > 2e-3
    ratio = mh[moving] / m0[moving]
    ratio_d = md[moving] / m0[moving]
    truth = s["chunk"][sel][:, :, :3]
    tmask = s["chunk_mask"][sel][:, :, 0]
    err = np.linalg.norm(base[:, :, :3] - truth, axis=-1)
    return {"chunks": int(len(sel)), "gripper_flip_share": flipped,
            "gripper_mean_card": float(g0.mean()), "gripper_mean_flipped_prompt": float(g1.mean()),
            "moving_chunks": int(moving.sum()),
            "half_rate_motion_ratio_median": float(np.median(ratio)) if len(ratio) else None,
            "half_rate_within_20pct_share": float(np.mean(np.abs(ratio / 2 - 1) <= 0.2)) if len(ratio) else None,
            "double_rate_motion_ratio_median": float(np.median(ratio_d)) if len(ratio_d) else None,
            "open_loop_step_error_m_mean": float((err * tmask).sum() / tmask.sum())}


def time_forward(params, cfg, vocab, text, state_n, steps=10, reps=100):
    """Per chunk (context once + `steps` Euler steps, batch 1, jit): wall time and the
    process's CPU time (all of XLA's threads), as `vlaplay bench minivla` reports them."""
    toks, mask = encode_batch([text], vocab, cfg["max_tokens"])
    f = jax.jit(lambda p, t, m, s, n: model.sample(p, cfg, t, m, s, n, steps))
    noise = np.zeros((1, cfg["horizon"], cfg["action_dim"]), np.float32)
    f(params, toks, mask, state_n[None], noise).block_until_ready()
    ts, cpu = [], []
    for _ in range(reps):
        t0, c0 = time.perf_counter(), time.process_time()
        f(params, toks, mask, state_n[None], noise).block_until_ready()
        ts.append((time.perf_counter() - t0) * 1e3)
        cpu.append((time.process_time() - c0) * 1e3)
    return {"wall_ms_median": float(np.median(ts)), "wall_ms_min": float(np.min(ts)), "cpu_ms_median": float(np.median(cpu))}


def golden(params, config, vocab, path):
    cfg = config["model"]
    cases = [
        ("franka_panda", "The robot is Franka Emika Panda with single arm. The control frequency is 20 Hz. Please predict the next 16 control actions to execute the following task: move the gripper 20 cm to the left in a straight line, 20 cm above the table. Each action is a 7-D vector [x, y, z, rx, ry, rz, gripper]. The arm values are end-effector position deltas in metres in the robot base frame. The rotation is a delta axis-angle vector in radians. Each action moves at most 0.05 metres and turns at most 0.5 radians. The gripper is index 6: -1 opens it and 1 closes it.",
         [0.0, 0.13, 0.0, -2.47, 0.0, 2.7, 0.785, 1.0]),
        ("turtlebot3_waffle", "The robot is TurtleBot3 Waffle Pi with no arm, and mobile base. The control frequency is 2 Hz. Please predict the next 8 control actions to execute the following task: do a figure-eight, loops 1 metre wide. Each action is a 3-D vector [dx, dy, dyaw]. Unknown-word test: zyzzyva 3.25.",
         [0.1, -0.2, 0.3]),
    ]
    out = {"note": "written by python -m minivla.evaluate (python/minivla); Swift's MiniVLATests compares to 1e-4",
           "steps": 10, "cases": []}
    rng = np.random.default_rng(1234)
    index = {w: i for i, w in enumerate(vocab)}
    for robot, text, raw in cases:
        st = config["normalisation"][robot]
        state = np.zeros(cfg["state_dim"], np.float32)
        state[:len(raw)] = raw
        state_n = ((state - np.asarray(st["state_mean"], np.float32)) / np.asarray(st["state_std"], np.float32)).astype(np.float32)
        noise = rng.standard_normal((1, cfg["horizon"], cfg["action_dim"])).astype(np.float32)
        chunk = run(params, cfg, vocab, [text], state_n[None], noise, 10)[0]
        out["cases"].append({"robot": robot, "text": text, "tokens": tokenizer.encode(text, index, cfg["max_tokens"]),
                             "state": [float(x) for x in state_n], "noise": [float(x) for x in noise.reshape(-1)],
                             "chunk": [float(x) for x in chunk.reshape(-1)]})
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(out, f)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="Models/minivla")
    ap.add_argument("--data", nargs="*", default=[])
    ap.add_argument("--golden", default=None)
    ap.add_argument("--out", default=None, help="write the measures as JSON here")
    a = ap.parse_args()
    params, config, vocab = load_model(a.model)
    res = {}
    if a.golden:
        g = golden(params, config, vocab, a.golden)
        c = g["cases"][0]
        res["jax_forward_10_steps"] = time_forward(params, config["model"], vocab, c["text"], np.asarray(c["state"], np.float32))
    if a.data:
        res["sensitivity"] = sensitivity(params, config, vocab, a.data)
    print(json.dumps(res, indent=1))
    if a.out:
        json.dump(res, open(a.out, "w"), indent=1)


if __name__ == "__main__":
    main()
