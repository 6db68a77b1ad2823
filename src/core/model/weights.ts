/** The model's weights in memory: one Float32Array per tensor, read from the little-endian file. */
import { parseManifest, type ModelConfig, type ModelManifest } from './manifest.ts';

/** A loaded model: its manifest and every tensor by name. */
export interface Model {
  manifest: ModelManifest;
  config: ModelConfig;
  tensors: Readonly<Record<string, Float32Array>>;
}

/** Read the weights file (bytes) laid out as `manifest` says; `manifest` may be raw JSON or already parsed. */
export function loadModel(manifest: ModelManifest | unknown, bytes: ArrayBuffer | Uint8Array): Model {
  const m = isParsed(manifest) ? manifest : parseManifest(manifest);
  const view = bytes instanceof Uint8Array ? new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength) : new DataView(bytes);
  if (view.byteLength !== m.weightsBytes) {
    throw new RangeError(`model weights: the manifest says ${m.weightsBytes} bytes but the file has ${view.byteLength} (truncated or the wrong file?)`);
  }
  const tensors: Record<string, Float32Array> = {};
  for (const t of m.tensors) {
    if (t.offset + 4 * t.length > view.byteLength) throw new RangeError(`model weights: tensor ${t.name} runs past the end of the file`);
    // DataView reads little-endian on any host; a Float32Array view would use the host's byte order.
    const a = new Float32Array(t.length);
    for (let i = 0; i < t.length; i++) a[i] = view.getFloat32(t.offset + 4 * i, true);
    for (let i = 0; i < t.length; i++) if (!Number.isFinite(a[i]!)) throw new RangeError(`model weights: ${t.name}[${i}] is ${a[i]}`);
    tensors[t.name] = a;
  }
  return { manifest: m, config: m.config, tensors };
}

function isParsed(m: unknown): m is ModelManifest {
  return typeof m === 'object' && m !== null && 'config' in m && 'weightsBytes' in m;
}

/** The same model with some tensors replaced (same shapes); the others are shared, not copied. */
export function withTensors(model: Model, replace: Readonly<Record<string, Float32Array>>): Model {
  for (const [name, values] of Object.entries(replace)) {
    const old = model.tensors[name];
    if (!old) throw new RangeError(`the model has no tensor "${name}"; it has ${Object.keys(model.tensors).join(', ')}`);
    if (values.length !== old.length) throw new RangeError(`tensor ${name} holds ${old.length} values, the replacement ${values.length}`);
  }
  return { ...model, tensors: { ...model.tensors, ...replace } };
}

/** Every weight of a named tensor (e.g. "blk.0.ffn_up.weight"), as stored: [out, in] row-major for matrices. */
export function tensorValues(model: Model, name: string): Float32Array {
  const t = model.tensors[name];
  if (!t) throw new RangeError(`the model has no tensor "${name}"; it has ${Object.keys(model.tensors).join(', ')}`);
  return t;
}

/** The weights file's bytes for a model (little-endian float32 at the manifest's offsets): what loadModel reads. */
export function weightsFileBytes(model: Model): ArrayBuffer {
  const buf = new ArrayBuffer(model.manifest.weightsBytes);
  const view = new DataView(buf);
  for (const t of model.manifest.tensors) {
    const a = model.tensors[t.name]!;
    for (let i = 0; i < t.length; i++) view.setFloat32(t.offset + 4 * i, a[i]!, true);
  }
  return buf;
}
