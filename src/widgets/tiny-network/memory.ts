/** The memory table: parameters × bytes per parameter for a few formats, at a few model sizes (from modelBytes). */
import { modelBytes } from '../../core/index.ts';
import { fmt, h } from '../shared/dom.ts';

/** Storage formats by bits per parameter. */
export const STORAGE = [
  { label: 'float32', bits: 32 },
  { label: 'float16 / bfloat16', bits: 16 },
  { label: '8-bit (fp8, int8)', bits: 8 },
  { label: '4-bit', bits: 4 },
];

/** Bytes in decimal units (1 GB = 10^9 bytes, as model cards count). */
export function humanBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let u = 0;
  while (bytes >= 1000 && u < units.length - 1) { bytes /= 1000; u++; }
  return `${fmt(bytes, 4)} ${units[u]}`;
}

/** A table of memory per storage format for `params` parameters. */
export function memoryTable(params: number): HTMLTableElement {
  const body = STORAGE.map((s) => h('tr', {}, h('td', {}, s.label), h('td', {}, `${s.bits / 8}`), h('td', {}, humanBytes(modelBytes(params, s.bits)))));
  return h('table', { class: 'fw-table', 'data-role': 'memory' },
    h('thead', {}, h('tr', {}, h('th', {}, 'format'), h('th', {}, 'bytes / parameter'), h('th', {}, 'memory'))),
    h('tbody', {}, ...body));
}
