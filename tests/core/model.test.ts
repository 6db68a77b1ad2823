/**
 * The committed course model, run by the project's own forward pass: it must reproduce the logits and
 * the held-out perplexity the training script (numpy) recorded, which pins the architecture down to the
 * rotary convention, and quantized variants must keep the essay's shape.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { GGML_TYPES, quantizeBlocks } from '../../src/core/index.ts';
import {
  createBaseline, decode, encode, evaluateRecipe, evaluationWindows, generate, labScheme, labSchemes, loadModel,
  parseManifest, planBitBudget, quantizeMatrix, quantizeModel, runWindows, textLogits, type Baseline, type Model,
} from '../../src/core/model/index.ts';
import { quantizeBlocks as solutionQuantizeBlocks } from '../../solutions/quantize-blocks.ts';

const dir = new URL('../../public/model/', import.meta.url);
const manifestJson = JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8')) as Record<string, unknown>;
const weightBytes = readFileSync(new URL('weights.bin', dir));
const heldout = readFileSync(new URL('heldout.txt', dir), 'utf8');

let model: Model;
let base: Baseline;
beforeAll(() => {
  model = loadModel(manifestJson, weightBytes);
  base = createBaseline(model, heldout);
});

describe('the committed model', () => {
  it('is small enough to ship and the slice is the size the lab needs', () => {
    expect(weightBytes.length).toBeLessThanOrEqual(1024 * 1024);
    expect(heldout.length).toBeGreaterThanOrEqual(5000);
    expect(heldout.length).toBeLessThanOrEqual(10000);
  });

  it('reproduces the logits and the held-out perplexity the training script recorded', () => {
    // Both sides run in float64 on the same float32 weights; the course's logits are then stored as
    // float32, so they agree to float32 rounding (about 6e-8 relative), far inside these bounds.
    const refs = model.manifest.referenceLogits;
    expect(refs.length).toBeGreaterThanOrEqual(2);
    const V = model.config.vocabSize;
    for (const { position, logits } of refs) {
      const ours = base.logits.subarray(position * V, (position + 1) * V);
      const scale = Math.max(...logits.map(Math.abs));
      for (let i = 0; i < V; i++) expect(Math.abs(ours[i]! - logits[i]!)).toBeLessThan(1e-5 * scale);
    }
    const recorded = model.manifest.heldoutPerplexity;
    expect(Math.abs(base.perplexity / recorded - 1)).toBeLessThan(1e-5);
    // A trained character model is far better than guessing among its vocabulary.
    expect(base.perplexity).toBeLessThan(model.config.vocabSize / 10);
  });

  it('gives the same logits whether the windows run together or split (as workers split them)', () => {
    const windows = evaluationWindows(base.tokens.length, model.config.context);
    const half = Math.floor(windows.length / 2);
    const a = runWindows(model, base.tokens, windows.slice(0, half));
    const b = runWindows(model, base.tokens, windows.slice(half));
    const joined = new Float32Array(a.length + b.length);
    joined.set(a);
    joined.set(b, a.length);
    expect(joined).toEqual(base.logits);
  });

  it('generates the same text for the same seed, and greedy text that looks like English', () => {
    const one = generate(model, 'The whale ', { length: 60, temperature: 0.8, seed: 7 });
    expect(generate(model, 'The whale ', { length: 60, temperature: 0.8, seed: 7 })).toBe(one);
    expect(generate(model, 'The whale ', { length: 60, temperature: 0.8, seed: 8 })).not.toBe(one);
    const greedy = generate(model, 'and the ', { length: 200, temperature: 0 });
    expect(greedy).toHaveLength(200);
    expect(greedy).toMatch(/ the /); // a model that learned anything writes the commonest word
  });

  it('round-trips text through the vocabulary and maps curly quotes to ASCII', () => {
    expect(decode(model.manifest, encode(model.manifest, 'Call me Ishmael.'))).toBe('Call me Ishmael.');
    expect(decode(model.manifest, encode(model.manifest, '\u201cAye\u2014aye\u201d'))).toBe('"Aye-aye"');
    expect(() => encode(model.manifest, 'caf\u00e9')).toThrow(/U\+00E9.*position 3/);
  });

  it('has the vocabulary the GGUF will hold: special tokens, 256 byte tokens, then one per character', () => {
    const t = model.manifest.tokens;
    expect(t.slice(0, 3).map((x) => [x.gguf, x.type])).toEqual([['<unk>', 2], ['<s>', 3], ['</s>', 3]]);
    expect(t[3]).toEqual({ text: '<0x00>', gguf: '<0x00>', type: 6 });
    expect(t[258]!.gguf).toBe('<0xFF>');
    const chars = t.slice(259);
    expect(chars.every((x) => x.type === 1 && x.text.length === 1)).toBe(true);
    expect(chars.map((x) => x.text)).toEqual(chars.map((x) => x.text).sort());
    expect(chars.find((x) => x.text === ' ')!.gguf).toBe('\u2581');
    expect(chars.find((x) => x.text === '\n')!.gguf).toBe('\n');
    // Text only ever maps to the character tokens; a byte token decodes to its byte.
    const ids = encode(model.manifest, 'A whale!\n');
    expect(Math.min(...ids)).toBeGreaterThanOrEqual(259);
    expect(decode(model.manifest, [3 + 0x41, 1, 2])).toBe('A');
  });
});

describe('quantized variants', () => {
  it('keep the essay order: 8-bit < 4-bit < 2-bit in perplexity and KL, with Q8_0 within 1% of float', () => {
    const q8 = evaluateRecipe(base, { scheme: labScheme('q8_0').scheme });
    const q4 = evaluateRecipe(base, { scheme: labScheme('q4_0').scheme });
    const q2 = evaluateRecipe(base, { scheme: labScheme('int2-asym').scheme });
    expect(Math.abs(q8.perplexityChange)).toBeLessThan(0.01);
    expect(q8.perplexity).toBeLessThan(q4.perplexity);
    expect(q4.perplexity).toBeLessThan(q2.perplexity);
    expect(q8.meanKl).toBeLessThan(q4.meanKl);
    expect(q4.meanKl).toBeLessThan(q2.meanKl);
    expect(q8.top1).toBeGreaterThan(q4.top1);
    expect(q4.top1).toBeGreaterThan(q2.top1);
    expect(q8.bitsPerWeight).toBe(8.5);
    expect(q4.bitsPerWeight).toBe(4.5);
    expect(q2.bitsPerWeight).toBe(3);
  });

  it('the learner-function path gives the built-in asymmetric blocks\' numbers when given the reference', () => {
    const scheme = { kind: 'int', bits: 3, blockSize: 32, scheme: 'asymmetric' } as const;
    const builtIn = evaluateRecipe(base, { scheme });
    const viaCore = evaluateRecipe(base, { scheme: { ...scheme, quantizer: quantizeBlocks } });
    const viaSolution = evaluateRecipe(base, { scheme: { ...scheme, quantizer: solutionQuantizeBlocks } });
    expect(viaCore.stats).toEqual(builtIn.stats);
    expect(viaSolution.stats).toEqual(builtIn.stats);
    expect(viaSolution.bitsPerWeight).toBe(builtIn.bitsPerWeight);
  });

  it('a per-matrix override changes only that matrix', () => {
    const q = quantizeModel(model, { scheme: { kind: 'float' }, overrides: { 'blk.1.ffn_down.weight': { kind: 'ggml', type: 'q4_0' } } });
    for (const [name, t] of Object.entries(model.tensors)) {
      if (name === 'blk.1.ffn_down.weight') expect(q.model.tensors[name]).not.toEqual(t);
      else expect(q.model.tensors[name]).toBe(t);
    }
    expect(() => quantizeModel(model, { scheme: { kind: 'float' }, overrides: { 'token_embd.weight': { kind: 'ggml', type: 'q8_0' } } })).toThrow(/not a linear matrix/);
  });

  it('lists every block format the core supports', () => {
    const ids = labSchemes().map((s) => s.id);
    for (const t of GGML_TYPES) expect(ids).toContain(t);
  });

  it('an outlier table restores the planted weight exactly and is paid for in bits', () => {
    const w = Float32Array.from(model.tensors['blk.0.attn_output.weight']!);
    w[100] = 5; // far outside the near-Gaussian weights
    const tensor = { kind: 'int', bits: 4, blockSize: 'tensor', scheme: 'symmetric' } as const;
    const plain = quantizeMatrix(w, tensor);
    const withTable = quantizeMatrix(w, tensor, 1 / w.length);
    expect(withTable.values[100]).toBe(5);
    expect(withTable.outliers).toBe(1);
    expect(withTable.bits).toBe(plain.bits + 64);
    const err = (v: Float32Array) => v.reduce((s, x, i) => (i === 100 ? s : s + (x - w[i]!) ** 2), 0);
    expect(err(withTable.values)).toBeLessThan(err(plain.values) / 10);
  });
});

describe('bit budget planner', () => {
  const opt = (id: string, bits: number, kl: number) => ({ id, scheme: { kind: 'float' } as const, bits, kl });
  it('spends the budget where it removes the most KL per bit', () => {
    const options = {
      a: [opt('2', 200, 1.0), opt('4', 400, 0.1)], // upgrade removes 0.9 KL for 200 bits
      b: [opt('2', 200, 0.2), opt('4', 400, 0.15)], // upgrade removes 0.05 KL for 200 bits
    };
    expect(Object.fromEntries(Object.entries(planBitBudget(options, 600)).map(([k, o]) => [k, o.id]))).toEqual({ a: '4', b: '2' });
    expect(Object.fromEntries(Object.entries(planBitBudget(options, 800)).map(([k, o]) => [k, o.id]))).toEqual({ a: '4', b: '4' });
    expect(() => planBitBudget(options, 300)).toThrow(/below the cheapest/);
  });
});

describe('bad input', () => {
  it('names the manifest field that is wrong', () => {
    const broken = structuredClone(manifestJson);
    (broken.architecture as Record<string, unknown>).heads = 0;
    expect(() => parseManifest(broken)).toThrow(/architecture\.heads should be a positive integer, got 0/);
    const noHead = structuredClone(manifestJson);
    noHead.tensors = (noHead.tensors as { name: string }[]).filter((t) => t.name !== 'output.weight');
    expect(() => parseManifest(noHead)).toThrow(/to include "output.weight"/);
    const oddHeads = structuredClone(manifestJson);
    (oddHeads.architecture as Record<string, unknown>).heads = 64;
    expect(() => parseManifest(oddHeads)).toThrow(/even head size/);
    const badType = structuredClone(manifestJson);
    (badType.tokens as { type: number }[])[5]!.type = 4;
    expect(() => parseManifest(badType)).toThrow(/tokens\[5\]\.type should be one of/);
  });

  it('refuses a truncated weights file', () => {
    expect(() => loadModel(manifestJson, weightBytes.subarray(0, 1000))).toThrow(/says \d+ bytes but the file has 1000/);
  });

  it('refuses tokens outside the vocabulary and texts too short to predict', () => {
    expect(() => textLogits(model, [0])).toThrow(/at least 2 tokens/);
    expect(() => textLogits(model, [0, 999])).toThrow(/token id 999/);
    expect(() => generate(model, '', { length: 5 })).toThrow(/at least one character/);
  });
});
