/**
 * Symmetric grid (lessons/symmetric-quantization.mdx): values mapped onto the integers −qmax…qmax with scale = max|v| / qmax,
 * then back, with an error table. Props: values (default the essay's six), bits (2–8, default 4).
 */
import type { MountWidget } from '../types.ts';
import { guardedMount } from '../shared/guarded-mount.ts';
import { mountGridWidget } from '../shared/quant-grid-widget.ts';

const mount: MountWidget = (root, props) => guardedMount(root, () => mountGridWidget(root, props, { scheme: 'symmetric' }));

export default mount;
