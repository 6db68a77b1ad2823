/**
 * `npm start`: build the site, serve it with `astro preview` on 127.0.0.1, and once the server is up
 * say plainly which URL to open (BASE_PATH included: Astro prints it with the base, and that line is
 * the one repeated), since Astro's own banner comes after the whole build log.
 * Extra arguments go to `astro preview` (e.g. `npm start -- --port 8080`).
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The first local URL in `astro preview`'s output ("┃ Local    http://127.0.0.1:4321/course/"), colours stripped. */
export function localUrl(output: string): string | undefined {
  const plain = output.replace(/\u001b\[[0-9;]*m/g, '');
  return /Local\s+(https?:\/\/\S+)/.exec(plain)?.[1];
}

async function start(): Promise<number> {
  const astro = path.join(ROOT, 'node_modules', '.bin', 'astro');
  const build = spawnSync(astro, ['build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) return build.status ?? 1;
  const preview = spawn(astro, ['preview', '--host', '127.0.0.1', ...process.argv.slice(2)], { cwd: ROOT, stdio: ['inherit', 'pipe', 'inherit'] });
  let seen = '';
  let told = false;
  preview.stdout.on('data', (chunk: Buffer) => {
    process.stdout.write(chunk);
    if (told) return;
    seen += chunk.toString();
    const url = localUrl(seen);
    if (url) {
      told = true;
      process.stdout.write(`\n  The course is served at:  ${url}\n  Open it in a browser. Ctrl+C stops the server.\n\n`);
    }
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => preview.kill(signal));
  return new Promise((resolve) => preview.on('exit', (code) => resolve(code ?? 0)));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = await start();
