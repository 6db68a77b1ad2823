/**
 * `quantcourse gguf <file>`: what a GGUF file holds (metadata, tensors, size by type), as a table or
 * JSON, and one tensor's values dequantized by the core to a float32 file. The file is read by ranges:
 * only the header, or the header and the one tensor asked for.
 */
import { writeFile } from 'node:fs/promises';
import { canDequantize, GgufError, NotDecodableError, plainValue, readGguf, readTensorValues, summarizeTypes, typeBitsPerWeight, type GgufFile, type GgufValue } from '../../core/gguf/index.ts';
import { openFileSource, type FileSource } from '../file-source.ts';
import { UsageError } from '../submissions.ts';

/** Exit codes of `quantcourse gguf` beyond 0 (success) and 2 (usage: no such file, option or tensor). */
export const GGUF_EXIT = { badFile: 1, notDecodable: 3 } as const;

interface GgufOptions {
  file?: string;
  json?: boolean;
  tensor?: string;
  dequantize?: boolean;
  output?: string;
  out?: (s: string) => void;
  err?: (s: string) => void;
}

/** Print a GGUF's contents, or write one tensor dequantized; resolves to the exit code. */
export async function ggufCommand(o: GgufOptions): Promise<number> {
  const out = o.out ?? ((s) => process.stdout.write(s));
  const err = o.err ?? ((s) => process.stderr.write(s));
  if (!o.file) throw new UsageError('Name a file: quantcourse gguf <file.gguf> [--json] [--tensor NAME --dequantize -o out.f32]');
  if (o.tensor !== undefined || o.dequantize || o.output !== undefined) {
    if (o.tensor === undefined || !o.dequantize || o.output === undefined) throw new UsageError('--tensor NAME, --dequantize and -o FILE go together: quantcourse gguf <file> --tensor NAME --dequantize -o out.f32');
    if (o.json) throw new UsageError('--json prints the file\'s contents; it does not combine with --dequantize');
  }
  const source = await openSource(o.file);
  try {
    let file: GgufFile;
    try {
      file = await readGguf(source);
    } catch (e) {
      if (!(e instanceof GgufError)) throw e;
      err(`quantcourse: ${o.file} is not a readable GGUF: ${e.message}\n`);
      return GGUF_EXIT.badFile;
    }
    if (o.tensor !== undefined) return await dequantizeTo(source, file, o.tensor, o.output!, out, err);
    out(o.json ? `${JSON.stringify(toJson(file), null, 2)}\n` : table(o.file, file));
    return 0;
  } finally {
    await source.close();
  }
}

async function openSource(path: string): Promise<FileSource> {
  try {
    return await openFileSource(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : code === 'ENOTFILE' ? 'not a regular file' : (e as Error).message;
    throw new UsageError(`cannot open ${path}: ${why}`);
  }
}

/** The --json form: exactly version, alignment, metadata, tensors. */
export function toJson(file: GgufFile): object {
  return {
    version: file.version,
    alignment: file.alignment,
    metadata: Object.fromEntries([...file.metadata].map(([k, v]) => [k, plainValue(v)])),
    tensors: file.tensors.map((t) => ({ name: t.name, type: t.type.name, shape: t.shape, offset: t.offset, bytes: t.bytes })),
  };
}

async function dequantizeTo(source: FileSource, file: GgufFile, name: string, output: string, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const t = file.tensors.find((x) => x.name === name);
  if (!t) {
    const near = file.tensors.filter((x) => x.name.includes(name) || name.includes(x.name)).slice(0, 5).map((x) => x.name);
    throw new UsageError(`no tensor named "${name}" in this file (${file.tensors.length} tensors${near.length ? `; similar: ${near.join(', ')}` : ''}; list them with quantcourse gguf <file>)`);
  }
  let values: Float32Array;
  try {
    values = await readTensorValues(source, t);
  } catch (e) {
    if (e instanceof NotDecodableError) {
      err(`quantcourse: ${e.message} (tensor "${name}", ${t.bytes} bytes)\n`);
      return GGUF_EXIT.notDecodable;
    }
    if (e instanceof GgufError) {
      err(`quantcourse: ${e.message}\n`);
      return GGUF_EXIT.badFile;
    }
    throw e;
  }
  try {
    await writeFile(output, littleEndianBytes(values));
  } catch (e) {
    throw new UsageError(`cannot write ${output}: ${(e as Error).message}`);
  }
  out(`wrote ${values.length} float32 values of "${name}" (${t.type.name}, shape [${t.shape.join(', ')}], ggml order) to ${output}\n`);
  return 0;
}

function littleEndianBytes(values: Float32Array): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(4 * i, values[i]!, true);
  return bytes;
}

const n = (x: number) => x.toLocaleString('en-US');
const plural = (k: number, word: string) => `${n(k)} ${word}${k === 1 ? '' : 's'}`;
const bpw = (x: number) => String(Number(x.toFixed(4)));

/** A value in a line: strings quoted, long arrays cut to their first items. */
function short(v: GgufValue): string {
  if (v.type === 'array') {
    const shown = v.value.slice(0, 6).map((x) => JSON.stringify(plainValue(x as GgufValue)));
    const more = v.value.length > 6 ? `, … ${n(v.value.length - 6)} more` : '';
    return `[${shown.join(', ')}${more}]`;
  }
  const s = JSON.stringify(plainValue(v)) ?? String(v.value);
  return s.length > 100 ? `${s.slice(0, 97)}…` : s;
}

function typeName(v: GgufValue): string {
  return v.type === 'array' ? `${v.itemType}[${v.value.length}]` : v.type;
}

/** Columns padded to their widest cell; `right` marks the columns aligned right (numbers). */
function columns(rows: string[][], right: Set<number>): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => `  ${r.map((c, i) => (right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd()}\n`).join('');
}

function table(path: string, f: GgufFile): string {
  let s = `${path}: GGUF v${f.version}, ${n(f.fileSize)} bytes, alignment ${f.alignment}, tensor data from offset ${n(f.dataOffset)}\n`;
  s += `\nmetadata (${f.metadata.size} keys)\n`;
  if (f.metadata.size) s += columns([...f.metadata].map(([k, v]) => [k, typeName(v), short(v)]), new Set());
  s += `\ntensors (${f.tensors.length})\n`;
  if (f.tensors.length) {
    s += columns([['name', 'shape', 'type', 'bits/weight', 'bytes'], ...f.tensors.map((t) => [t.name, `[${t.shape.join(', ')}]`, t.type.name, bpw(typeBitsPerWeight(t.type)), n(t.bytes)])], new Set([3, 4]));
    // Said here, not only when --dequantize is refused: the table must not suggest every tensor can be read.
    const refused = [...new Set(f.tensors.map((t) => t.type.name).filter((name) => !canDequantize(name)))];
    if (refused.length) s += `  not decodable here, listed only: ${refused.map((name) => `${name} (${plural(f.tensors.filter((t) => t.type.name === name).length, 'tensor')})`).join(', ')}\n`;
  }
  const { byType, total } = summarizeTypes(f.tensors);
  s += `\nby type\n`;
  s += columns([['type', 'tensors', 'weights', 'bytes', 'avg bits/weight'], ...[...byType, total].map((x) => [x.type, n(x.tensors), n(x.elements), n(x.bytes), bpw(x.bitsPerWeight)])], new Set([1, 2, 3, 4]));
  return s;
}
