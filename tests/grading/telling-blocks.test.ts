// pack-ggml's searched blocks: each tells the float32 reading from a double one at one element, and sits on no tie.
import { describe, expect, it } from 'vitest';
import packGgml from '../../exercises/pack-ggml/exercise.ts';
import { q40AddInDouble, q40Double, q41Double, q8Double, q8ProductInDouble } from '../../exercises/pack-ggml/rival-readings.ts';
import { q40DoubleTelling, q41DoubleTelling, q8DoubleTelling, q8ProductTelling, referenceCodes } from '../../exercises/pack-ggml/telling-blocks.ts';
import { createRng } from '../../src/core/rng.ts';
import { isTieSensitive } from '../../src/grading/ties.ts';

const searches = [
  { fn: 'packQ8_0', type: 'q8_0', search: q8DoubleTelling, rivals: [q8Double] },
  { fn: 'packQ8_0', type: 'q8_0', search: q8ProductTelling, rivals: [q8ProductInDouble] },
  { fn: 'packQ4_0', type: 'q4_0', search: q40DoubleTelling, rivals: [q40Double, q40AddInDouble] },
  { fn: 'packQ4_1', type: 'q4_1', search: q41DoubleTelling, rivals: [q41Double] },
] as const;

describe('pack-ggml telling blocks', () => {
  for (const { fn, type, search, rivals } of searches) {
    it(`${search.name}: finds a block for every seed, differing from each rival at one element, with no tie`, () => {
      for (let s = 0; s < 30; s++) {
        const x = search(createRng(`telling-${s}`));
        expect(x, `seed ${s}`).toBeInstanceOf(Float32Array);
        const ref = referenceCodes(type, x!);
        for (const rival of rivals) expect(rival(x!).filter((c, j) => c !== ref[j]), `seed ${s}`).toHaveLength(1);
        expect(isTieSensitive(packGgml, { fn, args: [x], kind: '' }, createRng(`probe-${s}`), 12), `seed ${s}`).toBe(false);
      }
    });
  }
});
