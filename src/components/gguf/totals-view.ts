/** The GGUF inspector's totals: the file's size and, by tensor type, tensors, values, bytes and average bits per weight. */
import { canDequantize, summarizeTypes, type GgufFile } from '../../core/index.ts';
import { h } from '../../widgets/shared/dom.ts';
import { formatBits, formatBytes, formatCount } from './format.ts';

/** A sentence on the file's size and a table of its tensors by type, with the total. */
export function totalsView(file: GgufFile): HTMLElement {
  const { byType, total } = summarizeTypes(file.tensors);
  const header = file.dataOffset;
  const row = (t: (typeof byType)[number], foot = false) =>
    h('tr', { 'data-type': t.type }, h(foot ? 'td' : 'th', { scope: foot ? undefined : 'row' }, foot ? 'All tensors' : t.type),
      h('td', {}, formatCount(t.tensors)), h('td', {}, formatCount(t.elements)), h('td', {}, formatBytes(t.bytes)), h('td', {}, formatBits(t.bitsPerWeight)),
      h('td', {}, foot ? '' : canDequantize(t.type) ? 'yes' : 'not decodable here'));
  return h('div', {},
    h('p', { 'data-role': 'file-size' },
      `The file holds ${formatBytes(file.fileSize)} (${formatCount(file.fileSize)} bytes): GGUF version ${file.version}, ${formatCount(file.metadata.size)} metadata entries, `,
      `${formatCount(file.tensors.length)} tensors of ${formatCount(total.elements)} values in ${formatBytes(total.bytes)}, an average of `,
      h('strong', { 'data-role': 'average-bits' }, `${formatBits(total.bitsPerWeight)} bits per weight`),
      `. The header (metadata and tensor infos) takes ${formatBytes(header)}; tensors are aligned to ${file.alignment} bytes.`),
    h('div', { class: 'table-scroll', role: 'region', tabindex: 0, 'aria-label': 'Totals by tensor type' },
      h('table', { class: 'gi-table gi-num', 'data-role': 'totals' },
        h('thead', {}, h('tr', {}, ...['Type', 'Tensors', 'Values', 'Bytes', 'Bits per weight', 'Decodable'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, ...byType.map((t) => row(t))),
        h('tfoot', {}, row(total, true)))));
}
