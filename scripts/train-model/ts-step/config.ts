/**
 * The trained network's shape and its parameters as one flat array, laid out tensor after tensor in
 * train.py's `tensor_shapes` order (the weights file's order), so workers can share it and AdamW
 * can walk it in one loop.
 */
import { expectedTensors } from '../../../src/core/model/manifest.ts';

/** The network's shape (train.py's constants). */
export interface NetConfig {
  layers: number;
  heads: number;
  width: number;
  context: number;
  mlpWidth: number;
  vocabSize: number;
  normEps: number;
}

/** The lab model: 2 layers, 4 heads, width 64, context 64, MLP 256, 80 characters. */
export const LAB_CONFIG: NetConfig = { layers: 2, heads: 4, width: 64, context: 64, mlpWidth: 256, vocabSize: 80, normEps: 1e-5 };

/** Where one tensor lives in the flat parameter array. */
export interface Slot {
  name: string;
  shape: number[];
  offset: number;
  length: number;
}

/** Every tensor's slot, by name and in order, and the total number of values. */
export interface Layout {
  slots: Slot[];
  byName: Map<string, Slot>;
  size: number;
}

/** The float arrays the step runs on: Float32Array as numpy's float32, or Float64Array. */
export type Arr = Float32Array<ArrayBufferLike> | Float64Array<ArrayBufferLike>;

/** Each tensor's name and shape in train.py's order: the core's own list (the forward pass reads the same). */
export const tensorShapes = (c: NetConfig): { name: string; shape: number[] }[] => expectedTensors(c);

/** The flat layout of a config's parameters. */
export function layoutOf(c: NetConfig): Layout {
  if (c.width % c.heads) throw new RangeError(`width ${c.width} is not a multiple of heads ${c.heads}`);
  let offset = 0;
  const slots = tensorShapes(c).map(({ name, shape }) => {
    const length = shape.reduce((a, b) => a * b, 1);
    const slot = { name, shape, offset, length };
    offset += length;
    return slot;
  });
  return { slots, byName: new Map(slots.map((s) => [s.name, s])), size: offset };
}

/** A named tensor's values inside a flat array (a view, no copy). */
export function view(layout: Layout, flat: Arr, name: string): Arr {
  const s = layout.byName.get(name);
  if (!s) throw new RangeError(`no tensor "${name}" in the layout`);
  return flat.subarray(s.offset, s.offset + s.length);
}
