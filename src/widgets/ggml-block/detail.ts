/** The explanation of one byte of a ggml block: the fp16 field it is part of, or the values it holds. */
import { decodeFloat, FORMATS } from '../../core/index.ts';
import { fmt } from '../shared/dom.ts';
import { fieldOf, heldValues, hex, wordAt, type BlockType } from './layout.ts';

/** The fp16 word of a scale/min field, its bit fields, and its value from the core's decoder. */
export function halfField(bytes: Uint8Array, start: number): { bits: number; value: number; text: string } {
  const bits = wordAt(bytes, start);
  const value = decodeFloat(bits, FORMATS.float16);
  const b = bits.toString(2).padStart(16, '0');
  return { bits, value, text: `0x${hex(bits, 4)} = ${b[0]} ${b.slice(1, 6)} ${b.slice(6)} (sign, exponent, significand) = ${fmt(value, 6)}` };
}

/** How the stored integer becomes a value in each type (the formula only; numbers come from dequantizeGgml). */
function rule(type: BlockType, stored: number): string {
  if (type === 'q8_0') return `${stored} × d`;
  if (type === 'q4_0') return `(${stored} − 8) × d`;
  return `${stored} × d + m`;
}

/** Sentences describing byte `i` (a -0 product shows as 0: the sign of zero is noise here): what field it is in and what it holds. */
export function describeByte(type: BlockType, bytes: Uint8Array, i: number, original: Float32Array, dequantized: Float32Array): string[] {
  const f = fieldOf(type, i);
  const head = `Byte ${i} = 0x${hex(bytes[i]!)}, part of ${f.name}.`;
  if (f.kind !== 'quants') {
    const h = halfField(bytes, f.start);
    const why = f.kind === 'min' ? ' It is the block’s smallest value, added back to every value.'
      : type === 'q4_0' ? ' Q4_0 divides the block’s largest-magnitude value, sign kept, by −8, so d can be negative.'
      : type === 'q8_0' ? ' It is the largest |value| divided by 127.' : ' It is (max − min) / 15.';
    return [head, `Bytes ${f.start}–${f.end - 1} hold one float16, low byte first: ${h.text}.${why}`];
  }
  return [head, ...heldValues(type, bytes, i).map((v) =>
    `${v.part === 'byte' ? 'As int8' : `Its ${v.part}`} ${v.stored} is value ${v.index}: ${rule(type, v.stored)} = ${fmt(dequantized[v.index]! || 0, 5)} (was ${fmt(original[v.index]!, 5)}).`)];
}
