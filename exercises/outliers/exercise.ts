import { restoreOutliers, splitOutliers } from '../../src/core/index.ts';
import { defineExercise, type CaseInput } from '../../src/grading/exercise.ts';
import { weights } from '../generators.ts';

type Outlier = { index: number; value: number };

// The first hidden cases are the edges every run must hold, whatever the seed: equal magnitudes at
// the cut (the lower index wins), k = 0, k = n, a negative value largest in magnitude and listed
// out of magnitude order, and outliers written back over places that are not 0 (as after quantizing).
const EDGES: CaseInput[] = [
  { fn: 'splitOutliers', args: [[0.5, -2, 0.3, 2, 2, -0.1], 2], kind: 'equal magnitudes at the cut' },
  { fn: 'splitOutliers', args: [[3, -0.2, -3, 0.1], 1], kind: 'equal magnitudes at the cut, k = 1' },
  { fn: 'splitOutliers', args: [[0.4, -0.1, 0.2], 0], kind: 'k = 0' },
  { fn: 'splitOutliers', args: [[0.3, -5, 0.2, 4], 4], kind: 'k = n' },
  { fn: 'splitOutliers', args: [[0.2, 3, -0.4, -7, 0.1, 9], 3], kind: 'a negative outlier, magnitudes out of index order' },
  { fn: 'restoreOutliers', args: [[0.1, 0.02, -0.3, 0.01], [{ index: 1, value: -6 }, { index: 3, value: 4 }]], kind: 'restore over places that are not 0' },
  { fn: 'restoreOutliers', args: [[0, 0.2, -0.1, 0], [{ index: 0, value: 8 }, { index: 3, value: -5 }]], kind: 'restore at the first and last index' },
  { fn: 'splitOutliers', args: [[0.2, -4, 0.1, 3], 2], argsAfter: true, kind: 'the input array is left unchanged' },
  { fn: 'restoreOutliers', args: [[0.1, 0, 0.3, 0], [{ index: 1, value: -9 }, { index: 3, value: 6 }]], argsAfter: true, kind: 'the input array is left unchanged' },
];

export default defineExercise({
  id: 'outliers',
  title: 'Keep the outliers aside',
  statement: `Implement \`splitOutliers(values, k)\` and \`restoreOutliers(values, outliers)\`.

- \`splitOutliers\` takes out the \`k\` values with the largest magnitude \`|v|\`. Their places in the returned \`values\` become \`0\`; they go into \`outliers\` as \`{ index, value }\`, listed in ascending \`index\` order. When two magnitudes are equal, the one with the lower index counts as larger.
- Return \`{ values, outliers }\` and leave the input array unchanged.
- \`restoreOutliers(values, outliers)\` returns a new array with each outlier written back at its index, over the value there.`,
  functions: ['splitOutliers', 'restoreOutliers'],
  reference: {
    splitOutliers: (values: number[], k: number) => splitOutliers(values, k),
    restoreOutliers: (values: number[], outliers: Outlier[]) => restoreOutliers(values, outliers),
  },
  examples: [
    { fn: 'splitOutliers', args: [[0.1, -12, 0.3, 7, -0.2], 2], kind: 'two clear outliers' },
    { fn: 'splitOutliers', args: [[1, -1, 0.5], 1], kind: 'a tie in magnitude: the lower index wins' },
    { fn: 'restoreOutliers', args: [[0.1, 0, 0.3, 0, -0.2], [{ index: 1, value: -12 }, { index: 3, value: 7 }]], kind: 'put them back' },
  ],
  rules: [
    { id: 'magnitude', states: 'the `k` values with the largest magnitude `|v|`' },
    { id: 'k-largest', states: '`splitOutliers` takes out the `k` values' },
    { id: 'zeroed', states: 'Their places in the returned `values` become `0`' },
    { id: 'outlier-entries', states: 'they go into `outliers` as `{ index, value }`' },
    { id: 'index-order', states: 'listed in ascending `index` order' },
    { id: 'ties', states: 'When two magnitudes are equal, the one with the lower index counts as larger.' },
    { id: 'result', states: 'Return `{ values, outliers }`' },
    { id: 'restore', states: 'with each outlier written back at its index, over the value there' },
    { id: 'unchanged', states: 'leave the input array unchanged' },
    { id: 'new-array', states: '`restoreOutliers(values, outliers)` returns a new array' },
  ],
  generate(rng, i) {
    if (i < EDGES.length) return EDGES[i]!;
    const n = rng.int(1, 64);
    const values = weights(rng, n, rng.pick(['normal', 'outlier', 'negative'] as const));
    if (i % 5 === 1) for (let j = 0; j < n; j += 3) values[j] = rng.pick([1, -1, 0.5]); // equal magnitudes
    const k = rng.int(0, Math.min(n, 8));
    if (i % 4 === 3) return { fn: 'restoreOutliers', args: Object.values(splitOutliers(values, k)), kind: `restore ${k} outliers among ${n} values` };
    return { fn: 'splitOutliers', args: [values, k], kind: i % 5 === 1 ? `values with equal magnitudes, k = ${k}` : `${n} values, k = ${k}` };
  },
  tolerance: { '*': 'exact' },
  hints: [
    'Sort the indices, not the values: `[...values.keys()].sort((a, b) => Math.abs(values[b]) - Math.abs(values[a]) || a - b)`.',
    'Take the first k of that order, then sort those indices ascending before building `outliers`.',
    'Copy before zeroing: `const rest = values.slice()`.',
  ],
});
