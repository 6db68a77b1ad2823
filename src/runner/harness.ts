/**
 * The sandbox-side harness, as script source text. Both runners evaluate the same three scripts in
 * a fresh realm (a node `vm` context or a browser Worker):
 *   1. SETUP_SOURCE: captures the built-ins the harness needs, installs a capped console, records
 *      a snapshot of the built-ins, defines the `__qc_*` entry points;
 *   2. the learner's module via `wrapModule(code)`, which keeps the compiled code's line numbers;
 *   3. RUN_SOURCE: calls every case (awaiting promises), then checks built-ins for tampering.
 * The harness sees inputs only (wire JSON); expected values never enter the realm.
 */
import { fromWire, toWire } from '../grading/wire.ts';

/** The file name learner code runs under, so stack frames can be told apart from the harness's. */
export const SUBMISSION_FILE = 'submission.js';

/** Console output a submission may print before it counts as flooding. */
export const MAX_LOG_BYTES = 1 << 20;
/** Console lines kept for display. */
export const MAX_LOG_LINES = 200;

/** What RUN_SOURCE leaves in `__qc_result()` (wire JSON of this shape). */
export interface HarnessResult {
  outcomes: ({ ok: true; value: unknown } | { ok: false; error: { name: string; message: string; line?: number; column?: number } })[];
  logs: string[];
  flooded: boolean;
  tampered: string[];
  missing: string[];
  loadError?: { name: string; message: string; line?: number; column?: number };
}

// Written as a function so it is type-checked; its source text is what the sandbox evaluates.
// It must not reference anything outside itself except the injected `toWire`/`fromWire`.
function setup(g: any, wireOut: (v: unknown) => string, wireIn: (s: string) => unknown, file: string, maxLogBytes: number, maxLogLines: number): void {
  const O = Object, A = Array, R = Reflect;
  const getDesc = O.getOwnPropertyDescriptor, ownKeys = R.ownKeys, defineProp = O.defineProperty;

  const watched = [
    'Object', 'Function', 'Array', 'Number', 'String', 'Boolean', 'Symbol', 'Math', 'JSON', 'Reflect', 'Promise',
    'Map', 'Set', 'WeakMap', 'WeakSet', 'Date', 'RegExp', 'Error', 'TypeError', 'RangeError', 'ArrayBuffer', 'DataView',
    'Float64Array', 'Float32Array', 'Int32Array', 'Uint32Array', 'Int16Array', 'Uint16Array', 'Int8Array', 'Uint8Array',
    'Uint8ClampedArray', 'BigInt', 'parseInt', 'parseFloat', 'isNaN', 'isFinite',
  ];
  const typedArrayProto = O.getPrototypeOf(Uint8Array.prototype);
  const snapshot = (): Map<string, unknown> => {
    const m = new Map<string, unknown>();
    const record = (label: string, obj: any) => {
      if (obj === null || (typeof obj !== 'object' && typeof obj !== 'function')) return;
      for (const k of ownKeys(obj)) {
        const d = getDesc(obj, k)!;
        const name = `${label}.${String(k)}`;
        m.set(name + ':v', d.value);
        m.set(name + ':g', d.get);
        m.set(name + ':s', d.set);
      }
    };
    for (const name of watched) {
      const v = g[name];
      m.set(name, v);
      record(name, v);
      if (typeof v === 'function' && v.prototype) record(`${name}.prototype`, v.prototype);
    }
    record('TypedArray.prototype', typedArrayProto);
    return m;
  };
  const before = snapshot();
  const tamperedSince = (): string[] => {
    const after = snapshot();
    const out: string[] = [];
    for (const [k, v] of after) if (!before.has(k) || !O.is(before.get(k), v)) out.push(k.replace(/:[vgs]$/, ''));
    for (const k of before.keys()) if (!after.has(k)) out.push(k.replace(/:[vgs]$/, ''));
    return A.from(new Set(out)).slice(0, 10);
  };

  const logs: string[] = [];
  let logBytes = 0, flooded = false;
  const text = (x: unknown): string => {
    if (typeof x === 'string') return x;
    try { return wireOut(x) ?? String(x); } catch { return String(x); }
  };
  const log = (...args: unknown[]) => {
    if (flooded) return;
    const line = args.map(text).join(' ');
    logBytes += line.length + 1;
    if (logBytes > maxLogBytes) { flooded = true; return; }
    if (logs.length < maxLogLines) logs.push(line.length > 2000 ? line.slice(0, 2000) + '…' : line);
  };
  g.console = { log, info: log, warn: log, error: log, debug: log, trace: log, table: log, dir: log };

  const where = (e: any): { line?: number; column?: number } => {
    const stack = typeof e?.stack === 'string' ? e.stack : '';
    const re = new RegExp(file.replace('.', '\\.') + ':(\\d+):(\\d+)');
    const m = re.exec(stack);
    return m ? { line: +m[1]!, column: +m[2]! } : {};
  };
  const errorOf = (e: any) => {
    let name = 'Error', message = '';
    try {
      name = typeof e?.name === 'string' ? e.name : typeof e;
      message = typeof e?.message === 'string' ? e.message : String(e);
    } catch { message = '(an error that could not be described)'; }
    return { name, message: message.slice(0, 500), ...where(e) };
  };

  let moduleExports: any = null;
  let loadError: ReturnType<typeof errorOf> | undefined;
  let result: string | null = null;
  let progress = -1;
  // A runner may ask to hear which case is running (the browser posts it, throttled, so that a
  // run stopped from outside can still say where it was).
  const onProgress: ((i: number) => void) | undefined = typeof g.__qc_onprogress === 'function' ? g.__qc_onprogress : undefined;
  const fix = (name: string, value: unknown) => defineProp(g, name, { value, writable: false, configurable: false, enumerable: false });

  fix('__qc_define', (factory: (module: unknown, exports: unknown) => void) => {
    const module = { exports: {} as any };
    try { factory.call(undefined, module, module.exports); } catch (e) { loadError = errorOf(e); }
    moduleExports = module.exports;
  });
  fix('__qc_progress', () => progress);
  fix('__qc_result', () => result);
  fix('__qc_run', async (input: string, names: string) => {
    const calls = wireIn(input) as { fn: string; args: unknown[] }[];
    const missing = names.split(',').filter((n) => typeof moduleExports?.[n] !== 'function');
    const outcomes: HarnessResult['outcomes'] = [];
    if (!loadError && missing.length === 0) {
      for (let i = 0; i < calls.length; i++) {
        progress = i;
        onProgress?.(i);
        const c = calls[i]!;
        try {
          let v = moduleExports[c.fn](...c.args);
          if (v !== null && typeof v === 'object' && typeof v.then === 'function') v = await v;
          outcomes.push({ ok: true, value: v });
        } catch (e) {
          outcomes.push({ ok: false, error: errorOf(e) });
        }
      }
    }
    progress = -1;
    const out: HarnessResult = { outcomes, logs, flooded, tampered: tamperedSince(), missing, loadError };
    try {
      result = wireOut(out);
    } catch (e) {
      result = wireOut({ outcomes: [], logs, flooded, tampered: tamperedSince(), missing: [], loadError: { name: 'TypeError', message: 'a returned value could not be serialized (a cycle, a BigInt or a function?): ' + errorOf(e).message } });
    }
  });
}

/**
 * Evaluate once per realm, before the learner's code. The wire functions are instantiated with the
 * built-ins captured now, so a submission that replaces JSON or Array.from cannot forge the report.
 */
export function setupSource(): string {
  const bound = (fn: string) =>
    `(function (JSON, Number, ArrayBuffer, Object, Array) { return (${fn}); })(J, N, AB, O, A)`;
  return `(function (g) {
  const J = { stringify: JSON.stringify, parse: JSON.parse }, N = { isNaN: Number.isNaN, isInteger: Number.isInteger };
  const AB = { isView: ArrayBuffer.isView }, O = { prototype: Object.prototype, keys: Object.keys, getPrototypeOf: Object.getPrototypeOf };
  const A = { isArray: Array.isArray, from: Array.from };
  (${setup.toString()})(g, ${bound(toWire.toString())}, ${bound(fromWire.toString())}, ${JSON.stringify(SUBMISSION_FILE)}, ${MAX_LOG_BYTES}, ${MAX_LOG_LINES});
})(globalThis);`;
}

/** The learner's compiled CommonJS module, wrapped on its first line so line numbers stay put. */
export function wrapModule(code: string): string {
  return `__qc_define(function (module, exports) {${code}\n});`;
}

/** Column offset the wrapper adds to the first line of the learner's compiled code. */
export const WRAP_COLUMN_OFFSET = '__qc_define(function (module, exports) {'.length;

/** Source that starts the run; `input` is wire JSON of the calls, `names` the required exports. */
export function runSource(input: string, names: readonly string[]): string {
  return `__qc_run(${JSON.stringify(input)}, ${JSON.stringify(names.join(','))});`;
}

/** Parse what `__qc_result()` returned. */
export function parseHarnessResult(text: string): HarnessResult {
  return fromWire(text) as HarnessResult;
}
