/** Which lab rows offer a GGUF download (src/widgets/model-lab/download.ts): llama.cpp formats and the float model, nothing else. */
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

  it('says why for rows llama.cpp has no single type for: the learner\'s quantizer, an outlier table, a mix', () => {
    const q40 = { kind: 'ggml', type: 'q4_0' } as const;
    expect(ggufFormOf({ scheme: { kind: 'int', bits: 4, blockSize: 32, scheme: 'symmetric' } }, true)).toEqual({ why: 'your quantizer: no ggml type' });
    expect(ggufFormOf({ scheme: q40, outlierFraction: 0.001 }, false)).toEqual({ why: 'GGUF has no outlier table' });
    expect(ggufFormOf({ scheme: { kind: 'float' }, overrides: { 'blk.0.ffn_down.weight': q40 } }, false)).toEqual({ why: 'mixed types: no one ggml type' });
    expect(ggufFormOf({ scheme: { kind: 'int', bits: 3, blockSize: 32, scheme: 'asymmetric' } }, false)).toHaveProperty('why', 'no ggml type for these blocks');
  });
});
