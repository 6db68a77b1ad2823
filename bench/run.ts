/**
 * `npm run bench`: the project's speed and size figures, printed as tables.
 *   node bench/run.ts            every section
 *   node bench/run.ts core cli   only some (core, cli, site, lab, lighthouse, gguf)
 * What each section prints, and the figures code comments cite, is in bench/README.md.
 * Targets live here, not in the tests: a slow machine must not fail CI.
 */
const sections: Record<string, () => Promise<void>> = {
  core: async () => (await import('./core.ts')).benchCore(),
  cli: async () => (await import('./cli.ts')).benchCli(),
  site: async () => (await import('./site.ts')).benchSite(),
  // Lighthouse alone (the site section runs it too): BENCH_LIGHTHOUSE=all for every lesson.
  lighthouse: async () => {
    const [{ lighthouseLessons, lighthousePages }, { ensureSite, ROOT_BUILD }] = await Promise.all([import('./lighthouse.ts'), import('../tools/site-harness/build.ts')]);
    ensureSite(ROOT_BUILD);
    await lighthouseLessons(ROOT_BUILD, lighthousePages());
  },
  lab: async () => (await import('./lab.ts')).benchLab(),
  gguf: async () => (await import('./gguf.ts')).benchGguf(),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
// The site section runs Lighthouse itself, so "every section" leaves the lighthouse one out.
for (const name of wanted.length ? wanted : Object.keys(sections).filter((n) => n !== 'lighthouse')) {
  const run = sections[name];
  if (!run) {
    console.error(`Unknown bench section "${name}". Sections: ${Object.keys(sections).join(', ')}`);
    process.exit(2);
  }
  await run();
}
export {};
