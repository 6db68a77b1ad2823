/**
 * GGML_GEOMETRY is the one table of block sizes and bytes: every codec takes its own from it, and the
 * core's ggml names (GGML_TYPES, ggmlBitsPerWeight, ggmlBlockSize) answer from it without loading a codec.
 */
import { describe, expect, it } from 'vitest';
import {
  dequantizeGgml, GGML_CODECS, GGML_TYPES, ggmlBitsPerWeight, ggmlBlockSize, quantizeGgml, type GgmlType,
} from '../../src/core/index.ts';
import { GGML_GEOMETRY } from '../../src/core/ggml/geometry.ts';

describe('ggml geometry', () => {
  it('lists the same types as GGML_CODECS, in the same (table) order', () => {
    expect(GGML_TYPES).toEqual(Object.keys(GGML_CODECS));
    expect(Object.keys(GGML_GEOMETRY)).toEqual(Object.keys(GGML_CODECS));
  });

  it('agrees with every codec: name, values and bytes per block, bits per weight', () => {
    for (const t of GGML_TYPES) {
      const c = GGML_CODECS[t];
      expect(c.name).toBe(t);
      expect([c.blockSize, c.blockBytes]).toEqual([GGML_GEOMETRY[t].blockSize, GGML_GEOMETRY[t].blockBytes]);
      expect(ggmlBlockSize(t)).toBe(c.blockSize);
      expect(ggmlBitsPerWeight(t)).toBe((8 * c.blockBytes) / c.blockSize);
      // The bytes a codec really writes for two blocks.
      expect(quantizeGgml(t, new Float32Array(2 * c.blockSize)).length).toBe(2 * GGML_GEOMETRY[t].blockBytes);
    }
  });

  it('names the known types when asked about an unknown one, everywhere', () => {
    const bad = 'q9_9' as GgmlType;
    const msg = `unknown ggml type "q9_9"; known: ${GGML_TYPES.join(', ')}`;
    expect(() => ggmlBitsPerWeight(bad)).toThrow(msg);
    expect(() => ggmlBlockSize(bad)).toThrow(msg);
    expect(() => quantizeGgml(bad, new Float32Array(32))).toThrow(msg);
    expect(() => dequantizeGgml(bad, new Uint8Array(34), 32)).toThrow(msg);
  });
});
