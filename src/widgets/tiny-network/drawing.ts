/** The network drawn in SVG: edges sized and dashed by weight, nodes that can be focused to inspect them. */
import { fmt, s } from '../shared/dom.ts';
import { HIDDEN, OUTPUT } from './network.ts';

/** A node's identity: its layer and index. */
export interface NodeId { layer: 'input' | 'hidden' | 'output'; index: number }

const W = 400, H = 250, R = 24;
const X = { input: 50, hidden: 200, output: 350 };
const ys = (n: number) => Array.from({ length: n }, (_, i) => H / 2 + (i - (n - 1) / 2) * 78);
const Y = { input: ys(2), hidden: ys(3), output: ys(1) };

/** Build the SVG; `onFocusNode` runs when a node is hovered or focused. Returns the svg and an update(activations). */
export function drawNetwork(onFocusNode: (id: NodeId) => void): { svg: SVGSVGElement; update: (x: number[], hidden: number[], out: number) => void } {
  const svg = s('svg', { class: 'fw-svg tn-svg', viewBox: `0 0 ${W} ${H}`, role: 'group', 'aria-label': 'The network: use Tab and the arrow keys to visit each node', 'data-role': 'network' });
  const edge = (x1: number, y1: number, x2: number, y2: number, w: number) =>
    s('line', { x1, y1, x2, y2, class: `tn-edge ${w < 0 ? 'tn-neg' : 'tn-pos'}`, 'stroke-width': 1 + 4 * Math.abs(w) });
  HIDDEN.forEach((u, j) => u.weights.forEach((w, i) => svg.append(edge(X.input, Y.input[i]!, X.hidden, Y.hidden[j]!, w))));
  OUTPUT.weights.forEach((w, j) => svg.append(edge(X.hidden, Y.hidden[j]!, X.output, Y.output[0]!, w)));
  const labels: SVGTextElement[] = [];
  const named: [SVGGElement, string][] = [];
  const nodes: [NodeId, number, number][] = [
    ...Y.input.map((y, i): [NodeId, number, number] => [{ layer: 'input', index: i }, X.input, y]),
    ...Y.hidden.map((y, i): [NodeId, number, number] => [{ layer: 'hidden', index: i }, X.hidden, y]),
    ...Y.output.map((y, i): [NodeId, number, number] => [{ layer: 'output', index: i }, X.output, y]),
  ];
  for (const [id, x, y] of nodes) {
    const value = s('text', { x, y: y + 5, 'text-anchor': 'middle', 'font-size': 14 });
    const name = id.layer === 'input' ? `input x${id.index + 1}` : id.layer === 'hidden' ? `hidden neuron ${id.index + 1}` : 'output';
    const g = s('g', { class: `tn-node tn-${id.layer}`, tabindex: -1, role: 'button', 'data-role': 'node', 'data-node': `${id.layer}-${id.index}` },
      s('circle', { cx: x, cy: y, r: R }), value);
    g.addEventListener('pointerenter', () => onFocusNode(id));
    g.addEventListener('focus', () => onFocusNode(id));
    g.addEventListener('click', () => onFocusNode(id));
    labels.push(value);
    named.push([g, name]);
    svg.append(g);
  }
  svg.append(
    s('text', { x: X.input, y: 16, 'text-anchor': 'middle', 'font-size': 13, class: 'fw-tick-label' }, 'inputs'),
    s('text', { x: X.hidden, y: 16, 'text-anchor': 'middle', 'font-size': 13, class: 'fw-tick-label' }, 'hidden (ReLU)'),
    s('text', { x: X.output, y: 16, 'text-anchor': 'middle', 'font-size': 13, class: 'fw-tick-label' }, 'output'),
  );
  return {
    svg,
    update(x, hidden, out) {
      [...x, ...hidden, out].forEach((v, k) => {
        labels[k]!.textContent = fmt(v, 2);
        // Named by the value it shows first, so a speech user can say what they see.
        const [g, name] = named[k]!;
        g.setAttribute('aria-label', `${fmt(v, 2)}: ${name}, show its parameters`);
      });
    },
  };
}

/** Styles of the drawing. */
export const NETWORK_CSS = `
.tn-svg { max-width: 520px; }
.tn-edge { stroke-linecap: round; }
.tn-pos { stroke: var(--fw-accent); opacity: 0.75; }
.tn-neg { stroke: var(--fw-sign); opacity: 0.75; stroke-dasharray: 6 4; }
.tn-node circle { fill: var(--fw-bg); stroke: var(--fw-fg); stroke-width: 1.5; }
.tn-node { cursor: pointer; outline: none; }
.tn-node:hover circle, .tn-node:focus circle { stroke: var(--fw-accent); stroke-width: 4; }
.tn-node:focus-visible circle { stroke-dasharray: 4 2; }
.tn-node.tn-active circle { fill: color-mix(in srgb, var(--fw-accent) 18%, var(--fw-bg)); }
.tn-info { margin: 0; min-height: 3em; }
`;
