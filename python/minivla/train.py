"""Trains minivla on `vlaplay record` datasets and writes Models/minivla/.

    python -m minivla.train --data /tmp/ds_traj --out Models/minivla --steps 3000

Writes model.safetensors (float32), vocab.json (the tokenizer's word list), config.json
(architecture, per-robot normalisation, training summary) and loss.csv (step, seconds,
train loss, lr).
"""
import argparse
import csv
import json
import os
import platform
import time

import jax
import jax.numpy as jnp
import numpy as np

from . import data, model, tokenizer
from .io import save_model


def tokenize_all(prompts, vocab, max_len):
    index = {w: i for i, w in enumerate(vocab)}
    toks = np.zeros((len(prompts), max_len), np.int32)
    mask = np.zeros((len(prompts), max_len), np.float32)
    cache = {}
    for i, p in enumerate(prompts):
        if p not in cache:
            cache[p] = tokenizer.encode(p, index, max_len)
        ids = cache[p]
        toks[i, :len(ids)] = ids
        mask[i, :len(ids)] = 1
    return toks, mask


def make_step(cfg, lr_max, warmup, total):
    def lr_at(step, progress):
        warm = jnp.minimum(1.0, (step + 1) / warmup)
        cos = 0.1 + 0.9 * 0.5 * (1 + jnp.cos(jnp.pi * jnp.minimum(progress, 1.0)))
        return lr_max * warm * cos

    @jax.jit
    def step(params, opt, batch, noise, tau, it, progress):
        loss, grads = jax.value_and_grad(model.loss_fn)(params, cfg, batch, noise, tau)
        gnorm = jnp.sqrt(sum(jnp.sum(g * g) for g in jax.tree_util.tree_leaves(grads)))
        scale = jnp.minimum(1.0, 1.0 / (gnorm + 1e-6))
        lr = lr_at(it, progress)
        m, v = opt
        b1, b2 = 0.9, 0.999
        m = jax.tree_util.tree_map(lambda m, g: b1 * m + (1 - b1) * g * scale, m, grads)
        v = jax.tree_util.tree_map(lambda v, g: b2 * v + (1 - b2) * (g * scale) ** 2, v, grads)
        t = it + 1.0
        params = jax.tree_util.tree_map(
            lambda p, m, v: p - lr * (m / (1 - b1 ** t)) / (jnp.sqrt(v / (1 - b2 ** t)) + 1e-8), params, m, v)
        return params, (m, v), loss, lr

    return step


def prepare(data_roots, max_episodes=None, cfg=None, init=None):
    """`init`: (config, vocab) of a trained model to continue from: its architecture,
    normalisation and vocabulary are kept (new words read as unknown)."""
    cfg = dict(model.DEFAULT_CONFIG, **(cfg or {})) if init is None else dict(init[0]["model"])
    s = data.load(data_roots, max_episodes=max_episodes)
    stats = data.norm_stats(s) if init is None else init[0]["normalisation"]
    data.normalise(s, stats)
    vocab = tokenizer.build_vocab(s["prompt"]) if init is None else init[1]
    toks, tmask = tokenize_all(s["prompt"], vocab, cfg["max_tokens"])
    arrays = {"tokens": toks, "token_mask": tmask, "state_n": s["state_n"].astype(np.float32),
              "chunk_n": s["chunk_n"].astype(np.float32), "chunk_mask": s["chunk_mask"]}
    return cfg, s, stats, vocab, arrays


def train(data_roots, out=None, steps=2000, batch=64, lr=2e-3, seed=0, max_episodes=None, log_every=50,
          max_minutes=None, cfg_overrides=None, quiet=False, init_dir=None):
    t0 = time.time()
    init = None
    if init_dir:
        from .io import load_model
        init_params, init_config, init_vocab = load_model(init_dir)
        init = (init_config, init_vocab)
    cfg, s, stats, vocab, arrays = prepare(data_roots, max_episodes, cfg_overrides, init)
    n = len(arrays["tokens"])
    params = model.init_params(cfg, len(vocab), seed) if init is None else init_params
    if not quiet:
        print(f"{n} samples, vocab {len(vocab)}, {model.count(params)} params, data read in {time.time() - t0:.1f}s", flush=True)
    opt = (jax.tree_util.tree_map(jnp.zeros_like, params), jax.tree_util.tree_map(jnp.zeros_like, params))
    step_fn = make_step(cfg, lr, min(200, max(1, steps // 10)), steps)
    rng = np.random.default_rng(seed + 1)
    H, A = cfg["horizon"], cfg["action_dim"]
    rows, window = [], []
    t_train = time.time()
    done = 0
    for it in range(steps):
        idx = rng.integers(0, n, batch)
        b = {k: v[idx] for k, v in arrays.items()}
        noise = rng.standard_normal((batch, H, A)).astype(np.float32)
        tau = rng.uniform(0, 1, batch).astype(np.float32)
        # The schedule follows steps, or the clock when a time budget is set and is the
        # tighter of the two (a shared CPU's speed varies), so the rate always anneals.
        progress = it / steps
        if max_minutes:
            progress = max(progress, (time.time() - t_train) / (60 * max_minutes))
        params, opt, loss, cur_lr = step_fn(params, opt, b, noise, tau, jnp.float32(it), jnp.float32(progress))
        window.append(loss)
        done = it + 1
        if done % log_every == 0 or done == steps:
            mean = float(np.mean([float(x) for x in window]))
            window = []
            rows.append((done, round(time.time() - t_train, 2), mean, float(cur_lr)))
            if not quiet:
                print(f"step {done:6d}  {rows[-1][1]:8.1f}s  loss {mean:.4f}  lr {float(cur_lr):.2e}", flush=True)
            if out:
                write_csv(os.path.join(out, "loss.csv"), rows)
        if max_minutes and time.time() - t_train > 60 * max_minutes:
            break
    train_s = time.time() - t_train
    summary = {"steps": done, "batch": batch, "lr": lr, "seed": seed, "samples": n, "train_seconds": round(train_s, 1),
               "final_loss": rows[-1][2] if rows else None, "data": [os.path.basename(os.path.normpath(r)) for r in data_roots],
               "params": model.count(params), "continued_from": (init[0].get("training") if init else None),
               "hardware": f"{platform.machine()} {os.cpu_count()} cores, jax {jax.__version__} on {jax.default_backend()}"}
    if out:
        save_model(out, params, cfg, vocab, stats, summary)
    return params, cfg, vocab, stats, rows, summary


def write_csv(path, rows):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["step", "seconds", "loss", "lr"])
        w.writerows(rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", nargs="+", required=True, help="recorded dataset folders (OUT or OUT/ROBOT_HZhz)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--steps", type=int, default=2000)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--max-minutes", type=float, default=None)
    ap.add_argument("--d-model", type=int, default=None)
    ap.add_argument("--init", default=None, help="continue training this model folder (its architecture, vocabulary and normalisation)")
    a = ap.parse_args()
    over = {"d_model": a.d_model} if a.d_model else None
    train(a.data, a.out, a.steps, a.batch, a.lr, a.seed, max_minutes=a.max_minutes, cfg_overrides=over, init_dir=a.init)


if __name__ == "__main__":
    main()
