#!/usr/bin/env node
// Entry point of the `quantcourse` command. The CLI is TypeScript run by Node's own type
// stripping, so it needs Node >= 22.18; npm and npx use the Node 24 pinned in devDependencies.
const [major, minor] = process.versions.node.split('.').map(Number);
if (!process.features?.typescript && (major < 22 || (major === 22 && minor < 18))) {
  process.stderr.write(
    `quantcourse needs Node >= 22.18 (this is ${process.version}). Run it as \`npx quantcourse ...\` inside the repository, which uses the project's pinned Node.\n`,
  );
  process.exit(2);
}
// Grading or merging a class allocates much short-lived data, and V8's defaults let the heap grow
// far past what is live (a 300-student grade peaked at 412 MB with ~60-90 MB live). A small young
// generation and a slower-growing old one bound it without capping it: these flags set no limit, so
// no class can run out of memory because of them (bench/README.md, "Class grading", has the figures).
// They only take effect at start-up, so the process re-executes itself with them, in place (same
// process id, exit code and signals); where Node cannot (Windows, Node < 22.15) it runs as it is.
const HEAP_FLAGS = ['--max-semi-space-size=4', '--heap-growing-percent=20'];
const CLASS_COMMANDS = new Set(['grade', 'merge', 'report']);
const flagsGiven = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((a) => /^--(max-semi-space-size|heap-growing-percent)\b/.test(a));
if (CLASS_COMMANDS.has(process.argv[2]) && !flagsGiven && typeof process.execve === 'function' && process.platform !== 'win32') {
  try {
    process.execve(process.execPath, [process.execPath, ...HEAP_FLAGS, ...process.execArgv, ...process.argv.slice(1)]);
  } catch {
    // Not re-executed (the platform refused): run as is, with V8's defaults.
  }
}
// `quantcourse list | head` closes the pipe early: that is not an error.
process.stdout.on('error', (e) => { if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0); else throw e; });
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
