"""minivla's CI smoke test: record a tiny trajectory dataset with the built binary, train a
few dozen steps of a small minivla on it, and check that the loss falls; plus the
tokenizer and the weights' round trip. Budget: under 60 s on the 2-core CI machine
(marked `smoke`; `make test` runs it)."""
import os
import subprocess
from pathlib import Path

import numpy as np
import pytest

jax = pytest.importorskip("jax", reason="jax is not installed (python/requirements-remote.txt pins it)")

from minivla import io, model, tokenizer, train  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
BINARY = Path(os.environ.get("VLAPLAY_BIN", REPO / ".build" / "debug" / "vlaplay"))


@pytest.fixture(scope="module")
def tiny_dataset(tmp_path_factory):
    if not BINARY.exists():
        pytest.skip(f"{BINARY} is not built (swift build)")
    out = tmp_path_factory.mktemp("minivla") / "ds"
    subprocess.run([str(BINARY), "record", "--scene", "trajectory", "--episodes", "8", "--image-size", "8x8",
                    "--embodiments", "card,flipped_gripper,half_rate", "--out", str(out)],
                   check=True, capture_output=True, cwd=REPO, timeout=120)
    return out


def test_tokenizer_splits_words_numbers_and_signs():
    assert tokenizer.split("The gripper is index 6: -1 opens it, +1 closes; 0.05 m at 20Hz.") == [
        "the", "gripper", "is", "index", "6", "-", "1", "opens", "it", "+", "1", "closes", "0.05", "m", "at", "20", "hz"]


@pytest.mark.smoke
def test_a_few_dozen_steps_lower_the_loss(tiny_dataset, tmp_path):
    small = {"d_model": 32, "ff": 64, "dec_layers": 1}
    params, cfg, vocab, stats, rows, summary = train.train(
        [str(tiny_dataset)], str(tmp_path / "m"), steps=60, batch=32, lr=3e-3, log_every=10, cfg_overrides=small, quiet=True)
    losses = [r[2] for r in rows]
    assert losses[-1] < 0.8 * losses[0], losses
    # the files the Swift side reads
    p2, config, vocab2 = io.load_model(str(tmp_path / "m"))
    assert vocab2 == vocab and config["model"]["d_model"] == 32 and "franka_panda" in config["normalisation"]
    for k, v in params.items():
        np.testing.assert_array_equal(np.asarray(v), np.asarray(p2[k]))
    assert model.count(p2) == summary["params"]
