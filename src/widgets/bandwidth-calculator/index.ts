/**
 * Bandwidth calculator (lessons/speed.mdx): generating a token reads every weight once, so tokens/s is at most
 * bandwidth ÷ model bytes (the core's tokensPerSecond). Sliders for parameters, bits per weight and
 * bandwidth, with presets for the essay's formats and machines, beside the essay's measured speeds.
 * Props: params (billions, default 9), bitsPerWeight (default 4.5), bandwidth (GB/s, default 400).
 */
import { modelBytes, tokensPerSecond } from '../../core/index.ts';
import type { MountWidget } from '../types.ts';
import { fmt, h, injectStyle, liveDescription } from '../shared/dom.ts';
import { choiceGroup, roleSlider } from '../shared/controls.ts';
import { guardedMount } from '../shared/guarded-mount.ts';
import { ESSAY_MODEL, ESSAY_RESULTS, MACHINES } from '../shared/quant-essay.ts';
import { pct } from '../shared/quant-props.ts';
import { useQuantStyle } from '../shared/quant-style.ts';
import { compare, measuredTable } from './measured.ts';

const CSS = `
.bw-result { font-size: 1.15rem; }
.bw-result strong { font-family: var(--fw-mono); font-size: 1.5rem; color: var(--fw-accent); }
.qw-table .bw-col { background: color-mix(in srgb, var(--fw-accent) 8%, transparent); }
.bw-sliders { display: grid; gap: 0.5rem; }
`;

/** A finite number prop within [min, max], or the fallback. */
function numberProp(prop: unknown, name: string, fallback: number, min: number, max: number): number {
  if (prop === undefined || prop === null || prop === '') return fallback;
  const n = Number(prop);
  if (!Number.isFinite(n) || n < min || n > max) throw new Error(`the "${name}" prop must be a number from ${min} to ${max}, got ${JSON.stringify(prop)}`);
  return n;
}

const mount: MountWidget = (root, props) => guardedMount(root, () => {
  useQuantStyle();
  injectStyle('bandwidth-calculator', CSS);
  let billions = numberProp(props.params, 'params', 9, 0.5, 1000);
  let bpw = numberProp(props.bitsPerWeight, 'bitsPerWeight', 4.5, 1, 32);
  let bandwidth = numberProp(props.bandwidth, 'bandwidth', 400, 10, 10000);

  const presetOf = () => ESSAY_RESULTS.find((r) => r.bitsPerWeight === bpw)?.type ?? '';
  const machineOf = () => MACHINES.find((m) => m.bandwidthGBs === bandwidth)?.id ?? '';
  const paramSlider = roleSlider({ label: 'Parameters (billions)', role: 'params', min: 0.5, max: 200, step: 0.5, value: billions, format: (v) => `${fmt(v)}B`, onInput: (v) => { billions = v; render(); } });
  const bpwSlider = roleSlider({ label: 'Bits per weight', role: 'bpw', min: 1, max: 16, step: 0.125, value: bpw, format: (v) => fmt(v, 5), onInput: (v) => { bpw = v; render(); } });
  const bwSlider = roleSlider({ label: 'Bandwidth (GB/s)', role: 'bandwidth', min: 50, max: 4000, step: 10, value: bandwidth, format: (v) => String(v), onInput: (v) => { bandwidth = v; render(); } });
  const bpwPresets = choiceGroup({ label: 'Format', role: 'bpw-preset', value: presetOf(), options: ESSAY_RESULTS.map((r) => ({ value: r.type, label: r.type })),
    onChange: (t) => { bpw = ESSAY_RESULTS.find((r) => r.type === t)!.bitsPerWeight; bpwSlider.set(bpw); render(); } });
  const machinePresets = choiceGroup<string>({ label: 'Machine', role: 'machine', value: machineOf(), options: MACHINES.map((m) => ({ value: m.id, label: `${m.name} (${m.bandwidthGBs.toLocaleString('en-US')} GB/s)` })),
    onChange: (id) => { bandwidth = MACHINES.find((m) => m.id === id)!.bandwidthGBs; bwSlider.set(bandwidth); render(); } });
  const result = h('p', { class: 'bw-result', 'data-role': 'result' });
  const versus = h('p', { 'data-role': 'versus' });
  const tableSlot = h('div', { class: 'fw-scroll' });
  const box = h('div', { class: 'fw qw' },
    h('div', { class: 'bw-sliders' }, paramSlider.el, bpwPresets.el, bpwSlider.el, machinePresets.el, bwSlider.el),
    result, versus, tableSlot,
    h('p', { class: 'qw-note' }, 'Measured speeds fall short of the bound: a token also reads activations and the KV cache, and unpacking takes compute. Q2_K is slower than Q4_0 although it is smaller: its unpacking is more work, and a Q2_K file keeps some tensors in larger formats.'));
  root.append(box);
  const setAlt = liveDescription(root);

  function render(): void {
    const params = billions * 1e9;
    const bytes = modelBytes(params, bpw);
    const tps = tokensPerSecond(params, bpw, bandwidth);
    const type = presetOf(), machine = machineOf();
    bpwPresets.set(type);
    machinePresets.set(machine);
    result.replaceChildren(`${fmt(billions)}B parameters × ${fmt(bpw, 5)} bits = ${fmt(bytes / 1e9, 4)} GB read per token; at ${bandwidth.toLocaleString('en-US')} GB/s that is at most `,
      h('strong', { 'data-role': 'ideal' }, fmt(tps, 4)), ' tokens/s.');
    let said = '';
    if (type && machine && billions === ESSAY_MODEL.params / 1e9) {
      const c = compare(type, machine);
      const m = MACHINES.find((x) => x.id === machine)!;
      said = `The essay measured ${c.measured.toFixed(2)} tokens/s for ${ESSAY_MODEL.name} in ${type} on the ${m.name}: ${pct(c.ratio, 0)} of this bound.`;
    } else {
      said = `Pick the 9B model, one of the essay’s formats and one of its machines to compare with a measured speed.`;
    }
    versus.textContent = said;
    tableSlot.replaceChildren(measuredTable(type || null, machine || null));
    setAlt(`${result.textContent} ${said}`);
  }
  render();
});

export default mount;
