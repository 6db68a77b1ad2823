import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { fromWire, toWire } from '../../src/grading/wire.ts';
import { parseHarnessResult, runSource, runSourceLiteral, setupSource, wrapModule, watchBuiltins } from '../../src/runner/harness.ts';

/** The names a run script passes to __qc_run. */
function namesOf(source: string): unknown {
  const ctx = vm.createContext({});
  vm.runInContext('globalThis.__qc_run = (input, names) => { globalThis.names = names; };', ctx);
  vm.runInContext(source, ctx);
  return vm.runInContext('names', ctx);
}

describe('runSourceLiteral', () => {
  const calls = [
    { fn: 'f', args: [[1.5, -0, NaN, Infinity, -Infinity, 1e-320, 1e21], new Float32Array([0.1, -0, NaN]), new Uint8Array([0, 255]), 'a "quoted"\nline\u2028', undefined, null, true] },
    { fn: 'g', args: [{ nested: { deep: [new Int16Array([-3])] } }] },
  ];
  const wire = toWire(calls);
  it('builds in the realm the values the wire JSON holds, specials and typed arrays included', () => {
    const ctx = vm.createContext({});
    vm.runInContext('globalThis.__qc_run = (input, names) => { globalThis.got = input; globalThis.names = names; };', ctx);
    new vm.Script(runSourceLiteral(fromWire(wire), ['f', 'g'])).runInContext(ctx);
    // The realm's own toWire would see the same values: compare through JSON of the realm's objects.
    const back = vm.runInContext(`(${toWire.toString()})(got)`, ctx) as string;
    expect(back).toBe(wire);
    expect(vm.runInContext('names', ctx)).toBe('f,g');
    expect(vm.runInContext('got[0].args[1] instanceof Float32Array && got[0].args[2] instanceof Uint8Array', ctx)).toBe(true);
  });
  it('builds new objects at every evaluation, so a realm that changes its input changes no other', () => {
    const script = new vm.Script(runSourceLiteral([{ fn: 'f', args: [[1, 2, 3]] }], ['f']));
    const realms = [vm.createContext({}), vm.createContext({})];
    for (const ctx of realms) vm.runInContext('globalThis.__qc_run = (input) => { globalThis.got = input; };', ctx);
    script.runInContext(realms[0]!);
    vm.runInContext('got[0].args[0][0] = 99', realms[0]!);
    script.runInContext(realms[1]!);
    script.runInContext(realms[0]!);
    expect(vm.runInContext('got[0].args[0][0]', realms[0]!)).toBe(1);
    expect(vm.runInContext('got[0].args[0][0]', realms[1]!)).toBe(1);
  });
  it('writes a "__proto__" key as an own property, as JSON.parse does', () => {
    const ctx = vm.createContext({});
    vm.runInContext('globalThis.__qc_run = (input) => { globalThis.got = input; };', ctx);
    vm.runInContext(runSourceLiteral([JSON.parse('{"__proto__": 1, "a": 2}')], ['f']), ctx);
    expect(vm.runInContext('Object.getPrototypeOf(got[0]) === Object.prototype && Object.keys(got[0]).join()', ctx)).toBe('__proto__,a');
  });
  it('passes the same names as runSource', () => {
    expect(namesOf(runSource('[]', ['a', 'b']))).toBe('a,b');
    expect(namesOf(runSourceLiteral([], ['a', 'b']))).toBe('a,b');
  });
  it('refuses what it cannot write', () => {
    expect(() => runSourceLiteral([new Map()], ['f'])).toThrow(/cannot write/);
    expect(() => runSourceLiteral([() => 1], ['f'])).toThrow(/cannot write/);
  });
});

describe('watchBuiltins from outside the realm', () => {
  it('names replaced, added and deleted built-ins and runs none of the realm\'s code', () => {
    const ctx = vm.createContext(vm.constants.DONT_CONTEXTIFY);
    const changed = watchBuiltins(ctx);
    expect(changed()).toEqual([]);
    vm.runInContext(`
      globalThis.hits = 0;
      Array.prototype.map = function () { return []; };
      Object.defineProperty(Math, 'abs', { get() { globalThis.hits++; return () => 0; }, configurable: true });
      Object.prototype.extra = 1;
      delete JSON.stringify;
      globalThis.Reflect = new Proxy({}, { ownKeys() { globalThis.hits++; return []; } });
    `, ctx);
    const names = changed();
    expect(names).toEqual(expect.arrayContaining(['Reflect', 'Array.prototype.map', 'Math.abs', 'Object.prototype.extra', 'JSON.stringify']));
    expect(vm.runInContext('hits', ctx)).toBe(0);
  });
});

describe('the harness as the browser runs it (its own tamper check, wire JSON input)', () => {
  const run = (code: string) => {
    const ctx = vm.createContext({}, { microtaskMode: 'afterEvaluate' });
    vm.runInContext(setupSource(), ctx);
    vm.runInContext(wrapModule(code), ctx, { filename: 'submission.js' });
    vm.runInContext(runSource(toWire([{ fn: 'f', args: [2] }, { fn: 'f', args: [NaN] }]), ['f']), ctx, { timeout: 30_000 }); // bounds a hang, not a speed
    return parseHarnessResult(vm.runInContext('__qc_result()', ctx) as string);
  };
  it('loads the module in the run, calls every case and reports values', () => {
    const r = run('exports.f = (x) => [x * 2, -0];');
    expect(r.outcomes).toEqual([{ ok: true, value: [4, -0] }, { ok: true, value: [NaN, -0] }]);
    expect(r.tampered).toEqual([]);
    expect(r.loadError).toBeUndefined();
  });
  it('names tampered built-ins and a module that throws while loading', () => {
    expect(run('Array.prototype.map = () => []; exports.f = (x) => x;').tampered).toEqual(['Array.prototype.map']);
    const r = run('throw new TypeError("at load");');
    expect(r.loadError).toMatchObject({ name: 'TypeError', message: 'at load', line: 1 });
  });
});
