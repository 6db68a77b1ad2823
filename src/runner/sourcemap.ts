/**
 * Map a position in compiled learner code back to the learner's TypeScript, from esbuild's
 * source map. A small decoder (VLQ mappings only) so both runners share it without a dependency.
 */
import type { SourcePosition } from '../grading/verdict.ts';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Map([...B64].map((c, i) => [c, i]));

/** One decoded segment: generated column → original line/column (all 0-based). */
interface Segment {
  genColumn: number;
  srcLine: number;
  srcColumn: number;
}

/** A decoded source map: per generated line, its segments in column order. */
export type DecodedMap = Segment[][];

/** Decode a source map's JSON text (returns an empty map for empty or unreadable input). */
export function decodeSourceMap(json: string): DecodedMap {
  let mappings = '';
  try {
    mappings = (JSON.parse(json) as { mappings?: string }).mappings ?? '';
  } catch {
    return [];
  }
  const lines: DecodedMap = [];
  let srcIndex = 0, srcLine = 0, srcColumn = 0;
  for (const lineText of mappings.split(';')) {
    const segs: Segment[] = [];
    let genColumn = 0;
    for (const segText of lineText.split(',')) {
      if (!segText) continue;
      const fields = decodeVlq(segText);
      genColumn += fields[0] ?? 0;
      if (fields.length >= 4) {
        srcIndex += fields[1]!;
        srcLine += fields[2]!;
        srcColumn += fields[3]!;
        segs.push({ genColumn, srcLine, srcColumn });
      }
    }
    lines.push(segs);
  }
  void srcIndex; // a single learner file: every segment points into it
  return lines;
}

function decodeVlq(text: string): number[] {
  const out: number[] = [];
  let value = 0, shift = 0;
  for (const ch of text) {
    const digit = B64_INDEX.get(ch);
    if (digit === undefined) return out;
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}

/** The learner-source position (1-based) of a compiled position (1-based), or undefined. */
export function originalPosition(map: DecodedMap, line: number, column: number): SourcePosition | undefined {
  // Look at this line, then earlier lines: a position inside generated helper code maps to the
  // nearest learner code before it, which is where the learner should look.
  for (let l = Math.min(line - 1, map.length - 1); l >= 0; l--) {
    const segs = map[l]!;
    let best: Segment | undefined;
    for (const s of segs) if (l < line - 1 || s.genColumn <= column - 1) best = s;
    if (best) return { line: best.srcLine + 1, column: best.srcColumn + 1 };
  }
  return undefined;
}
