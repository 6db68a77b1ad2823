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
// `quantcourse list | head` closes the pipe early: that is not an error.
process.stdout.on('error', (e) => { if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0); else throw e; });
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
