/** `quantcourse gguf export --scheme S -o FILE`: the committed lab model as a GGUF llama.cpp runs, and which tensor got which type. */
import { writeFileSync } from 'node:fs';
import { f32ToF16Bits } from '../../core/floats/half.ts';
import { EXPORT_SCHEMES, exportGguf, exportSourceOf, type GgufExport } from '../../core/model/gguf-export.ts';
import { readCourseModel } from '../../lab/node-model.ts';
import { UsageError } from '../submissions.ts';

/** The per-tensor table the command prints: name, type, shape (ggml order), and any fallback. */
export function exportTable(e: GgufExport): string {
  const w = Math.max(...e.tensors.map((t) => t.name.length)) + 2;
  const lines = [`${'tensor'.padEnd(w)}${'type'.padEnd(8)}${'shape (ne0 first)'.padEnd(20)}note`];
  for (const t of e.tensors) lines.push(`${t.name.padEnd(w)}${t.type.padEnd(8)}${`[${t.shape.join(', ')}]`.padEnd(20)}${t.fallback ?? ''}`.trimEnd());
  return lines.join('\n') + '\n';
}

/** Write the GGUF for `scheme` to `output` and print the tensor table; a bad scheme or path is a usage error. */
export function ggufExportCommand(o: { scheme?: string; output?: string; out?: (s: string) => void }): number {
  const out = o.out ?? ((s) => process.stdout.write(s));
  if (!o.scheme) throw new UsageError(`gguf export needs --scheme (one of: ${EXPORT_SCHEMES.join(', ')})`);
  if (!o.output) throw new UsageError('gguf export needs -o FILE (where to write the .gguf)');
  if (!EXPORT_SCHEMES.includes(o.scheme)) throw new UsageError(`scheme "${o.scheme}" has no ggml type to export; choose one of: ${EXPORT_SCHEMES.join(', ')}`);
  const { model } = readCourseModel();
  const e = exportGguf(exportSourceOf(model), o.scheme, f32ToF16Bits);
  try {
    writeFileSync(o.output, e.bytes);
  } catch (err) {
    throw new UsageError(`cannot write ${o.output}: ${(err as Error).message}`);
  }
  out(`wrote ${o.output}: ${e.bytes.length} bytes, scheme ${o.scheme}\n`);
  out(exportTable(e));
  const fallbacks = e.tensors.filter((t) => t.fallback).length;
  if (fallbacks) out(`${fallbacks} tensor(s) fell back to another type, as llama-quantize does for rows the scheme's blocks do not fit.\n`);
  return 0;
}
