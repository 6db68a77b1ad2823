/**
 * The lab as an exercise (exercises/lab-quantizer) graded in the real Node sandbox: the model
 * solution passes, the starter fails, a grid one bit coarser fails the model-level judgement with
 * the setting and the measured numbers against the allowed ones, and a better quantizer passes.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ex from '../../exercises/lab-quantizer/exercise.ts';
import { QUANTIZER_CHECK_SETTINGS, settingLabel } from '../../exercises/lab-quantizer/settings.ts';
import { prepareCases, type PreparedCase } from '../../src/grading/cases.ts';
import type { Verdict } from '../../src/grading/verdict.ts';
import { supplyNodeLab } from '../../src/lab/node.ts';
import { gradeSource } from '../runner/grade-node.ts';
import { SandboxPool } from '../../src/runner/node/pool.ts';

const solution = readFileSync('solutions/lab-quantizer.ts', 'utf8');
const starter = readFileSync('exercises/lab-quantizer/starter.ts', 'utf8');
/** The solution with one bit fewer in its grid: its codes still fit, its model is worse. */
const coarse = solution
  .replace('const qmax = 2 ** (bits - 1) - 1;\n  let maxAbs', 'const qmax = 2 ** (bits - 2) - 1;\n  let maxAbs')
  .replace('const qmin = -(2 ** (bits - 1));\n  const qmax = 2 ** (bits - 1) - 1;', 'const qmin = -(2 ** (bits - 2));\n  const qmax = 2 ** (bits - 2) - 1;');
/** Per block, whichever of the two grids (both fit the bits) reconstructs it better: never worse than the course's. */
const better = solution.replace("blocks.push(scheme === 'symmetric' ? symmetric(block, bits) : asymmetric(block, bits));", `const a = symmetric(block, bits), b = asymmetric(block, bits);
    const err = (q: Block) => block.reduce((s, v, j) => s + (v - q.scale * (q.values[j]! - q.zero)) ** 2, 0);
    blocks.push(err(a) <= err(b) ? a : b);`);

const pool = new SandboxPool({ size: 1 });
let cases: PreparedCase[];
beforeAll(() => {
  supplyNodeLab();
  cases = prepareCases(ex, 'lab-test');
});
afterAll(() => pool.close());

/** The results of the model-level judgement: the last one per setting. */
const modelResults = (v: Verdict) => v.cases.slice(-QUANTIZER_CHECK_SETTINGS.length);

describe('exercise lab-quantizer', () => {
  it('runs the fifteen matrices at each setting after the cases, and the model solution passes all of them', async () => {
    expect(new Set(cases.filter((c) => c.group !== undefined).map((c) => c.group))).toEqual(new Set(QUANTIZER_CHECK_SETTINGS.map((_, i) => i)));
    expect(cases.filter((c) => c.group === 0)).toHaveLength(15);
    const v = await gradeSource(ex, solution, cases, pool, 20_000);
    expect(v.message).toBe(`All ${ex.examples.length + ex.hiddenCount + QUANTIZER_CHECK_SETTINGS.length} cases passed.`);
    expect(modelResults(v).map((c) => c.kind)).toEqual(QUANTIZER_CHECK_SETTINGS.map((s) => expect.stringContaining(settingLabel(s))));
  });

  it('fails the starter, on the cases and on the model', async () => {
    const v = await gradeSource(ex, starter, cases, pool, 20_000);
    expect(v.status).toBe('failed');
    expect(v.passed).toBe(0);
    expect(modelResults(v)[0]!.message).toMatch(/^At 4-bit asymmetric, blocks of 32 the model quantized with your blocks is outside the tolerance: perplexity 339\.000/);
  });

  it('fails a grid one bit coarser at every setting, naming the setting and the measured perplexity and KL against what is allowed', async () => {
    const v = await gradeSource(ex, coarse, cases, pool, 20_000);
    expect(v.status).toBe('failed');
    const [asym4, asym3] = modelResults(v);
    expect(asym4!.passed).toBe(false);
    // One bit fewer at 4-bit asymmetric is exactly the course's 3-bit asymmetric model.
    expect(asym4!.message).toBe('At 4-bit asymmetric, blocks of 32 the model quantized with your blocks is outside the tolerance: '
      + 'perplexity 4.830 against the course\'s 4.258, allowed up to 4.300 (1% above): too high; '
      + 'mean KL 0.1691 against the course\'s 0.0343, allowed up to 0.0410 (0.005 + 5% above): too high.');
    expect(asym3!.message).toMatch(/^At 3-bit asymmetric, blocks of 32 .*mean KL \d\.\d{4} against the course's 0\.1691, allowed up to 0\.1825 \(0\.005 \+ 5% above\): too high\.$/);
    // The per-case check catches it on hidden rows too, without revealing them.
    expect(v.cases.slice(0, -QUANTIZER_CHECK_SETTINGS.length).find((c) => !c.passed && !c.visible)?.message).toMatch(/^the blocks are valid, but their mean squared error is .* above the course quantizer's \(at most 10% above is allowed\)$/);
  });

  it('passes a quantizer better than the course\'s (doing better is allowed)', async () => {
    expect(better).not.toBe(solution);
    const v = await gradeSource(ex, better, cases, pool, 20_000);
    expect(v.message).toMatch(/^All \d+ cases passed\.$/);
  });

  it('fails blocks that do not fit the bits with the lab\'s message, however good their model', async () => {
    const cheat = solution.replace('const qmax = 2 ** (bits - 1) - 1;\n  let vmin', 'const qmax = 2 ** (bits + 1) - 1;\n  let vmin');
    expect(cheat).not.toBe(solution);
    const v = await gradeSource(ex, cheat, cases, pool, 20_000);
    expect(modelResults(v)[0]!.message).toMatch(/^blk\.0\.attn_q\.weight: block \d+ from your quantizer uses codes -?\d+ to \d+, more than the 16 values 4 bits can hold$/);
  });
});
