/**
 * Asymmetric grid (lessons/asymmetric-quantization.mdx): values mapped onto qmin…qmax with a scale and a zero point (marked on
 * the grid), then back; a toggle appends the outlier 10 so every other value falls into one or two
 * integers. Props: values (default the essay's six), bits (2–8, default 4), outlierOn (default false).
 */
import type { MountWidget } from '../types.ts';
import { guardedMount } from '../shared/guarded-mount.ts';
import { mountGridWidget } from '../shared/quant-grid-widget.ts';

const mount: MountWidget = (root, props) => guardedMount(root, () => mountGridWidget(root, props, { scheme: 'asymmetric', outlier: 10 }));

export default mount;
