/**
 * The sandbox-side harness, as script source text. Both runners evaluate the same three scripts in
 * a fresh realm (a node `vm` context or a browser Worker):
 *   1. SETUP_SOURCE: captures the built-ins the harness needs, installs a capped console, records
 *      a snapshot of the built-ins, defines the `__qc_*` entry points;
 *   2. the learner's module via `wrapModule(code)`, which keeps the compiled code's line numbers
 *      (this only hands the module's factory to the harness: none of the learner's code runs yet);
 *   3. RUN_SOURCE: loads the module, calls every case (awaiting promises), then checks built-ins
 *      for tampering. All of the learner's code runs here, under the runner's time limit.
 * The harness sees inputs only (wire JSON); expected values never enter the realm.
 */
import { MAX_LOG_BYTES, MAX_LOG_LINES } from '../grading/run-contract.ts';
import { fromWire, toWire } from '../grading/wire.ts';

/** The file name learner code runs under, so stack frames can be told apart from the harness's. */
export const SUBMISSION_FILE = 'submission.js';

/** An error thrown in the sandbox, with its position in the compiled code when the stack gave one. */
export interface HarnessError {
  name: string;
  message: string;
  line?: number;
  column?: number;
}

/** What a run reports, as parseHarnessResult returns it. */
export interface HarnessResult {
  outcomes: ({ ok: true; value: unknown } | { ok: false; error: HarnessError })[];
  logs: string[];
  flooded: boolean;
  tampered: string[];
  missing: string[];
  loadError?: HarnessError;
  /** Why the returned values could not be serialized back (a cycle, a BigInt, a function, too deep). */
  unreturnable?: string;
}

/**
 * What RUN_SOURCE leaves in `__qc_result()` (wire JSON of this shape): the returned values in one list
 * (null where a call threw) and the errors apart, with the index of their call. A list of plain numbers
 * (or of plain data) then crosses through the wire encoder's fast paths, which matters in a fresh realm
 * where the encoder runs cold.
 */
interface WireHarnessResult extends Omit<HarnessResult, 'outcomes'> {
  values: unknown[];
  errors: (HarnessError & { at: number })[];
}

/**
 * The tamper check: record the own property descriptors (value, getter, setter) of the global's
 * watched bindings, of each watched built-in and of its prototype; the returned function names what
 * changed since (at most 10). Call it on a pristine realm, before any learner code runs. Self-contained
 * (the sandbox embeds its source): it reads descriptors only, so it never runs a getter, and it
 * touches no proxy (the objects it walks are the original built-ins), so it runs none of the
 * learner's code even when called from outside the realm. A realm is fresh for every submission, so
 * inside one this runs cold (interpreted): flat arrays, captured functions, and a property's name
 * built only when that property changed.
 */
export function watchBuiltins(g: any): () => string[] {
  const O = Object, R = Reflect;
  const getDesc = O.getOwnPropertyDescriptor, ownKeys = R.ownKeys;
  const watched = [
    'Object', 'Function', 'Array', 'Number', 'String', 'Boolean', 'Symbol', 'Math', 'JSON', 'Reflect', 'Promise',
    'Map', 'Set', 'WeakMap', 'WeakSet', 'Date', 'RegExp', 'Error', 'TypeError', 'RangeError', 'ArrayBuffer', 'DataView',
    'Float64Array', 'Float32Array', 'Int32Array', 'Uint32Array', 'Int16Array', 'Uint16Array', 'Int8Array', 'Uint8Array',
    'Uint8ClampedArray', 'BigInt', 'parseInt', 'parseFloat', 'isNaN', 'isFinite',
  ];
  const is = O.is, toStr = String;
  const typedArrayProto = O.getPrototypeOf(g.Uint8Array.prototype);
  const labels: string[] = [];
  const objects: object[] = [];
  const watch = (label: string, obj: any) => {
    if (obj === null || (typeof obj !== 'object' && typeof obj !== 'function')) return;
    labels[labels.length] = label;
    objects[objects.length] = obj;
  };
  for (let i = 0; i < watched.length; i++) {
    const v = g[watched[i]!];
    watch(watched[i]!, v);
    if (typeof v === 'function' && v.prototype) watch(`${watched[i]}.prototype`, v.prototype);
  }
  watch('TypedArray.prototype', typedArrayProto);
  // Per watched object: its own keys, and value/get/set of each key in a flat array.
  const record = (obj: object, vals: unknown[]): PropertyKey[] => {
    const keys = ownKeys(obj);
    for (let i = 0, n = 0; i < keys.length; i++, n += 3) {
      const d = getDesc(obj, keys[i]!)!;
      vals[n] = d.value;
      vals[n + 1] = d.get;
      vals[n + 2] = d.set;
    }
    return keys;
  };
  const globalVals: unknown[] = [];
  const recordGlobal = (vals: unknown[]) => {
    for (let i = 0, n = 0; i < watched.length; i++, n += 3) {
      const d = getDesc(g, watched[i]!);
      vals[n] = d && d.value;
      vals[n + 1] = d && d.get;
      vals[n + 2] = d && d.set;
    }
  };
  recordGlobal(globalVals);
  const beforeKeys: PropertyKey[][] = [];
  const beforeVals: unknown[][] = [];
  for (let i = 0; i < objects.length; i++) {
    beforeVals[i] = [];
    beforeKeys[i] = record(objects[i]!, beforeVals[i]!);
  }
  const same = (a: unknown[], i: number, b: unknown[], j: number) => is(a[i], b[j]) && a[i + 1] === b[j + 1] && a[i + 2] === b[j + 2];
  return (): string[] => {
    const out: string[] = [];
    const add = (name: string) => {
      if (out.length >= 10) return;
      for (let i = 0; i < out.length; i++) if (out[i] === name) return;
      out[out.length] = name;
    };
    const nowGlobal: unknown[] = [];
    recordGlobal(nowGlobal);
    for (let i = 0, n = 0; i < watched.length; i++, n += 3) if (!same(globalVals, n, nowGlobal, n)) add(watched[i]!);
    for (let o = 0; o < objects.length && out.length < 10; o++) {
      const keys = beforeKeys[o]!, vals = beforeVals[o]!;
      const nowVals: unknown[] = [];
      const now = record(objects[o]!, nowVals);
      let sameKeys = now.length === keys.length;
      for (let i = 0; sameKeys && i < keys.length; i++) sameKeys = now[i] === keys[i];
      if (sameKeys) {
        for (let i = 0, n = 0; i < keys.length; i++, n += 3) if (!same(vals, n, nowVals, n)) add(`${labels[o]}.${toStr(keys[i])}`);
        continue;
      }
      // Keys were added, deleted or reordered: match them by name.
      for (let i = 0; i < now.length; i++) {
        let k = 0;
        while (k < keys.length && keys[k] !== now[i]) k++;
        if (k === keys.length || !same(vals, 3 * k, nowVals, 3 * i)) add(`${labels[o]}.${toStr(now[i])}`);
      }
      for (let k = 0; k < keys.length; k++) {
        let i = 0;
        while (i < now.length && now[i] !== keys[k]) i++;
        if (i === now.length) add(`${labels[o]}.${toStr(keys[k])}`);
      }
    }
    return out;
  };
}

// Written as a function so it is type-checked; its source text is what the sandbox evaluates.
// It must not reference anything outside itself except the injected `toWire`/`fromWire`.
function setup(g: any, wireOut: (v: unknown, space?: number, negZeroText?: boolean) => string, wireIn: (s: string) => unknown, watch: ((g: any) => () => string[]) | null, file: string, maxLogBytes: number, maxLogLines: number): void {
  const defineProp = Object.defineProperty;
  // Without a watcher the runner checks built-ins itself, from outside the realm.
  const tamperedSince = watch ? watch(g) : () => [];

  const logs: string[] = [];
  let logBytes = 0, flooded = false;
  // Past the cap, printing throws: a loop that prints stops there rather than running on (unprinted)
  // to the time limit, and the run stops after that case (see __qc_run): a flood is one verdict.
  const floodError = () => new RangeError(`console output limit reached (${maxLogBytes} bytes)`);
  const text = (x: unknown): string => {
    if (typeof x === 'string') return x;
    try { return wireOut(x) ?? String(x); } catch { return String(x); }
  };
  const log = (...args: unknown[]) => {
    if (flooded) throw floodError();
    const line = args.map(text).join(' ');
    logBytes += line.length + 1;
    if (logBytes > maxLogBytes) { flooded = true; throw floodError(); }
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

  // Defining the module only stores its factory: evaluating the wrapped module runs none of the
  // learner's code, so a runner may do it without a time limit. The module loads in __qc_run.
  let factory: ((module: unknown, exports: unknown) => void) | undefined;
  fix('__qc_define', (f: (module: unknown, exports: unknown) => void) => { factory = f; });
  const load = () => {
    const f = factory;
    if (!f) return;
    factory = undefined;
    const module = { exports: {} as any };
    try { f.call(undefined, module, module.exports); } catch (e) { loadError = errorOf(e); }
    moduleExports = module.exports;
  };
  // The messages engines use when an allocation is refused (report.ts names the problem from them).
  const outOfMemory = /Array buffer allocation failed|Invalid array length|Invalid typed array length|Invalid string length|out of memory|Maximum call stack size exceeded/i;
  fix('__qc_progress', () => progress);
  fix('__qc_result', () => result);
  fix('__qc_run', async (input: unknown, names: string) => {
    // Wire JSON of the calls, or the calls themselves (runSourceLiteral builds them in this realm).
    const calls = (typeof input === 'string' ? wireIn(input) : input) as { fn: string; args: unknown[]; argsAfter?: boolean }[];
    load();
    const missing = names.split(',').filter((n) => typeof moduleExports?.[n] !== 'function');
    const values: unknown[] = [];
    const errors: WireHarnessResult['errors'] = [];
    if (!loadError && missing.length === 0) {
      for (let i = 0; i < calls.length; i++) {
        progress = i;
        onProgress?.(i);
        const c = calls[i]!;
        try {
          let v = moduleExports[c.fn](...c.args);
          if (v !== null && typeof v === 'object' && typeof v.then === 'function') v = await v;
          // The arguments as the call left them, for a case that checks they are unchanged.
          values[i] = c.argsAfter ? { returned: v, args: c.args } : v;
        } catch (e) {
          values[i] = null;
          const error = errorOf(e);
          errors[errors.length] = { at: i, ...error };
          // Out of memory (or stack): the run's verdict is memory whatever the other cases do, and
          // running them would allocate to the limit again, case after case, until the time limit.
          if (error.name === 'RangeError' && outOfMemory.test(error.message)) break;
        }
        if (flooded) break;
      }
    }
    progress = -1;
    const out: WireHarnessResult = { values, errors, logs, flooded, tampered: tamperedSince(), missing };
    // Left out rather than undefined: one tag anywhere makes the reader walk the whole report.
    if (loadError) out.loadError = loadError;
    try {
      result = wireOut(out, undefined, true);
    } catch (e) {
      result = wireOut({ values: [], errors: [], logs, flooded, tampered: tamperedSince(), missing: [], unreturnable: errorOf(e).message } satisfies WireHarnessResult);
    }
  });
}

/**
 * Evaluate once per realm, before the learner's code. The wire functions are instantiated with the
 * built-ins captured now, so a submission that replaces JSON or Array.from cannot forge the report.
 * `checkBuiltins: false` leaves the tamper check to the runner, which then runs `watchBuiltins` on the
 * realm's global from outside (where it runs optimized) and reports `tampered` itself.
 */
export function setupSource(opts: { checkBuiltins?: boolean } = {}): string {
  const bound = (fn: string) =>
    `(function (JSON, Number, ArrayBuffer, Object, Array) { return (${fn}); })(J, N, AB, O, A)`;
  return `(function (g) {
  const J = { stringify: JSON.stringify, parse: JSON.parse, rawJSON: JSON.rawJSON }, N = { isNaN: Number.isNaN, isInteger: Number.isInteger, isFinite: Number.isFinite };
  const AB = { isView: ArrayBuffer.isView }, O = { prototype: Object.prototype, keys: Object.keys, getPrototypeOf: Object.getPrototypeOf, create: Object.create };
  const A = { isArray: Array.isArray, from: Array.from };
  (${setup.toString()})(g, ${bound(toWire.toString())}, ${bound(fromWire.toString())}, ${opts.checkBuiltins === false ? 'null' : `(${watchBuiltins.toString()})`}, ${JSON.stringify(SUBMISSION_FILE)}, ${MAX_LOG_BYTES}, ${MAX_LOG_LINES});
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

/**
 * Like runSource, with the calls written as a JavaScript literal instead of wire JSON: evaluating the
 * script builds them (typed arrays, NaN, ±Infinity, −0 included) before any learner code runs, and a
 * runner that keeps the compiled script builds them again in each new realm faster than JSON.parse
 * and a walk. For trusted data only: plain objects and arrays, numbers, strings, booleans, null,
 * undefined and typed arrays (what fromWire returns).
 */
export function runSourceLiteral(calls: unknown, names: readonly string[]): string {
  const typed = new Set(['Float64Array', 'Float32Array', 'Int32Array', 'Uint32Array', 'Int16Array', 'Uint16Array', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray']);
  const num = (n: number) => (Object.is(n, -0) ? '-0' : n !== n ? '(0/0)' : n === Infinity ? '(1/0)' : n === -Infinity ? '(-1/0)' : String(n));
  const lit = (v: unknown, depth: number): string => {
    if (depth > 200) throw new TypeError('runSourceLiteral: the value is nested too deeply');
    if (typeof v === 'number') return num(v);
    if (typeof v === 'string' || typeof v === 'boolean' || v === null) return JSON.stringify(v);
    if (v === undefined) return 'void 0';
    if (ArrayBuffer.isView(v)) {
      const name = Object.prototype.toString.call(v).slice(8, -1);
      if (!typed.has(name)) throw new TypeError(`runSourceLiteral: cannot write a ${name}`);
      return `new ${name}([${Array.from(v as unknown as ArrayLike<number>, num).join(',')}])`;
    }
    if (Array.isArray(v)) return `[${v.map((x) => lit(x, depth + 1)).join(',')}]`;
    if (typeof v === 'object' && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null)) {
      // "__proto__": value would set the prototype; a computed key defines the own property JSON.parse does.
      const key = (k: string) => (k === '__proto__' ? '["__proto__"]' : JSON.stringify(k));
      return `{${Object.keys(v).map((k) => `${key(k)}:${lit((v as Record<string, unknown>)[k], depth + 1)}`).join(',')}}`;
    }
    throw new TypeError(`runSourceLiteral: cannot write ${Object.prototype.toString.call(v)}`);
  };
  return `__qc_run(${lit(calls, 0)}, ${JSON.stringify(names.join(','))});`;
}

/** Parse what `__qc_result()` returned. */
export function parseHarnessResult(text: string): HarnessResult {
  const { values, errors, ...rest } = fromWire(text) as WireHarnessResult;
  const outcomes: HarnessResult['outcomes'] = values.map((value) => ({ ok: true, value }));
  for (const { at, ...error } of errors) outcomes[at] = { ok: false, error };
  return { outcomes, ...rest };
}
