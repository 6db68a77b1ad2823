/**
 * Which ggml type a learner's quantizeBlocks setting means, if any (the mapping is explained in
 * gguf-learner.ts). Apart from the writer, so that the lab's page can label its rows without loading it.
 */
import type { GgmlType } from '../ggml/geometry.ts';
import type { Scheme } from '../quant/blocks.ts';

/** The lab's integer setting a learner ran their quantizer at. */
export interface LearnerSetting {
  bits: number;
  blockSize: number | 'tensor';
  scheme: Scheme;
}

/** The ggml type these settings mean, or why none does. */
export type LearnerGgml = { type: LearnerGgmlType } | { why: string };

/** The ggml types a learner's blocks can be written as. */
export type LearnerGgmlType = Extract<GgmlType, 'q8_0' | 'q4_0' | 'q5_0' | 'q4_1' | 'q5_1'>;

/** The ggml type that stores exactly these settings' blocks, or a short reason there is none. */
export function learnerGgmlType(s: LearnerSetting): LearnerGgml {
  if (s.blockSize === 'tensor') return { why: 'one scale per matrix: ggml formats keep a scale per block of 32' };
  if (s.blockSize !== 32) return { why: `blocks of ${s.blockSize}: ggml's formats of plain codes use blocks of 32` };
  if (s.scheme === 'symmetric') {
    const type = ({ 8: 'q8_0', 4: 'q4_0', 5: 'q5_0' } as const)[s.bits as 8 | 4 | 5];
    return type ? { type } : { why: `${s.bits}-bit symmetric: ggml has symmetric codes of 4, 5 and 8 bits only (Q4_0, Q5_0, Q8_0)` };
  }
  const type = ({ 4: 'q4_1', 5: 'q5_1' } as const)[s.bits as 4 | 5];
  if (type) return { type };
  if (s.bits === 8) return { why: '8-bit asymmetric: ggml\'s 8-bit format (Q8_0) has no zero point' };
  return { why: `${s.bits}-bit asymmetric: ggml has asymmetric codes of 4 and 5 bits only (Q4_1, Q5_1)` };
}

/** "4-bit symmetric, blocks of 32" (the metadata's and the messages' words for a setting). */
export const learnerSettingText = (s: LearnerSetting): string => `${s.bits}-bit ${s.scheme}, ${s.blockSize === 'tensor' ? 'one scale per matrix' : `blocks of ${s.blockSize}`}`;
