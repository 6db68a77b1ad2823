/** The GGUF inspector's metadata table: key, value type, value (long arrays collapsed to a count and the first items). */
import type { GgufValue } from '../../core/index.ts';
import { h } from '../../widgets/shared/dom.ts';
import { ARRAY_PREVIEW, arrayText, valueText, valueTypeText } from './format.ts';

/** A table of every metadata entry, in file order. An array longer than the preview also offers its first 64 items. */
export function metadataTable(metadata: Map<string, GgufValue>): HTMLElement {
  const rows = [...metadata].map(([key, v]) => {
    const long = v.type === 'array' && v.value.length > ARRAY_PREVIEW;
    const cell = long
      ? h('details', {}, h('summary', {}, valueText(v)), h('p', { class: 'gi-more' }, `First 64: ${arrayText(v, 64)}`))
      : valueText(v);
    return h('tr', { 'data-key': key }, h('th', { scope: 'row' }, key), h('td', {}, valueTypeText(v)), h('td', { class: 'gi-value' }, cell));
  });
  return h('div', { class: 'table-scroll', role: 'region', tabindex: 0, 'aria-label': 'Metadata' },
    h('table', { class: 'gi-table', 'data-role': 'metadata' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Key'), h('th', { scope: 'col' }, 'Type'), h('th', { scope: 'col' }, 'Value'))),
      h('tbody', {}, ...rows)));
}
