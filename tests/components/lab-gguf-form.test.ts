/**
 * Which lab rows offer a GGUF download (src/widgets/model-lab/download.ts): llama.cpp formats, the float model, and
 * the learner's own quantizeBlocks at a setting that is a ggml type (with the blocks of its run); nothing else.
 */
import { describe, expect, it } from 'vitest';
import { EXPORT_SCHEMES } from '../../src/core/model/gguf-export.ts';
import { labSchemes } from '../../src/core/model/recipe.ts';
import { ggufFormOf } from '../../src/widgets/model-lab/download.ts';

describe('ggufFormOf', () => {
  it('gives every llama.cpp format of the lab its own export scheme, and the float model f32', () => {
    for (const s of labSchemes()) {
      const form = ggufFormOf({ scheme: s.scheme }, false);
      if (s.scheme.kind === 'ggml') {
        expect(form).toEqual({ scheme: s.scheme.type });
        expect(EXPORT_SCHEMES).toContain(s.scheme.type);
      } else expect(form).toHaveProperty('why');
    }
    expect(ggufFormOf({ scheme: { kind: 'float' } }, false)).toEqual({ scheme: 'f32' });
  });

  it('gives the learner\'s row the ggml type of its setting and the blocks its run returned', () => {
    const blocks = new Map([['blk.0.attn_q.weight', [{ values: [1, -2], scale: 0.5, zero: 0 }]]]);
    const replace = { 'blk.0.attn_q.weight': new Float32Array([0.5, -1]) };
    const sym4 = { kind: 'int', bits: 4, blockSize: 32, scheme: 'symmetric' } as const;
    expect(ggufFormOf({ scheme: sym4 }, true, { blocks, replace })).toEqual({ learner: { type: 'q4_0', setting: { bits: 4, blockSize: 32, scheme: 'symmetric' }, blocks, replace } });
    expect(ggufFormOf({ scheme: { ...sym4, bits: 5, scheme: 'asymmetric' } }, true, { blocks, replace })).toHaveProperty('learner.type', 'q5_1');
    expect(ggufFormOf({ scheme: { ...sym4, bits: 8 } }, true, { blocks, replace })).toHaveProperty('learner.type', 'q8_0');
  });

  it('says why for rows llama.cpp has no single type for: the learner\'s quantizer at other settings, an outlier table, a mix', () => {
    const q40 = { kind: 'ggml', type: 'q4_0' } as const;
    const run = { blocks: new Map(), replace: {} };
    expect(ggufFormOf({ scheme: { kind: 'int', bits: 3, blockSize: 32, scheme: 'asymmetric' } }, true, run)).toEqual({ why: 'your quantizer at 3-bit asymmetric: ggml has asymmetric codes of 4 and 5 bits only (Q4_1, Q5_1)' });
    expect(ggufFormOf({ scheme: { kind: 'int', bits: 4, blockSize: 64, scheme: 'symmetric' } }, true, run)).toHaveProperty('why', expect.stringMatching(/^your quantizer at blocks of 64/));
    expect(ggufFormOf({ scheme: { kind: 'int', bits: 4, blockSize: 32, scheme: 'symmetric' }, outlierFraction: 0.001 }, true, run)).toEqual({ why: 'GGUF has no outlier table' });
    expect(ggufFormOf({ scheme: { kind: 'int', bits: 4, blockSize: 32, scheme: 'symmetric' } }, true)).toEqual({ why: 'your quantizer: its blocks were not kept' });
    expect(ggufFormOf({ scheme: q40, outlierFraction: 0.001 }, false)).toEqual({ why: 'GGUF has no outlier table' });
    expect(ggufFormOf({ scheme: { kind: 'float' }, overrides: { 'blk.0.ffn_down.weight': q40 } }, false)).toEqual({ why: 'mixed types: no one ggml type' });
    expect(ggufFormOf({ scheme: { kind: 'int', bits: 3, blockSize: 32, scheme: 'asymmetric' } }, false)).toHaveProperty('why', 'no ggml type for these blocks');
  });
});
