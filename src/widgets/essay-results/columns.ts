/** The columns of the essay's results table: how to read, format and compare each one. */
import { modelBytes } from '../../core/index.ts';
import { fmt } from '../shared/dom.ts';
import { ESSAY_MODEL, ESSAY_RESULTS, type EssayResult } from '../shared/quant-essay.ts';
import { pct } from '../shared/quant-props.ts';

/** One sortable numeric column. */
export interface Column {
  key: string;
  label: string;
  /** The number a row sorts and draws its bar by (null: no value, sorts last). */
  value: (r: EssayResult) => number | null;
  show: (r: EssayResult) => string;
  /** Whether a larger number is better (for the text alternative). */
  higherIsBetter: boolean;
}

const bf16 = ESSAY_RESULTS[0]!;

/** The table's numeric columns, in display order. */
export const COLUMNS: readonly Column[] = [
  { key: 'bpw', label: 'bits / weight', value: (r) => r.bitsPerWeight, show: (r) => fmt(r.bitsPerWeight, 4), higherIsBetter: false },
  { key: 'size', label: `GB (${ESSAY_MODEL.params / 1e9}B)`, value: (r) => modelBytes(ESSAY_MODEL.params, r.bitsPerWeight) / 1e9, show: (r) => fmt(modelBytes(ESSAY_MODEL.params, r.bitsPerWeight) / 1e9, 3), higherIsBetter: false },
  { key: 'ppl', label: 'perplexity', value: (r) => r.perplexity, higherIsBetter: false,
    show: (r) => (r === bf16 ? String(r.perplexity) : `${r.perplexity} (+${pct(r.perplexity / bf16.perplexity - 1)})`) },
  { key: 'kl', label: 'mean KL', value: (r) => r.meanKl, show: (r) => (r.meanKl === null ? '—' : String(r.meanKl)), higherIsBetter: false },
  { key: 'gpqa', label: 'GPQA correct', value: (r) => r.gpqaCorrect, show: (r) => pct(r.gpqaCorrect), higherIsBetter: true },
  { key: 'noanswer', label: 'GPQA no answer', value: (r) => r.gpqaNoAnswer, show: (r) => pct(r.gpqaNoAnswer), higherIsBetter: false },
  { key: 'm1', label: 'tokens/s M1 Max', value: (r) => r.tpsM1Max, show: (r) => r.tpsM1Max.toFixed(2), higherIsBetter: true },
  { key: 'h100', label: 'tokens/s H100', value: (r) => r.tpsH100, show: (r) => r.tpsH100.toFixed(2), higherIsBetter: true },
];

/** Rows sorted by a column (rows without a value last), or in the essay's order for key "format". */
export function sortRows(key: string, dir: 'ascending' | 'descending'): EssayResult[] {
  const rows = ESSAY_RESULTS.slice();
  const col = COLUMNS.find((c) => c.key === key);
  if (!col) return dir === 'ascending' ? rows : rows.reverse();
  const sign = dir === 'ascending' ? 1 : -1;
  return rows.sort((a, b) => {
    const x = col.value(a), y = col.value(b);
    if (x === null || y === null) return x === null ? (y === null ? 0 : 1) : -1;
    return sign * (x - y);
  });
}
