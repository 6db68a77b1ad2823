import { restoreOutliers, splitOutliers } from '../../src/core/index.ts';
import { defineExercise } from '../../src/grading/exercise.ts';
import { weights } from '../generators.ts';

type Outlier = { index: number; value: number };

export default defineExercise({
  id: 'outliers',
  title: 'Keep the outliers aside',
  lesson: 'outliers-and-blocks',
  statement: `Implement \`splitOutliers(values, k)\` and \`restoreOutliers(values, outliers)\`.

- \`splitOutliers\` takes out the \`k\` values with the largest magnitude \`|v|\`. Their places in the returned \`values\` become \`0\`; they go into \`outliers\` as \`{ index, value }\`, listed in ascending \`index\` order. When two magnitudes are equal, the one with the lower index counts as larger.
- Return \`{ values, outliers }\` and leave the input array unchanged.
- \`restoreOutliers(values, outliers)\` returns a new array with each outlier written back at its index.`,
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
  generate(rng, i) {
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
