/**
 * A GGUF's tensors put back into the course model: read with the core's GGUF reader, dequantized with the
 * core's codecs, each checked against the model's own name and shape. The forward pass then runs on
 * exactly what the file holds (the judge compares llama.cpp on the same file against it).
 */
import { readGguf } from '../gguf/reader.ts';
import type { ByteSource } from '../gguf/source.ts';
import { readTensorValues } from '../gguf/tensor.ts';
import { withTensors, type Model } from './weights.ts';

/** `model` with every tensor replaced by the GGUF's (dequantized); a missing, extra or misshapen tensor is an error naming it. */
export async function withGgufTensors(model: Model, source: ByteSource): Promise<Model> {
  const file = await readGguf(source);
  const byName = new Map(file.tensors.map((t) => [t.name, t]));
  const replace: Record<string, Float32Array> = {};
  for (const entry of model.manifest.tensors) {
    const t = byName.get(entry.name);
    if (!t) throw new RangeError(`the GGUF has no tensor "${entry.name}"`);
    const want = [...entry.shape].reverse();
    if (t.shape.join(',') !== want.join(',')) throw new RangeError(`tensor "${entry.name}" has ggml shape [${t.shape.join(', ')}] in the GGUF, the model's is [${want.join(', ')}]`);
    replace[entry.name] = await readTensorValues(source, t);
    byName.delete(entry.name);
  }
  if (byName.size) throw new RangeError(`the GGUF has tensors the model does not: ${[...byName.keys()].join(', ')}`);
  return withTensors(model, replace);
}
