/**
 * The GGUF inspector page's wiring: a file comes from the picker or a drop, the worker reads it (by
 * slices: the file never leaves the browser), and the page shows the header, then a chosen tensor's
 * block and histogram, with a progress bar and a Cancel for the decode.
 */
import { canDequantize, type GgufFile } from '../../core/index.ts';
import { fmt, h } from '../../widgets/shared/dom.ts';
import { blockView } from './block-view.ts';
import { formatCount } from './format.ts';
import { histogramSvg } from './histogram-view.ts';
import { learnerPanel } from './learner-panel.ts';
import { metadataTable } from './metadata-view.ts';
import type { DecodeResult, InspectReply, InspectRequest } from './protocol.ts';
import { tensorTable } from './tensor-table.ts';
import { totalsView } from './totals-view.ts';

const $ = <T extends HTMLElement>(root: ParentNode, role: string) => root.querySelector<T>(`[data-role="${role}"]`)!;

/** Wire the inspector inside `root` (the page's main element). */
export function wireInspector(root: HTMLElement, packLessonHref: string): void {
  const input = $<HTMLInputElement>(root, 'file-input');
  const drop = $(root, 'drop-zone');
  const status = $(root, 'status');
  const results = $(root, 'results');
  const worker = new Worker(new URL('./inspect.worker.ts', import.meta.url), { type: 'module', name: 'quantcourse-gguf' });
  const send = (m: InspectRequest) => worker.postMessage(m);
  let file: GgufFile | null = null;
  let job = 0, running = -1, tensor = -1;
  let mark: (i: number) => void = () => {};

  const say = (text: string, error = false) => {
    status.textContent = text;
    status.classList.toggle('gi-error', error);
  };

  function open(f: File): void {
    file = null;
    tensor = -1;
    if (running >= 0) send({ kind: 'cancel', job: running });
    running = -1;
    results.replaceChildren();
    say(`Reading the header of ${f.name}…`);
    send({ kind: 'open', file: f });
  }

  input.addEventListener('change', () => { if (input.files?.[0]) open(input.files[0]); });
  // Drag and drop: the zone takes the drop, and so does the whole page (dropping beside it is a near miss, not a navigation).
  for (const ev of ['dragenter', 'dragover'] as const) root.addEventListener(ev, (e) => { e.preventDefault(); drop.classList.add('gi-over'); });
  root.addEventListener('dragleave', (e) => { if (e.target === drop) drop.classList.remove('gi-over'); });
  root.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('gi-over');
    const f = e.dataTransfer?.files?.[0];
    if (f) open(f);
    else say('That drop held no file: drop a .gguf file from your disk.', true);
  });

  // The tensor section, filled when the header arrives.
  const tensorHead = h('h2', { id: 'tensor-heading', tabindex: -1 }, 'Tensor');
  const tensorNote = h('p', { 'data-role': 'tensor-note' });
  const blockInput = h('input', { id: 'block-index', type: 'number', min: 0, value: 0, class: 'gi-block-input', 'data-role': 'block-input' });
  const blockCount = h('span', { 'data-role': 'block-count' });
  const blockBox = h('div', { 'data-role': 'block-box' });
  const progress = h('progress', { 'data-role': 'progress', max: 1, value: 0, 'aria-label': 'Decoding progress' });
  const progressText = h('span', { 'data-role': 'progress-text', 'aria-live': 'polite' });
  const cancel = h('button', { type: 'button', class: 'btn', 'data-action': 'cancel' }, 'Cancel');
  const again = h('button', { type: 'button', class: 'btn', 'data-action': 'decode' }, 'Decode the whole tensor');
  const progressRow = h('p', { class: 'gi-progress', 'data-role': 'progress-row' }, progress, ' ', progressText, ' ', cancel, again);
  const histBox = h('figure', { class: 'gi-hist', 'data-role': 'histogram-box' });
  const tensorSection = h('section', { 'aria-labelledby': 'tensor-heading', 'data-role': 'tensor', hidden: true },
    tensorHead, tensorNote,
    h('h3', {}, 'One block'),
    h('p', {}, h('label', { for: 'block-index' }, 'Block number '), blockInput, ' ', blockCount),
    blockBox,
    h('h3', {}, 'All its weights, dequantized'), progressRow, histBox);

  blockInput.addEventListener('change', () => { if (tensor >= 0) send({ kind: 'block', tensor, block: Number(blockInput.value) || 0 }); });
  cancel.addEventListener('click', () => {
    if (running < 0) return;
    send({ kind: 'cancel', job: running });
    progressText.textContent = 'Cancelling…';
  });
  again.addEventListener('click', () => { if (tensor >= 0) decode(); });

  function decode(): void {
    const t = file!.tensors[tensor]!;
    if (running >= 0) send({ kind: 'cancel', job: running });
    histBox.replaceChildren();
    if (!canDequantize(t.type.name)) {
      running = -1;
      progressRow.hidden = true;
      histBox.append(h('p', { 'data-role': 'not-decodable' }, `${t.type.name} tensors are not decodable here: the course has no codec for ${t.type.name}, so there is no histogram.`));
      return;
    }
    running = ++job;
    progressRow.hidden = false;
    progress.max = t.elements;
    progress.value = 0;
    progress.hidden = false;
    cancel.hidden = false;
    again.hidden = true;
    progressText.textContent = `Decoding ${formatCount(t.elements)} values…`;
    send({ kind: 'decode', job: running, tensor });
  }

  function choose(i: number): void {
    const t = file!.tensors[i]!;
    tensor = i;
    mark(i);
    tensorSection.hidden = false;
    tensorHead.textContent = `Tensor ${t.name}`;
    tensorNote.textContent = `${t.type.name}, shape [${t.shape.join(', ')}], ${formatCount(t.elements)} values in ${formatCount(t.bytes)} bytes at offset ${formatCount(t.offset)}.`;
    blockInput.value = '0';
    blockBox.replaceChildren();
    send({ kind: 'block', tensor: i, block: 0 });
    decode();
    tensorHead.focus();
  }

  function showHeader(f: GgufFile): void {
    file = f;
    const table = tensorTable(f.tensors, choose);
    mark = table.mark;
    const undecodable = [...new Set(f.tensors.map((t) => t.type.name).filter((n) => !canDequantize(n)))];
    results.replaceChildren(
      h('section', { 'aria-labelledby': 'totals-heading' }, h('h2', { id: 'totals-heading' }, 'Size'), totalsView(f),
        undecodable.length ? h('p', { 'data-role': 'undecodable' }, `Not decodable here: ${undecodable.join(', ')}. Their sizes are exact; their values cannot be shown, because the course has no codec for them.`) : null),
      h('section', { 'aria-labelledby': 'tensors-heading' }, h('h2', { id: 'tensors-heading' }, 'Tensors'),
        h('p', {}, 'Sort by a column with its heading; choose a tensor by its name to see one block and all its weights.'), table.el),
      tensorSection,
      h('section', { 'aria-labelledby': 'metadata-heading' }, h('h2', { id: 'metadata-heading' }, 'Metadata'), metadataTable(f.metadata)));
    tensorSection.hidden = true;
  }

  function showDecoded(r: DecodeResult): void {
    running = -1;
    progress.value = progress.max;
    cancel.hidden = true;
    again.hidden = true;
    const t = file!.tensors[r.tensor]!;
    const rate = r.ms > 0 ? ` in ${fmt(r.ms / 1000, 3)} s (${fmt(r.count / r.ms / 1000, 3)} M values/s on this machine)` : '';
    progressText.textContent = `Decoded ${formatCount(r.count)} values${rate}.`;
    const caption = `${t.name}: ${formatCount(r.count)} values from ${fmt(r.min, 5)} to ${fmt(r.max, 5)}, mean ${fmt(r.mean, 4)}, standard deviation ${fmt(r.std, 4)}`
      + (r.nonFinite ? `; ${formatCount(r.nonFinite)} values are NaN or infinite and are left out` : '') + '.';
    histBox.replaceChildren(histogramSvg(r.bars), h('figcaption', { 'data-role': 'histogram-caption' }, caption));
  }

  worker.onmessage = (ev: MessageEvent<InspectReply>) => {
    const m = ev.data;
    if (m.kind === 'header') {
      say(`Opened: ${formatCount(m.header.tensors.length)} tensors, ${formatCount(m.header.metadata.size)} metadata entries. Nothing was uploaded: the page read the file's bytes in this browser.`);
      showHeader(m.header);
    } else if (m.kind === 'error') {
      if (m.job !== undefined && m.job !== running) return;
      if (m.job !== undefined) {
        running = -1;
        progressText.textContent = `Stopped: ${m.message}`;
        cancel.hidden = true;
      } else say(file ? m.message : `This file cannot be read as GGUF: ${m.message}`, true);
    } else if (m.kind === 'block') {
      if (!file || m.data.tensor !== tensor) return;
      blockInput.max = String(m.data.blocks - 1);
      blockInput.value = String(m.data.block);
      blockCount.textContent = `of 0 to ${formatCount(m.data.blocks - 1)}`;
      blockBox.replaceChildren(blockView(file.tensors[tensor]!, m.data), learnerPanel(file.tensors[tensor]!, m.data, packLessonHref) ?? '');
    } else if (m.kind === 'progress') {
      if (m.job !== running) return;
      progress.value = m.done;
      progressText.textContent = `Decoded ${formatCount(m.done)} of ${formatCount(m.total)} values…`;
    } else if (m.kind === 'decoded') {
      if (m.result.job === running) showDecoded(m.result);
    } else if (m.kind === 'cancelled') {
      if (m.job !== running) return;
      running = -1;
      cancel.hidden = true;
      again.hidden = false;
      progressText.textContent = `Cancelled at ${formatCount(progress.value)} of ${formatCount(progress.max)} values.`;
    }
  };
  worker.onerror = (e) => say(`The inspector's worker failed: ${e.message}`, true);
}
