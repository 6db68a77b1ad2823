/** The GGUF inspector's tensor table: one row per tensor, sortable by any column, a button per name to choose it. */
import { canDequantize, typeBitsPerWeight, type GgufTensorInfo } from '../../core/index.ts';
import { h } from '../../widgets/shared/dom.ts';
import { formatBits, formatBytes, formatCount, formatShape } from './format.ts';

type Column = 'index' | 'name' | 'shape' | 'type' | 'bits' | 'values' | 'bytes';

const COLUMNS: { key: Column; label: string; value: (t: GgufTensorInfo, i: number) => number | string }[] = [
  { key: 'index', label: '#', value: (_, i) => i },
  { key: 'name', label: 'Name', value: (t) => t.name },
  { key: 'shape', label: 'Shape (ne0 first)', value: (t) => t.shape.join('×') },
  { key: 'type', label: 'Type', value: (t) => t.type.name },
  { key: 'bits', label: 'Bits per weight', value: (t) => typeBitsPerWeight(t.type) },
  { key: 'values', label: 'Values', value: (t) => t.elements },
  { key: 'bytes', label: 'Bytes', value: (t) => t.bytes },
];

/** The table, and a way to mark the chosen row. `onChoose` gets the tensor's index in the file. */
export function tensorTable(tensors: readonly GgufTensorInfo[], onChoose: (i: number) => void): { el: HTMLElement; mark: (i: number) => void } {
  let sortBy: Column = 'index', ascending = true, chosen = -1;
  const body = h('tbody', {});
  const heads = COLUMNS.map((c) => {
    const b = h('button', { type: 'button', class: 'gi-sort', 'data-sort': c.key }, c.label);
    b.addEventListener('click', () => {
      ascending = sortBy === c.key ? !ascending : true;
      sortBy = c.key;
      render();
    });
    return h('th', { scope: 'col', 'data-col': c.key }, b);
  });
  const rows = tensors.map((t, i) => {
    const choose = h('button', { type: 'button', class: 'gi-choose', 'data-tensor': i }, t.name);
    choose.addEventListener('click', () => onChoose(i));
    const type = canDequantize(t.type.name) ? t.type.name : `${t.type.name} (not decodable here)`;
    return h('tr', { 'data-tensor': i, 'data-type': t.type.name },
      h('td', {}, String(i)), h('th', { scope: 'row' }, choose), h('td', { class: 'gi-mono' }, formatShape(t.shape)), h('td', {}, type),
      h('td', {}, formatBits(typeBitsPerWeight(t.type))), h('td', {}, formatCount(t.elements)), h('td', {}, formatBytes(t.bytes)));
  });

  function render(): void {
    const col = COLUMNS.find((c) => c.key === sortBy)!;
    const order = tensors.map((_, i) => i).sort((a, b) => {
      const x = col.value(tensors[a]!, a), y = col.value(tensors[b]!, b);
      const d = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true });
      return (ascending ? d : -d) || a - b;
    });
    body.replaceChildren(...order.map((i) => rows[i]!));
    heads.forEach((th, k) => th.setAttribute('aria-sort', COLUMNS[k]!.key === sortBy ? (ascending ? 'ascending' : 'descending') : 'none'));
  }
  render();

  const el = h('div', { class: 'table-scroll gi-tensors', role: 'region', tabindex: 0, 'aria-label': 'Tensors' },
    h('table', { class: 'gi-table gi-num', 'data-role': 'tensors' }, h('thead', {}, h('tr', {}, ...heads)), body));
  return {
    el,
    mark(i) {
      rows[chosen]?.removeAttribute('aria-current');
      chosen = i;
      rows[i]?.setAttribute('aria-current', 'true');
    },
  };
}
