"""Runs `vlaplay eval` sharded over a Ray cluster and merges the shards (docs/SCALE.md)."""
