"""The minivla network as pure functions over a flat parameter dict (pure JAX).

Context (encoded ONCE per sample): [state token] + prompt word tokens, with learned
position embeddings, through `enc_layers` pre-LN transformer layers (key-padding mask),
then a final LayerNorm. Action decoder (run once per flow step): H action tokens = a
linear map of the noisy padded chunk + position embeddings; `dec_layers` blocks of
self-attention over the chunk, cross-attention to the context and an MLP, each after a
LayerNorm modulated by the flow time (AdaLN: scale and shift from an MLP of a sinusoidal
embedding of tau); a final LayerNorm and a linear map to the velocity (ACTION_DIM).

Flow matching as Qwen-VLA / pi0: Y_tau = (1 - tau) Y0 + tau noise, target noise - Y0;
sampling integrates from tau = 1 to 0 with N Euler steps. Every formula here has a twin
in Sources/MiniVLA/MiniVLAModel.swift; the golden test checks they agree.
"""
import math

import jax
import jax.numpy as jnp
import numpy as np

DEFAULT_CONFIG = {
    "d_model": 64, "heads": 4, "ff": 128, "enc_layers": 1, "dec_layers": 2,
    "max_tokens": 128, "horizon": 16, "action_dim": 32, "state_dim": 40, "time_dim": 32,
    "ln_eps": 1e-5,
}


def init_params(cfg, vocab_size, seed=0):
    rng = np.random.default_rng(seed)
    d, ff, A, S, T = cfg["d_model"], cfg["ff"], cfg["action_dim"], cfg["state_dim"], cfg["time_dim"]
    p = {}

    def lin(name, n_in, n_out, scale=1.0):
        p[name + ".w"] = (rng.standard_normal((n_in, n_out)) * scale / math.sqrt(n_in)).astype(np.float32)
        p[name + ".b"] = np.zeros(n_out, np.float32)

    def ln(name):
        p[name + ".g"] = np.ones(d, np.float32)
        p[name + ".b"] = np.zeros(d, np.float32)

    p["tok_emb"] = (rng.standard_normal((vocab_size, d)) * 0.5).astype(np.float32)
    p["tok_pos"] = (rng.standard_normal((cfg["max_tokens"] + 1, d)) * 0.1).astype(np.float32)
    lin("state_in", S, d)
    for i in range(cfg["enc_layers"]):
        e = f"enc{i}"
        ln(e + ".ln1"); ln(e + ".ln2")
        for m in ("q", "k", "v"):
            lin(f"{e}.attn.{m}", d, d)
        lin(e + ".attn.o", d, d, 0.5)
        lin(e + ".ff1", d, ff); lin(e + ".ff2", ff, d, 0.5)
    ln("enc_out")
    lin("time1", T, d); lin("time2", d, d)
    lin("act_in", A, d)
    p["act_pos"] = (rng.standard_normal((cfg["horizon"], d)) * 0.1).astype(np.float32)
    for i in range(cfg["dec_layers"]):
        b = f"dec{i}"
        lin(b + ".ada", d, 6 * d, 0.0)  # zero-init: starts as plain LayerNorm
        for a in ("self", "cross"):
            for m in ("q", "k", "v"):
                lin(f"{b}.{a}.{m}", d, d)
            lin(f"{b}.{a}.o", d, d, 0.5)
        lin(b + ".ff1", d, ff); lin(b + ".ff2", ff, d, 0.5)
    ln("dec_out")
    lin("act_out", d, A, 0.1)
    return {k: jnp.asarray(v) for k, v in p.items()}


def count(params):
    return int(sum(np.prod(v.shape) for v in params.values()))


def _ln(x, eps, g=None, b=None):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    y = (x - mu) / jnp.sqrt(var + eps)
    if g is not None:
        y = y * g + b
    return y


def _lin(p, name, x):
    return x @ p[name + ".w"] + p[name + ".b"]


def _gelu(x):  # tanh approximation, as jax.nn.gelu(approximate=True) and the Swift twin
    return 0.5 * x * (1.0 + jnp.tanh(0.7978845608028654 * (x + 0.044715 * x ** 3)))


def _silu(x):
    return x / (1.0 + jnp.exp(-x))


def _attn(p, name, xq, xkv, heads, key_mask=None):
    """xq [..., Lq, d], xkv [..., Lk, d], key_mask [..., Lk] (1 valid, 0 pad)."""
    q, k, v = _lin(p, name + ".q", xq), _lin(p, name + ".k", xkv), _lin(p, name + ".v", xkv)
    d = q.shape[-1]
    hd = d // heads

    def split(t):
        return t.reshape(t.shape[:-1] + (heads, hd)).swapaxes(-2, -3)  # [..., h, L, hd]

    q, k, v = split(q), split(k), split(v)
    s = (q @ k.swapaxes(-1, -2)) / math.sqrt(hd)  # [..., h, Lq, Lk]
    if key_mask is not None:
        s = jnp.where(key_mask[..., None, None, :] > 0, s, -1e30)
    s = s - s.max(-1, keepdims=True)
    w = jnp.exp(s)
    w = w / w.sum(-1, keepdims=True)
    o = (w @ v).swapaxes(-2, -3)
    o = o.reshape(o.shape[:-2] + (d,))
    return _lin(p, name + ".o", o)


def encode_context(p, cfg, tokens, token_mask, state):
    """tokens [B, L] int, token_mask [B, L], state [B, S] normalised -> ctx [B, L+1, d], mask [B, L+1]."""
    eps = cfg["ln_eps"]
    L = tokens.shape[1]
    x_tok = p["tok_emb"][tokens] + p["tok_pos"][1:L + 1]
    x_state = (_lin(p, "state_in", state) + p["tok_pos"][0])[:, None, :]
    x = jnp.concatenate([x_state, x_tok], axis=1)
    mask = jnp.concatenate([jnp.ones((tokens.shape[0], 1), token_mask.dtype), token_mask], axis=1)
    for i in range(cfg["enc_layers"]):
        e = f"enc{i}"
        x = x + _attn(p, e + ".attn", _ln(x, eps, p[e + ".ln1.g"], p[e + ".ln1.b"]), _ln(x, eps, p[e + ".ln1.g"], p[e + ".ln1.b"]), cfg["heads"], mask)
        h = _ln(x, eps, p[e + ".ln2.g"], p[e + ".ln2.b"])
        x = x + _lin(p, e + ".ff2", _gelu(_lin(p, e + ".ff1", h)))
    return _ln(x, eps, p["enc_out.g"], p["enc_out.b"]), mask


def time_embedding(tau, dim):
    """tau [B] in [0, 1] -> [B, dim]: sin/cos of tau * 100 at geometric frequencies
    (computed in float64 and rounded once, so Swift gets the same float32 constants)."""
    half = dim // 2
    freqs = jnp.asarray(np.exp(-math.log(1000.0) * np.arange(half, dtype=np.float64) / half).astype(np.float32))
    a = (tau * np.float32(100.0))[:, None] * freqs[None, :]
    return jnp.concatenate([jnp.sin(a), jnp.cos(a)], axis=-1)


def velocity(p, cfg, ctx, ctx_mask, x_t, tau):
    """x_t [B, H, A] noisy normalised chunk, tau [B] -> predicted velocity [B, H, A]."""
    eps, d = cfg["ln_eps"], cfg["d_model"]
    temb = _lin(p, "time2", _silu(_lin(p, "time1", time_embedding(tau, cfg["time_dim"]))))
    st = _silu(temb)
    x = _lin(p, "act_in", x_t) + p["act_pos"]
    for i in range(cfg["dec_layers"]):
        b = f"dec{i}"
        mod = _lin(p, b + ".ada", st)[:, None, :]  # [B, 1, 6d]
        s1, b1, s2, b2, s3, b3 = [mod[..., j * d:(j + 1) * d] for j in range(6)]
        h = _ln(x, eps) * (1 + s1) + b1
        x = x + _attn(p, b + ".self", h, h, cfg["heads"])
        h = _ln(x, eps) * (1 + s2) + b2
        x = x + _attn(p, b + ".cross", h, ctx, cfg["heads"], ctx_mask)
        h = _ln(x, eps) * (1 + s3) + b3
        x = x + _lin(p, b + ".ff2", _gelu(_lin(p, b + ".ff1", h)))
    return _lin(p, "act_out", _ln(x, eps, p["dec_out.g"], p["dec_out.b"]))


def loss_fn(p, cfg, batch, noise, tau):
    """Masked flow-matching MSE: batch has tokens, token_mask, state_n, chunk_n, chunk_mask."""
    ctx, cmask = encode_context(p, cfg, batch["tokens"], batch["token_mask"], batch["state_n"])
    y0 = batch["chunk_n"]
    t = tau[:, None, None]
    x_t = (1 - t) * y0 + t * noise
    v = velocity(p, cfg, ctx, cmask, x_t, tau)
    err = (v - (noise - y0)) ** 2 * batch["chunk_mask"]
    return err.sum() / jnp.maximum(batch["chunk_mask"].sum(), 1.0)


def sample(p, cfg, tokens, token_mask, state_n, noise, steps):
    """Euler integration from tau = 1 (noise [B, H, A]) to tau = 0; context encoded once.
    Returns the normalised chunk [B, H, A]."""
    ctx, cmask = encode_context(p, cfg, tokens, token_mask, state_n)
    x = noise
    dt = 1.0 / steps
    for i in range(steps):
        tau = jnp.full((x.shape[0],), 1.0 - i * dt, jnp.float32)
        x = x - dt * velocity(p, cfg, ctx, cmask, x, tau)
    return x
