/**
 * `npm run bench`: the project's speed and size figures, printed as tables.
 *   node bench/run.ts            every section
 *   node bench/run.ts core cli   only some (core, cli, site)
 * Targets live here, not in the tests: a slow machine must not fail CI.
 */
const sections: Record<string, () => Promise<void>> = {
  core: async () => (await import('./core.ts')).benchCore(),
  cli: async () => (await import('./cli.ts')).benchCli(),
  site: async () => (await import('./site.ts')).benchSite(),
  lab: async () => (await import('./lab.ts')).benchLab(),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
for (const name of wanted.length ? wanted : Object.keys(sections)) {
  const run = sections[name];
  if (!run) {
    console.error(`Unknown bench section "${name}". Sections: ${Object.keys(sections).join(', ')}`);
    process.exit(2);
  }
  await run();
}
export {};
