/** Beside a Q8_0 / Q4_0 / Q4_1 block: the learner's own packer's bytes for its values, against the file's. */
import type { GgufTensorInfo } from '../../core/index.ts';
import { h } from '../../widgets/shared/dom.ts';
import { hex } from '../../widgets/ggml-block/layout.ts';
import { firstDifference, packWithLearner, PACK_EXERCISE, savedPacker } from './learner-pack.ts';
import type { BlockData } from './protocol.ts';

const PACKED_TYPES = ['Q8_0', 'Q4_0', 'Q4_1'];

/** The panel, or null for a type the exercise does not pack. */
export function learnerPanel(t: GgufTensorInfo, d: BlockData, lessonHref: string): HTMLElement | null {
  if (!PACKED_TYPES.includes(t.type.name) || !d.values) return null;
  const saved = savedPacker(t.type.name);
  const box = h('div', { class: 'gi-learner', 'data-role': 'learner' }, h('h4', {}, 'Your own packer'));
  if (!saved) {
    box.append(h('p', { 'data-role': 'learner-missing' }, 'Pass the exercise ', h('a', { href: lessonHref }, `${PACK_EXERCISE} in Real formats`),
      ` and your own ${t.type.name} packer will pack this block here, beside the file's bytes.`));
    return box;
  }
  const result = h('div', { 'data-role': 'learner-result', 'aria-live': 'polite' });
  const run = h('button', { type: 'button', class: 'btn', 'data-action': 'learner-pack' }, `Pack this block with your ${saved.fn}`);
  run.addEventListener('click', async () => {
    run.disabled = true;
    result.textContent = 'Running your code in the sandbox…';
    const out = await packWithLearner(saved.code, saved.fn, d.values!);
    run.disabled = false;
    if ('message' in out) {
      result.replaceChildren(h('p', { class: 'gi-error', 'data-role': 'learner-error' }, out.message));
      return;
    }
    const at = firstDifference(out.bytes, d.bytes);
    const verdict = at < 0
      ? `Match: your ${saved.fn} wrote the file's ${d.bytes.length} bytes exactly.`
      : at >= Math.min(out.bytes.length, d.bytes.length)
        ? `Your ${saved.fn} wrote ${out.bytes.length} bytes; the block has ${d.bytes.length}.`
        : `First difference at byte ${at}: the file has 0x${hex(d.bytes[at]!)}, your code wrote 0x${hex(out.bytes[at]!)}. (A file quantized with other choices, such as an importance matrix, can differ from the reference rules.)`;
    result.replaceChildren(
      h('p', { class: 'gi-mono', 'data-role': 'learner-bytes' }, `Yours: ${Array.from(out.bytes, (b) => hex(b)).join(' ')}`),
      h('p', { class: 'gi-mono' }, `File:  ${Array.from(d.bytes, (b) => hex(b)).join(' ')}`),
      h('p', { 'data-role': 'learner-verdict', 'data-match': String(at < 0) }, verdict));
  });
  box.append(h('p', {}, `Your ${saved.fn} from the exercise packs the ${d.values.length} values decoded above; its bytes should be the file's.`), run, result);
  return box;
}
