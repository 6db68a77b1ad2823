#!/usr/bin/env python3
"""
Fixtures written by llama.cpp's own compiled code (tests/fixtures/llama-cpp), for tests that never need Python.

The code is the prebuilt libllama/libggml that node-llama-cpp (a devDependency) ships: no build, no download.
- GGUF files: llama_model_quantize (what the llama-quantize tool calls) on the course's float32 GGUF, in the
  mixed preset Q4_K_M and in "pure" files (every quantizable tensor in one type, token embedding F32, as
  `llama-quantize --pure --token-embedding-type f32`).
- For each quantized tensor of those files: the SHA-256 of ggml's own dequantization (its type traits'
  to_float), so a test can hold the core's decoding to ggml's without storing the floats.
- Rows: seeded random and edge-case float32 rows, quantized by ggml_quantize_chunk in every type the core
  implements, with ggml's dequantization of those bytes.

Run from the repository root, after `npm install`:
    npx quantcourse gguf export --scheme f32 -o /tmp/f32.gguf
    python3 scripts/llama-quantize-fixtures/make.py /tmp/f32.gguf
Needs Python 3 with numpy. The struct layouts below follow include/llama.h, ggml/include/ggml.h and
ggml/include/gguf.h at the llama.cpp release node-llama-cpp pins (llama/llama.cpp.info.json); the script
checks them against the library's own defaults before using them.
"""
import ctypes as C
import hashlib
import json
import os
import sys

import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
BINS = os.path.join(ROOT, 'node_modules', '@node-llama-cpp', 'linux-x64', 'bins', 'linux-x64')
NLC = os.path.join(ROOT, 'node_modules', 'node-llama-cpp')
OUT = os.path.join(ROOT, 'tests', 'fixtures', 'llama-cpp')

# ggml_type and llama_ftype values (ggml.h, llama.h at this release).
GGML = {'F32': 0, 'F16': 1, 'Q4_0': 2, 'Q4_1': 3, 'Q5_0': 6, 'Q5_1': 7, 'Q8_0': 8, 'Q2_K': 10, 'Q3_K': 11,
        'Q4_K': 12, 'Q5_K': 13, 'Q6_K': 14, 'IQ4_NL': 20, 'MXFP4': 39, 'NVFP4': 40}
GGML_TYPE_COUNT = 43
GGML_NAME = {v: k for k, v in GGML.items()}
FTYPE = {'Q4_0': 2, 'Q4_1': 3, 'Q8_0': 7, 'Q5_0': 8, 'Q5_1': 9, 'Q2_K': 10, 'Q4_K_S': 14, 'Q4_K_M': 15, 'IQ4_NL': 25,
         'MXFP4_MOE': 38, 'NVFP4': 39}
LLAMA_QUANT_MAX_BUF_SIZE = 8 << 30  # llama-quant.cpp's default max_buf_size (8 GiB)


class QuantizeParams(C.Structure):
    """struct llama_model_quantize_params (llama.h): 4 ints, 6 bools, then 4 pointers and a size_t."""
    _fields_ = [
        ('nthread', C.c_int32), ('ftype', C.c_int), ('output_tensor_type', C.c_int), ('token_embedding_type', C.c_int),
        ('allow_requantize', C.c_bool), ('quantize_output_tensor', C.c_bool), ('only_copy', C.c_bool),
        ('pure', C.c_bool), ('keep_split', C.c_bool), ('dry_run', C.c_bool),
        ('imatrix', C.c_void_p), ('kv_overrides', C.c_void_p), ('tt_overrides', C.c_void_p),
        ('prune_layers', C.c_void_p), ('max_buf_size', C.c_size_t),
    ]


class TypeTraits(C.Structure):
    """struct ggml_type_traits (ggml.h)."""
    _fields_ = [('type_name', C.c_char_p), ('blck_size', C.c_int64), ('blck_size_interleave', C.c_int64),
                ('type_size', C.c_size_t), ('is_quantized', C.c_bool), ('to_float', C.c_void_p), ('from_float_ref', C.c_void_p)]


class GgufInitParams(C.Structure):
    """struct gguf_init_params (gguf.h)."""
    _fields_ = [('no_alloc', C.c_bool), ('ctx', C.c_void_p)]


TO_FLOAT = C.CFUNCTYPE(None, C.c_void_p, C.POINTER(C.c_float), C.c_int64)

base = C.CDLL(os.path.join(BINS, 'libggml-base.so'), mode=C.RTLD_GLOBAL)
llama = C.CDLL(os.path.join(BINS, 'libllama.v0.5.0.so'))
base.ggml_get_type_traits.restype = C.POINTER(TypeTraits)
base.ggml_get_type_traits.argtypes = [C.c_int]
base.ggml_quantize_chunk.restype = C.c_size_t
base.ggml_quantize_chunk.argtypes = [C.c_int, C.c_void_p, C.c_void_p, C.c_int64, C.c_int64, C.c_int64, C.c_void_p]
base.ggml_quantize_requires_imatrix.restype = C.c_bool
base.gguf_init_from_file.restype = C.c_void_p
base.gguf_init_from_file.argtypes = [C.c_char_p, GgufInitParams]
for fn, res in [('gguf_get_n_tensors', C.c_int64), ('gguf_get_data_offset', C.c_size_t)]:
    getattr(base, fn).restype = res
    getattr(base, fn).argtypes = [C.c_void_p]
for fn, res in [('gguf_get_tensor_name', C.c_char_p), ('gguf_get_tensor_offset', C.c_size_t),
                ('gguf_get_tensor_type', C.c_int), ('gguf_get_tensor_size', C.c_size_t)]:
    getattr(base, fn).restype = res
    getattr(base, fn).argtypes = [C.c_void_p, C.c_int64]
base.gguf_free.argtypes = [C.c_void_p]
base.gguf_find_key.restype = C.c_int64
base.gguf_find_key.argtypes = [C.c_void_p, C.c_char_p]
base.gguf_get_val_u32.restype = C.c_uint32
base.gguf_get_val_u32.argtypes = [C.c_void_p, C.c_int64]
llama.llama_model_quantize_default_params.restype = QuantizeParams
llama.llama_model_quantize.restype = C.c_uint32
llama.llama_model_quantize.argtypes = [C.c_char_p, C.c_char_p, C.POINTER(QuantizeParams)]
llama.llama_print_system_info.restype = C.c_char_p


def check_layouts():
    """The struct layouts must match the library: sizes by hand, and the library's own default values read through them."""
    assert C.sizeof(QuantizeParams) == 64, C.sizeof(QuantizeParams)
    assert QuantizeParams.imatrix.offset == 24 and QuantizeParams.max_buf_size.offset == 56
    d = llama.llama_model_quantize_default_params()
    got = (d.nthread, d.ftype, d.output_tensor_type, d.token_embedding_type, d.allow_requantize, d.quantize_output_tensor,
           d.only_copy, d.pure, d.keep_split, d.dry_run, d.imatrix, d.kv_overrides, d.tt_overrides, d.prune_layers, d.max_buf_size)
    want = (0, FTYPE['Q8_0'], GGML_TYPE_COUNT, GGML_TYPE_COUNT, False, True, False, False, False, False, None, None, None, None,
            LLAMA_QUANT_MAX_BUF_SIZE)
    assert got == want, f'llama_model_quantize_default_params read as {got}, expected {want}: the struct layout is wrong'
    for name, t in GGML.items():
        tr = base.ggml_get_type_traits(t).contents
        assert tr.type_name.decode().upper() == name, (name, tr.type_name)


def traits(t):
    return base.ggml_get_type_traits(t).contents


def to_float(t, data: bytes, n: int) -> np.ndarray:
    """ggml's own dequantization of n values of type t (the type traits' to_float)."""
    if t == GGML['F32']:
        return np.frombuffer(data, dtype='<f4', count=n).copy()
    y = np.zeros(n, dtype=np.float32)
    buf = C.create_string_buffer(bytes(data), len(data))
    TO_FLOAT(traits(t).to_float)(C.cast(buf, C.c_void_p), y.ctypes.data_as(C.POINTER(C.c_float)), n)
    return y


def sha256(b) -> str:
    return hashlib.sha256(bytes(b)).hexdigest()


def quantize_file(src, name, ftype, pure, out_dir=OUT):
    """Run llama_model_quantize as `llama-quantize [--pure --token-embedding-type f32] src out TYPE` would."""
    p = llama.llama_model_quantize_default_params()
    p.nthread = 1
    p.ftype = FTYPE[ftype]
    if pure:
        p.pure = True
        p.token_embedding_type = GGML['F32']
    out = os.path.join(out_dir, name)
    rc = llama.llama_model_quantize(src.encode(), out.encode(), C.byref(p))
    assert rc == 0, f'llama_model_quantize failed for {name} ({rc})'
    call = {'ftype': ftype, 'llama_ftype': FTYPE[ftype], 'nthread': 1, 'pure': pure,
            'token_embedding_type': 'F32' if pure else None, 'output_tensor_type': None, 'imatrix': None,
            'allow_requantize': False, 'quantize_output_tensor': True}
    return out, call


def file_type_of(path):
    """general.file_type as ggml's gguf reader reads it."""
    ctx = base.gguf_init_from_file(path.encode(), GgufInitParams(True, None))
    key = base.gguf_find_key(ctx, b'general.file_type')
    value = base.gguf_get_val_u32(ctx, key) if key >= 0 else None
    base.gguf_free(ctx)
    return value


def tensors_of(path):
    """Name, ggml type, values and ggml's dequantization of each tensor, read by ggml's own gguf reader."""
    ctx = base.gguf_init_from_file(path.encode(), GgufInitParams(True, None))
    assert ctx, path
    data_offset = base.gguf_get_data_offset(ctx)
    raw = open(path, 'rb').read()
    out = []
    for i in range(base.gguf_get_n_tensors(ctx)):
        t = base.gguf_get_tensor_type(ctx, i)
        size = base.gguf_get_tensor_size(ctx, i)
        off = data_offset + base.gguf_get_tensor_offset(ctx, i)
        tr = traits(t)
        n = size // tr.type_size * tr.blck_size
        data = raw[off:off + size]
        out.append({'name': base.gguf_get_tensor_name(ctx, i).decode(), 'type': GGML_NAME.get(t, str(t)), 'count': n,
                    'bytes_sha256': sha256(data), 'dequantized_sha256': sha256(to_float(t, data, n).tobytes())})
    base.gguf_free(ctx)
    return out


# --- rows for ggml_quantize_chunk ---
ROW = 256  # one K-quant block, four NVFP4 blocks, eight 32-blocks
ROW_TYPES = ['Q8_0', 'Q4_0', 'Q4_1', 'Q5_0', 'Q5_1', 'IQ4_NL', 'Q2_K', 'Q4_K', 'MXFP4', 'NVFP4']


def make_rows():
    """Seeded random rows and edge rows; what each is, by index, goes into the manifest."""
    rng = np.random.default_rng(20261207)
    rows, names = [], []

    def add(name, x):
        rows.append(np.asarray(x, dtype=np.float32))
        names.append(name)

    add('normal σ=1', rng.standard_normal(ROW))
    add('normal σ=0.02 (weight-like)', rng.standard_normal(ROW) * 0.02)
    add('laplace b=0.05 (heavy tails)', rng.laplace(0, 0.05, ROW))
    add('uniform [0, 3) (one sign)', rng.uniform(0, 3, ROW))
    add('uniform (−2, 0] (one sign, negative)', -rng.uniform(0, 2, ROW))
    add('all zeros', np.zeros(ROW))
    x = rng.standard_normal(ROW) * 0.1
    x[37] = 1000.0
    add('normal σ=0.1 with one outlier 1000 at 37', x)
    add('tiny: normal σ=1e-6', rng.standard_normal(ROW) * 1e-6)
    add('subnormal: normal σ=1e-39', (rng.standard_normal(ROW) * 1e-39).astype(np.float32))
    add('integers −8…7', rng.integers(-8, 8, ROW))
    x = rng.standard_normal(ROW) * 0.05
    x[::32] = 0.0
    x[5:9] = [0.5, -0.5, 0.25, -0.25]
    add('normal σ=0.05, zero at each 32-block start, ±halves', x)
    x = rng.standard_normal(ROW) * np.repeat(10.0 ** rng.integers(-3, 3, ROW // 32), 32)
    add('normal, scale 1e-3…1e2 varying per 32-block', x)
    return np.stack(rows).astype(np.float32), names


def quantize_rows(rows):
    out = {}
    for name in ROW_TYPES:
        t = GGML[name]
        assert not base.ggml_quantize_requires_imatrix(t), name
        tr = traits(t)
        row_size = ROW // tr.blck_size * tr.type_size
        dst = C.create_string_buffer(row_size * len(rows))
        src = np.ascontiguousarray(rows)
        n = base.ggml_quantize_chunk(t, src.ctypes.data, dst, 0, len(rows), ROW, None)
        assert n == row_size * len(rows), (name, n)
        data = dst.raw[:n]
        deq = to_float(t, data, rows.size)
        out[name] = (data, deq)
    return out


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else None
    if not src or not os.path.exists(src):
        sys.exit('usage: python3 scripts/llama-quantize-fixtures/make.py F32.gguf   (write it with: npx quantcourse gguf export --scheme f32 -o F32.gguf)')
    check_layouts()
    llama.llama_backend_init()
    os.makedirs(OUT, exist_ok=True)
    info = json.load(open(os.path.join(NLC, 'llama', 'llama.cpp.info.json')))
    nlc_version = json.load(open(os.path.join(NLC, 'package.json')))['version']

    files = {}
    for name, ftype, pure in [('q4_k_m.gguf', 'Q4_K_M', False), ('pure-q4_0.gguf', 'Q4_0', True),
                              ('pure-q8_0.gguf', 'Q8_0', True), ('pure-q5_1.gguf', 'Q5_1', True),
                              ('pure-iq4_nl.gguf', 'IQ4_NL', True), ('pure-q2_k.gguf', 'Q2_K', True)]:
        path, call = quantize_file(src, name, ftype, pure)
        files[name] = {'call': call, 'bytes': os.path.getsize(path), 'sha256': sha256(open(path, 'rb').read()),
                       'tensors': tensors_of(path)}

    # The other pure files, one per remaining export scheme of the course: kept as per-tensor hashes only (the
    # export test needs no more), so the fixtures stay small. Scheme: the course's name for the file's type.
    import tempfile
    pure_hashes = {}
    with tempfile.TemporaryDirectory() as tmp:
        # No NVFP4: llama_model_quantize at this release refuses its ftype ("invalid output file type 39").
        for scheme, ftype in [('q4_1', 'Q4_1'), ('q5_0', 'Q5_0'), ('q4_K', 'Q4_K_S'), ('mxfp4', 'MXFP4_MOE')]:
            path, call = quantize_file(src, f'pure-{scheme}.gguf', ftype, True, tmp)
            pure_hashes[scheme] = {'call': call, 'bytes': os.path.getsize(path), 'file_type': file_type_of(path), 'tensors': tensors_of(path)}

    rows, names = make_rows()
    rows.tofile(os.path.join(OUT, 'rows.f32'))
    types = {}
    for name, (data, deq) in quantize_rows(rows).items():
        open(os.path.join(OUT, f'rows.{name.lower()}.bin'), 'wb').write(data)
        deq.astype('<f4').tofile(os.path.join(OUT, f'rows.{name.lower()}.deq.f32'))
        types[name] = {'bytes': f'rows.{name.lower()}.bin', 'dequantized': f'rows.{name.lower()}.deq.f32', 'row_bytes': len(data) // len(rows)}

    manifest = {
        'about': 'Written by scripts/llama-quantize-fixtures/make.py with llama.cpp\'s own prebuilt code (node-llama-cpp); do not edit.',
        'llama_cpp': {'release': info['tag'], 'repo': info['llamaCppGithubRepo'], 'commit': bundle_commit(),
                      'node_llama_cpp': nlc_version, 'library': 'node_modules/@node-llama-cpp/linux-x64/bins/linux-x64/libllama.v0.5.0.so'},
        'source': {'command': 'npx quantcourse gguf export --scheme f32 -o F32.gguf', 'sha256': sha256(open(src, 'rb').read())},
        'files': files,
        'pure_hashes': pure_hashes,
        'rows': {'file': 'rows.f32', 'count': len(rows), 'length': ROW, 'names': names,
                 'call': 'ggml_quantize_chunk(type, rows, dst, 0, nrows, 256, NULL); dequantized with ggml_get_type_traits(type)->to_float',
                 'types': types},
    }
    with open(os.path.join(OUT, 'manifest.json'), 'w') as f:
        json.dump(manifest, f, indent=1, ensure_ascii=False)
        f.write('\n')
    print(f'wrote {OUT}')


def bundle_commit():
    """The llama.cpp commit node-llama-cpp's git bundle holds (the exact source of its binaries)."""
    import subprocess
    bundle = os.path.join(NLC, 'llama', 'gitRelease.bundle')
    heads = subprocess.run(['git', 'bundle', 'list-heads', bundle], capture_output=True, text=True, check=True).stdout.split()
    return heads[0]


if __name__ == '__main__':
    main()
