/**
 * One block of a tensor, field by field: its scale(s) and codes as the core takes them apart (the same
 * layouts and decoders the ggml-block and kquant-block widgets use), and the values the core's codec
 * gives. A type without a block decoder here shows its bytes in hex; one without a codec says so.
 */
import { decodeMxfp4Block, decodeNvfp4Block, decodeQ2KBlock, decodeQ4KBlock, f16BitsToNumber, type GgufTensorInfo } from '../../core/index.ts';
import { fmt, h } from '../../widgets/shared/dom.ts';
import { halfField } from '../../widgets/ggml-block/detail.ts';
import { FIELDS, heldValues, hex, type BlockType } from '../../widgets/ggml-block/layout.ts';
import { kindOf } from '../../widgets/kquant-block/layout.ts';
import type { BlockData } from './protocol.ts';

const LEGACY: Record<string, BlockType> = { Q8_0: 'q8_0', Q4_0: 'q4_0', Q4_1: 'q4_1' };

/** The block's bytes as a row of hex cells, each tagged with the field it belongs to. */
function byteGrid(bytes: Uint8Array, kind: (i: number) => string): HTMLElement {
  return h('div', { class: 'gi-bytes', 'data-role': 'block-bytes', 'aria-label': `The block's ${bytes.length} bytes in hex`, role: 'group' },
    ...Array.from(bytes, (b, i) => h('span', { class: 'gi-byte', 'data-kind': kind(i), title: `byte ${i}: ${kind(i)}` }, hex(b))));
}

function valuesTable(rows: (string | number)[][], head: string[], label: string): HTMLElement {
  return h('div', { class: 'table-scroll gi-block-values', role: 'region', tabindex: 0, 'aria-label': label },
    h('table', { class: 'gi-table gi-num', 'data-role': 'block-values' },
      h('thead', {}, h('tr', {}, ...head.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, String(c))))))));
}

const fields = (...lines: string[]) => h('ul', { class: 'gi-fields', 'data-role': 'block-fields' }, ...lines.map((l) => h('li', {}, l)));

/** Q8_0 / Q4_0 / Q4_1: the fp16 scale (and min) and each value's stored code beside its decoded value. */
function legacyBlock(type: BlockType, bytes: Uint8Array, values: Float32Array | null): HTMLElement[] {
  const f = FIELDS[type];
  const codes = new Array<number>(32);
  for (const q of f.filter((x) => x.kind === 'quants')) for (let i = q.start; i < q.end; i++) for (const v of heldValues(type, bytes, i)) codes[v.index] = v.stored;
  const lines = f.filter((x) => x.kind !== 'quants').map((x) => `${x.name}, bytes ${x.start}–${x.end - 1}: ${halfField(bytes, x.start).text}`);
  const q = f.find((x) => x.kind === 'quants')!;
  lines.push(`${q.name}, bytes ${q.start}–${q.end - 1}${type === 'q8_0' ? '' : ': value j in the low nibble of byte j, value j + 16 in its high nibble'}`);
  const rule = type === 'q8_0' ? 'code × d' : type === 'q4_0' ? '(code − 8) × d' : 'code × d + m';
  return [byteGrid(bytes, (i) => f.find((x) => i >= x.start && i < x.end)!.kind), fields(...lines),
    valuesTable(codes.map((c, j) => [j, c, values ? fmt(values[j]!, 6) : '—']), ['Value', 'Stored code', `Decoded (${rule})`], 'Codes and decoded values of the block')];
}

/** Q4_K / Q2_K: the super-block's two fp16 scales, each sub-block's codes and effective scale and offset. */
function kBlock(type: 'q4_K' | 'q2_K', bytes: Uint8Array, values: Float32Array | null): HTMLElement[] {
  const p = type === 'q4_K' ? decodeQ4KBlock(bytes) : decodeQ2KBlock(bytes);
  const sub = type === 'q4_K' ? 32 : 16;
  const rows = p.scales.map((S, s) => {
    const levels = Array.from(p.levels.subarray(s * sub, (s + 1) * sub), (l) => l.toString(16)).join('');
    const shown = values ? Array.from(values.subarray(s * sub, s * sub + 4), (v) => fmt(v, 4)).join(', ') + ', …' : '—';
    return [s, S, p.mins[s]!, fmt(Math.fround(p.d * S), 5), fmt(-Math.fround(p.dmin * p.mins[s]!), 5), levels, shown];
  });
  return [byteGrid(bytes, (i) => kindOf(type, i)),
    fields(`d (fp16 super-block scale) = 0x${hex(p.dBits, 4)} = ${fmt(p.d, 6)}`, `dmin (fp16 super-block min scale) = 0x${hex(p.dminBits, 4)} = ${fmt(p.dmin, 6)}`,
      `${p.scales.length} sub-blocks of ${sub}: value = d·S × level − dmin·M`),
    valuesTable(rows, ['Sub-block', 'Scale code S', 'Min code M', 'd·S', '−dmin·M', 'Levels (hex digits)', 'First decoded values'], 'Sub-blocks of the block')];
}

/** MXFP4 / NVFP4: the shared scale byte(s) and each element's 4-bit code beside its value. */
function fp4Block(type: 'MXFP4' | 'NVFP4', bytes: Uint8Array, values: Float32Array | null): HTMLElement[] {
  if (type === 'MXFP4') {
    const p = decodeMxfp4Block(bytes);
    return [byteGrid(bytes, (i) => (i === 0 ? 'scale' : 'quants')), fields(`e (E8M0 shared exponent) = ${p.e}: scale 2^(e−127) = ${fmt(p.scale, 6)}`),
      valuesTable(p.codes.map((c, j) => [j, c, values ? fmt(values[j]!, 6) : '—']), ['Value', 'E2M1 code', 'Decoded'], 'Codes and decoded values of the block')];
  }
  const p = decodeNvfp4Block(bytes);
  return [byteGrid(bytes, (i) => (i < 4 ? 'scale' : 'quants')), fields(...p.scaleCodes.map((c, s) => `sub-block ${s} scale byte (UE4M3) 0x${hex(c)} = ${fmt(p.scales[s]!, 6)}`)),
    valuesTable(p.codes.map((c, j) => [j, c, values ? fmt(values[j]!, 6) : '—']), ['Value', 'E2M1 code', 'Decoded'], 'Codes and decoded values of the block')];
}

/** Plain floats: each value is its own float, shown with its bits. */
function plainBlock(t: GgufTensorInfo, bytes: Uint8Array, values: Float32Array | null): HTMLElement[] {
  const size = t.type.blockBytes;
  const rows = [];
  for (let j = 0; j * size < bytes.length; j++) {
    let bits = 0;
    for (let k = size - 1; k >= 0; k--) bits = bits * 256 + bytes[j * size + k]!;
    rows.push([j, `0x${hex(bits, 2 * size)}`, values ? fmt(values[j]!, 7) : t.type.name === 'F16' ? fmt(f16BitsToNumber(bits), 7) : '—']);
  }
  return [fields(`${t.type.name} has no blocks: each value is stored alone, ${size} bytes, little-endian. Shown: 32 values in a row.`),
    valuesTable(rows, ['Value', 'Bits', 'Decoded'], 'Values and their bits')];
}

/** The view of one block, for the tensor it belongs to. */
export function blockView(t: GgufTensorInfo, d: BlockData): HTMLElement {
  const name = t.type.name;
  const parts = LEGACY[name] ? legacyBlock(LEGACY[name], d.bytes, d.values)
    : name === 'Q4_K' || name === 'Q2_K' ? kBlock(name === 'Q4_K' ? 'q4_K' : 'q2_K', d.bytes, d.values)
    : name === 'MXFP4' || name === 'NVFP4' ? fp4Block(name, d.bytes, d.values)
    : t.type.blockSize === 1 ? plainBlock(t, d.bytes, d.values)
    : [byteGrid(d.bytes, () => 'raw'),
      d.values ? valuesTable(Array.from(d.values, (v, j) => [j, fmt(v, 6)]), ['Value', 'Decoded'], 'Decoded values of the block')
        : h('p', { 'data-role': 'not-decodable' }, `${name} is not decodable here: the course has no codec for it, so only its ${d.bytes.length} bytes are shown.`)];
  return h('div', { class: 'gi-block', 'data-role': 'block', 'data-block': d.block }, ...parts);
}
