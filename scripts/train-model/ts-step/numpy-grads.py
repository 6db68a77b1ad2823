#!/usr/bin/env python3
"""train.py's own loss and gradients on the committed weights and the first 32 held-out windows.

Writes the gradients as little-endian float32 in the weights file's tensor order to argv[1] and
prints the loss; compare-numpy.ts runs this and compares the TypeScript step's results with them.
"""
import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import train  # noqa: E402  (train.py's forward and backward, unchanged)

MODEL = os.path.join(train.ROOT, 'public', 'model')
manifest = json.load(open(os.path.join(MODEL, 'manifest.json')))
raw = np.fromfile(os.path.join(MODEL, 'weights.bin'), '<f4')
params = {t['name']: raw[t['offset'] // 4:t['offset'] // 4 + t['length']].reshape(t['shape']).copy() for t in manifest['tensors']}
stoi = {c: i for i, c in enumerate(manifest['vocabulary'])}
ids = np.array([stoi[c] for c in open(os.path.join(MODEL, 'heldout.txt'), encoding='ascii').read()], np.int64)
starts = range(0, train.BATCH * train.CONTEXT, train.CONTEXT)
x = np.stack([ids[s:s + train.CONTEXT] for s in starts])
y = np.stack([ids[s + 1:s + train.CONTEXT + 1] for s in starts])
_, loss, cache = train.forward(params, x, y)
grads = train.backward(params, y, cache)
np.concatenate([grads[t['name']].astype('<f4').ravel() for t in manifest['tensors']]).tofile(sys.argv[1])
print(float(loss))
