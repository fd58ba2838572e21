"""A tiny word tokenizer, shipped with the weights as vocab.json.

Lower-cased text is split into runs of letters, runs of digits with an optional decimal
part, and the sign characters '-' and '+'; everything else separates tokens. Swift's
`MiniVLATokenizer` implements the same rule (Sources/MiniVLA/Tokenizer.swift).
"""
import re

PAD, UNK = "<pad>", "<unk>"
_TOKEN = re.compile(r"[a-z]+|[0-9]+(?:\.[0-9]+)?|[-+]")


def split(text):
    return _TOKEN.findall(text.lower())


def build_vocab(texts, min_count=1):
    counts = {}
    for t in texts:
        for w in split(t):
            counts[w] = counts.get(w, 0) + 1
    words = sorted(w for w, c in counts.items() if c >= min_count)
    return [PAD, UNK] + words


def encode(text, vocab_index, max_len):
    ids = [vocab_index.get(w, 1) for w in split(text)]
    return ids[:max_len]
