"""Reads `vlaplay record` output (LeRobotDataset v3.0 folders OUT/ROBOT_HZhz/) with pyarrow
into training arrays in the unified action space.

Every frame k of an episode gives one sample: the embodiment prompt (which holds the
instruction), the state, and the chunk of actions k..k+H-1 zero-padded to ACTION_DIM
channels, with a channel mask (the robot's action length). The state is the recorded
`observation.state` (joints, tool pose) zero-padded, with the frame's `timestamp` (seconds
since the episode began) in the last slot, as `MiniVLAPolicy.stateVector` builds it. Steps
past the episode's end are "hold" actions (no motion, the gripper as last commanded) and are
in the loss: the model learns to stop where the expert finished, so a path that ends where it
began is not traced twice.
"""
import glob
import json
import os

import numpy as np
import pyarrow.parquet as pq

HORIZON = 16
ACTION_DIM = 32
STATE_DIM = 40


def dataset_dirs(roots):
    out = []
    for root in roots:
        if os.path.exists(os.path.join(root, "meta", "info.json")):
            out.append(root)
        else:
            out.extend(sorted(os.path.dirname(os.path.dirname(p)) for p in glob.glob(os.path.join(root, "*", "meta", "info.json"))))
    if not out:
        raise SystemExit(f"no LeRobot datasets under {roots}")
    return out


def read_frames(ds_dir):
    """One dataset's frames as python lists (no images), plus its info."""
    info = json.load(open(os.path.join(ds_dir, "meta", "info.json")))
    cols = ["action", "observation.state", "embodiment_prompt", "episode_index", "frame_index", "timestamp"]
    tables = [pq.read_table(p, columns=cols) for p in sorted(glob.glob(os.path.join(ds_dir, "data", "chunk-*", "file-*.parquet")))]
    frames = {c: [] for c in cols}
    for t in tables:
        for c in cols:
            frames[c].extend(t.column(c).to_pylist())
    return info, frames


def load(roots, max_episodes=None):
    """All samples of all datasets under `roots`. Returns a dict of numpy arrays and lists."""
    prompts, states, robots, actions_by_ep = [], [], [], []
    samples = {"prompt": [], "state": [], "robot": [], "chunk": [], "chunk_mask": [], "dim": [], "fps": [], "remaining": []}
    for ds in dataset_dirs(roots):
        info, fr = read_frames(ds)
        robot = info["robot_type"]
        names = info["features"]["action"].get("names") or []
        gripper = [j for j, n in enumerate(names) if "gripper" in str(n)]
        episodes = {}
        for i, e in enumerate(fr["episode_index"]):
            episodes.setdefault(e, []).append(i)
        keys = sorted(episodes)
        if max_episodes:
            keys = keys[:max_episodes]
        for e in keys:
            idx = sorted(episodes[e], key=lambda i: fr["frame_index"][i])
            acts = np.asarray([fr["action"][i] for i in idx], dtype=np.float32)
            T, D = acts.shape
            for k, i in enumerate(idx):
                chunk = np.zeros((HORIZON, ACTION_DIM), np.float32)
                n = min(HORIZON, T - k)
                chunk[:n, :D] = acts[k:k + n]
                chunk[n:, gripper] = acts[-1, gripper]  # hold: no motion, the gripper as last commanded
                cm = np.zeros((HORIZON, ACTION_DIM), np.float32)
                cm[:, :D] = 1.0
                st = np.zeros(STATE_DIM, np.float32)
                s = fr["observation.state"][i][:STATE_DIM - 1]
                st[:len(s)] = s
                st[STATE_DIM - 1] = fr["timestamp"][i]
                samples["prompt"].append(fr["embodiment_prompt"][i])
                samples["state"].append(st)
                samples["robot"].append(robot)
                samples["chunk"].append(chunk)
                samples["chunk_mask"].append(cm)
                samples["dim"].append(D)
                samples["fps"].append(info["fps"])
                samples["remaining"].append(T - k)
    for k in ("state", "chunk", "chunk_mask"):
        samples[k] = np.stack(samples[k])
    samples["dim"] = np.asarray(samples["dim"])
    samples["fps"] = np.asarray(samples["fps"])
    samples["remaining"] = np.asarray(samples["remaining"])
    return samples


def norm_stats(samples):
    """Per robot (over all its frequencies and virtual embodiments, so the prompt has to
    carry the scale): action min/max per channel and state mean/std per channel."""
    stats = {}
    for robot in sorted(set(samples["robot"])):
        sel = np.asarray([r == robot for r in samples["robot"]])
        D = int(samples["dim"][sel][0])
        first = samples["chunk"][sel][:, 0, :]  # every frame's own action
        lo = first.min(0)
        hi = first.max(0)
        center = (lo + hi) / 2
        half = np.maximum((hi - lo) / 2, 1e-4)
        center[D:] = 0.0
        half[D:] = 1.0
        st = samples["state"][sel]
        mean = st.mean(0)
        std = np.maximum(st.std(0), 1e-2)
        stats[robot] = {"action_center": center.tolist(), "action_half_range": half.tolist(),
                        "state_mean": mean.tolist(), "state_std": std.tolist(), "action_dim": D}
    return stats


def normalise(samples, stats):
    """Adds `chunk_n` (in [-1, 1], padded channels 0) and `state_n`."""
    n = len(samples["robot"])
    c = np.zeros((n, ACTION_DIM), np.float32)
    h = np.ones((n, ACTION_DIM), np.float32)
    m = np.zeros((n, STATE_DIM), np.float32)
    s = np.ones((n, STATE_DIM), np.float32)
    for i, r in enumerate(samples["robot"]):
        st = stats[r]
        c[i], h[i], m[i], s[i] = st["action_center"], st["action_half_range"], st["state_mean"], st["state_std"]
    samples["chunk_n"] = np.clip((samples["chunk"] - c[:, None, :]) / h[:, None, :], -1, 1) * samples["chunk_mask"]
    samples["state_n"] = (samples["state"] - m) / s
    return samples
