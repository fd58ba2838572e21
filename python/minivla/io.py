"""Model files: model.safetensors (float32 tensors by name), config.json, vocab.json."""
import json
import os

import numpy as np
from safetensors.numpy import load_file, save_file


def save_model(out, params, cfg, vocab, stats, summary):
    os.makedirs(out, exist_ok=True)
    save_file({k: np.asarray(v, np.float32) for k, v in sorted(params.items())}, os.path.join(out, "model.safetensors"),
              metadata={"format": "minivla", "version": "1"})
    with open(os.path.join(out, "vocab.json"), "w") as f:
        json.dump(vocab, f, indent=0)
    config = {"model": cfg, "tokenizer": {"file": "vocab.json", "rule": "lowercase; [a-z]+ | [0-9]+(.[0-9]+)? | [-+]; unknown -> 1; first max_tokens words"},
              "normalisation": stats, "flow": {"steps": 10, "tau_start": 1.0}, "training": summary}
    with open(os.path.join(out, "config.json"), "w") as f:
        json.dump(config, f, indent=1, sort_keys=True)


def load_model(out):
    import jax.numpy as jnp
    params = {k: jnp.asarray(v) for k, v in load_file(os.path.join(out, "model.safetensors")).items()}
    config = json.load(open(os.path.join(out, "config.json")))
    vocab = json.load(open(os.path.join(out, "vocab.json")))
    return params, config, vocab
