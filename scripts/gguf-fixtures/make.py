"""GGUF files written by another tool, gguf-py (llama.cpp's own Python GGUF package, MIT), for the
course's reader to be tested against. Deterministic (seeded); the course never runs this at test time.

    pip install gguf==0.19.0 numpy   # or unzip the gguf wheel and set PYTHONPATH
    python3 scripts/gguf-fixtures/make.py tests/fixtures/gguf

Writes:
  gguf-py-tensors.gguf   every metadata value type (nested arrays, 64-bit extremes, a vocabulary), and
                         tensors of F32, F16, BF16, Q8_0, Q4_0, Q4_1 (quantized by gguf-py), Q2_K, Q4_K,
                         MXFP4, NVFP4 (random blocks with sane scales), and Q6_K, IQ4_NL (types the course
                         may not decode), one 3-d
  gguf-py-expected.gguf  the same tensors as F32, dequantized by gguf-py's own quants.dequantize
  gguf-py-align64.gguf   general.alignment = 64 (add_custom_alignment), two tensors
"""
import os
import sys

import numpy as np
import gguf
from gguf import GGMLQuantizationType as T
from gguf import quants

out = sys.argv[1] if len(sys.argv) > 1 else "."
rng = np.random.default_rng(19)


def f16_bytes(x):
    return np.array([x], dtype=np.float16).view(np.uint8)


def random_blocks(qtype, rows, cols):
    """Random bytes for rows x cols values of a block type, with every block's scale fields made sane."""
    block, size = gguf.GGML_QUANT_SIZES[qtype]
    n = rows * cols // block
    b = rng.integers(0, 256, size=(n, size), dtype=np.uint8)
    for blk in b:
        if qtype == T.Q4_K:
            blk[0:2] = f16_bytes(rng.uniform(0.001, 0.05)); blk[2:4] = f16_bytes(rng.uniform(0.001, 0.05))
        elif qtype == T.Q2_K:
            blk[80:82] = f16_bytes(rng.uniform(0.001, 0.05)); blk[82:84] = f16_bytes(rng.uniform(0.001, 0.05))
        elif qtype == T.Q6_K:
            blk[208:210] = f16_bytes(rng.uniform(0.001, 0.05))
        elif qtype == T.IQ4_NL:
            blk[0:2] = f16_bytes(rng.uniform(0.001, 0.05))
        elif qtype == T.MXFP4:
            blk[0] = rng.integers(118, 130)
        # NVFP4's four UE4M3 scale bytes are finite for every byte value.
    return b.reshape(rows, cols // block * size)


def tensors():
    """(name, ggml type, raw numpy data as add_tensor takes it)."""
    f = lambda *shape: rng.normal(0, 0.5, size=shape).astype(np.float32)
    out = [
        ("token_embd.weight", T.F32, f(3, 8)),
        ("blk.0.attn_norm.weight", T.F16, f(16).astype(np.float16)),
        ("blk.0.attn_q.weight", T.BF16, quants.quantize(f(2, 32), T.BF16)),
        ("blk.0.attn_k.weight", T.Q8_0, quants.quantize(f(2, 64), T.Q8_0)),
        ("blk.0.attn_v.weight", T.Q4_0, quants.quantize(f(3, 32), T.Q4_0)),
        ("blk.0.attn_output.weight", T.Q4_1, quants.quantize(f(2, 64), T.Q4_1)),
        ("blk.0.ffn_gate.weight", T.Q2_K, random_blocks(T.Q2_K, 2, 256)),
        ("blk.0.ffn_up.weight", T.Q4_K, random_blocks(T.Q4_K, 2, 256)),
        ("blk.0.ffn_down.weight", T.MXFP4, random_blocks(T.MXFP4, 2, 64)),
        ("blk.1.ffn_down.weight", T.NVFP4, random_blocks(T.NVFP4, 2, 128)),
        ("blk.1.ffn_up.weight", T.Q6_K, random_blocks(T.Q6_K, 1, 256)),
        ("blk.1.ffn_gate.weight", T.IQ4_NL, random_blocks(T.IQ4_NL, 2, 32)),
        ("blk.1.cube.weight", T.F32, f(2, 2, 32)),
    ]
    return out


def add_metadata(w):
    w.add_name("gguf-py fixture")
    w.add_uint8("test.u8", 200)
    w.add_int8("test.i8", -100)
    w.add_uint16("test.u16", 60000)
    w.add_int16("test.i16", -30000)
    w.add_uint32("test.u32", 4000000000)
    w.add_int32("test.i32", -2000000000)
    w.add_float32("test.f32", 0.1)
    w.add_bool("test.bool", False)
    w.add_string("test.string", "gguf-py ▁héllo ✓")
    w.add_uint64("test.u64", 2**64 - 1)
    w.add_int64("test.i64", -(2**63))
    w.add_uint64("test.u64_small", 123456789)
    w.add_float64("test.f64", -2.5e-300)
    w.add_array("test.array_i32", [1, -2, 3])
    w.add_array("test.array_f32", [0.5, -1.25])
    w.add_array("test.array_bool", [True, False])
    w.add_array("test.array_nested", [[1, 2], [3]])
    w.add_array("test.array_nested_strings", [["a", "b"], ["c"]])
    tokens = ["<unk>", "<s>", "</s>"] + [f"<0x{i:02X}>" for i in range(256)] + list("▁abcdefghijklmnopqrstuvwxyz")
    w.add_tokenizer_model("llama")
    w.add_token_list(tokens)
    w.add_token_scores([0.0] * len(tokens))
    w.add_token_types([2, 3, 3] + [6] * 256 + [1] * (len(tokens) - 259))
    w.add_context_length(128)


def write(path, items, alignment=None, expected=False):
    w = gguf.GGUFWriter(path, "llama")
    if alignment:
        w.add_custom_alignment(alignment)
    if not expected:
        add_metadata(w)
    for name, qtype, data in items:
        if expected:
            values = data if qtype == T.F32 else quants.dequantize(data, qtype) if qtype not in (T.F16,) else data.astype(np.float32)
            w.add_tensor(name, np.ascontiguousarray(values, dtype=np.float32))
        elif qtype in (T.F32, T.F16):
            w.add_tensor(name, data)
        else:
            w.add_tensor(name, data, raw_dtype=qtype)
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


items = tensors()
write(os.path.join(out, "gguf-py-tensors.gguf"), items)
write(os.path.join(out, "gguf-py-expected.gguf"), items, expected=True)
write(os.path.join(out, "gguf-py-align64.gguf"), items[:2], alignment=64)
print("wrote", [f for f in os.listdir(out) if f.startswith("gguf-py")])
