"""minivla: a tiny Qwen-VLA-style flow-matching policy trained on `vlaplay record` datasets.

Pure JAX (no Flax): parameters are a flat dict name -> array, which is exactly what the
safetensors file holds and what Swift's MiniVLA target reads (Sources/MiniVLA).
"""
