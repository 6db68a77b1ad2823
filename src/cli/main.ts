/**
 * The `quantcourse` command line: grade submissions, merge sharded results, print test vectors,
 * list exercises, check the content, scaffold lessons and exercises, read GGUF files. Exit codes: 0 success (for grade: every submission passed), 1 a
 * failing submission or content problem, 2 a usage error (unknown id, missing file, bad option).
 */
import { parseArgs } from 'node:util';
import { UsageError } from './submissions.ts';
import { helpAsked, OptionError, usageOf } from './usage.ts';

const HELP = `quantcourse — grade and check the quantization course's exercises

Usage:
  quantcourse grade <exercise-id> <file.ts>...     grade files for one exercise
  quantcourse grade --all <dir> [--exercise ID]    grade a class: <dir>/<student>/<exercise-id>.ts
  quantcourse merge <results.json>... [--json FILE|-] [--report FILE] [--junit FILE] [--gradescope FILE]
                                                   combine the --json outputs of --shard jobs
  quantcourse report <results.json>... -o FILE     the class report: one HTML file to open in a browser
  quantcourse vectors <exercise-id> --seed N [--count K] [--examples]
                                                   cases (inputs and expected outputs) as JSON
  quantcourse list [--json]                        the exercises
  quantcourse check [<exercise-id>...]             prove the content sound: lessons, solutions, starters, ties
  quantcourse new lesson <slug> [--after <slug>]   scaffold lessons/<slug>.mdx, listed in lessons/course.yaml
  quantcourse new exercise <slug> [--lesson <slug>]
                                                   scaffold an exercise, its starter and solution
  quantcourse docs                                 the fields of an exercise definition
  quantcourse gguf <file.gguf> [--json]            what a GGUF holds: metadata, tensors, size by type
  quantcourse gguf <file.gguf> --tensor NAME --dequantize -o out.f32
                                                   one tensor's values, decoded by the course's codecs
  quantcourse gguf export --scheme S -o FILE       the lab model as a GGUF llama.cpp runs (S: f32, q4_0, q2_K, …),
                                                   and which tensor got which type
  quantcourse gguf export --learner FILE.ts --bits B --block-size 32 --scheme symmetric|asymmetric -o FILE
                                                   the lab model quantized by your quantizeBlocks (run in the
                                                   grader's sandbox) as a GGUF: Q4_0, Q5_0, Q8_0, Q4_1 or Q5_1
  quantcourse --version                            the version
  quantcourse <command> --help                     one command's usage

Options for grade:
  --seed S         seed of the hidden cases, any string (keep a secret one; default: random, printed)
  --exercise ID    with --all: grade only this exercise (a student without it gets 0, "no submission")
  --timeout MS     wall-clock limit per submission (default 2000, or the exercise's own timeoutMs)
  --jobs N         sandbox processes in parallel (default: number of cores, at most 4)
  --shard I/N      grade only share I of N of the students (for CI matrices)
  --json           print results as compact JSON on stdout instead of a table (failed cases in full)
  --cases          with --json: every case, passed ones too
  --report FILE    also write the class report (one self-contained HTML file)
  --junit FILE     also write JUnit XML
  --gradescope FILE  also write Gradescope results.json

A class folder's <id>.ts or <id>.js files are graded, at any depth of a student's folder; every other
file is listed with the reason, and a student with nothing gradable gets a row worth 0 saying why.
Report files are checked before grading; an option's value may start with a dash (--seed -5).

Exit code: 0 when every submission passed, 1 when any failed, 2 on a usage error or when a report
file could not be written (the others are written and the results printed).

Options for gguf:
  --json           print { version, alignment, metadata, tensors: [{ name, type, shape, offset, bytes }] };
                   shape is in ggml order (ne0, the row length, first), offset is absolute in the file;
                   64-bit integers are JSON numbers when exact (|n| <= 2^53 - 1), else decimal strings
  --tensor NAME --dequantize -o FILE
                   write the tensor's values as little-endian float32, in ggml order
  Exit code: 0 done, 1 not a readable GGUF (the message says why), 2 usage (no such file, option or
  tensor), 3 the tensor's type has no codec in the course (it is listed, never misread).

The instructor guide is docs/INSTRUCTORS.md.
`;

/** Run the CLI with arguments (without node and script); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const usage = usageOf(command);
  if (usage && helpAsked(rest, usage.valued)) {
    process.stdout.write(usage.text);
    return 0;
  }
  try {
    switch (command) {
      case 'grade': {
        const { values, positionals } = parse(rest, {
          all: { type: 'string' }, exercise: { type: 'string' }, seed: { type: 'string' }, timeout: { type: 'string' },
          jobs: { type: 'string' }, shard: { type: 'string' }, json: { type: 'boolean' }, junit: { type: 'string' }, gradescope: { type: 'string' },
          cases: { type: 'boolean' }, report: { type: 'string' },
        });
        const { gradeCommand } = await import('./commands/grade.ts');
        return await gradeCommand({
          all: values.all as string | undefined,
          exercise: (values.exercise as string | undefined) ?? (values.all ? undefined : positionals[0]),
          files: values.all ? [] : positionals.slice(1),
          seed: values.seed as string | undefined,
          timeout: int(values.timeout, '--timeout', 50, 600_000),
          jobs: int(values.jobs, '--jobs', 1, 64),
          shard: values.shard as string | undefined,
          json: values.json as boolean | undefined,
          junit: values.junit as string | undefined,
          gradescope: values.gradescope as string | undefined,
          cases: values.cases as boolean | undefined,
          report: values.report as string | undefined,
        });
      }
      case 'merge': {
        const { values, positionals } = parse(rest, { json: { type: 'string' }, junit: { type: 'string' }, gradescope: { type: 'string' }, report: { type: 'string' }, cases: { type: 'boolean' } });
        const { mergeCommand } = await import('./commands/merge.ts');
        return await mergeCommand({ files: positionals, json: values.json as string | undefined, junit: values.junit as string | undefined, gradescope: values.gradescope as string | undefined, report: values.report as string | undefined, cases: values.cases as boolean | undefined });
      }
      case 'report': {
        const { values, positionals } = parse(rest, { output: { type: 'string', short: 'o' } });
        const { reportCommand } = await import('./commands/report.ts');
        return await reportCommand({ files: positionals, output: values.output as string | undefined });
      }
      case 'vectors': {
        const { values, positionals } = parse(rest, { seed: { type: 'string' }, count: { type: 'string' }, examples: { type: 'boolean' } });
        const { vectorsCommand } = await import('./commands/vectors.ts');
        return await vectorsCommand({ exercise: positionals[0], seed: values.seed as string | undefined, count: int(values.count, '--count', 0, 100_000), examples: values.examples as boolean | undefined });
      }
      case 'list': {
        const { values } = parse(rest, { json: { type: 'boolean' } });
        const { listCommand } = await import('./commands/list.ts');
        return await listCommand({ json: values.json as boolean | undefined });
      }
      case 'check': {
        const { positionals } = parse(rest, {});
        const { assertExerciseId } = await import('./content.ts');
        for (const id of positionals) assertExerciseId(id); // a typo is a usage error, before anything is checked
        const { checkCommand } = await import('./commands/check.ts');
        return await checkCommand({ ids: positionals });
      }
      case 'new': {
        const { values, positionals } = parse(rest, { lesson: { type: 'string' }, after: { type: 'string' }, order: { type: 'string' } });
        const { newExercise, newLesson } = await import('./commands/new.ts');
        const [kind, slug, extra] = positionals;
        if (extra !== undefined) throw new UsageError(`new takes one slug (got "${slug}" and "${extra}")`);
        if (values.order !== undefined) throw new UsageError('--order is gone: a lesson\'s place is its line in lessons/course.yaml (new lesson <slug> --after <slug>)');
        if (kind === 'lesson') newLesson(slug, undefined, values.after as string | undefined);
        else if (kind === 'exercise') {
          if (values.after !== undefined) throw new UsageError('--after is for `new lesson`; an exercise sits where its lesson places it');
          newExercise(slug, values.lesson as string | undefined);
        }
        else throw new UsageError('Usage: quantcourse new lesson <slug> | quantcourse new exercise <slug> [--lesson <slug>]');
        return 0;
      }
      case 'gguf': {
        if (rest[0] === 'export') {
          const { values, positionals } = parse(rest.slice(1), { scheme: { type: 'string' }, output: { type: 'string', short: 'o' }, learner: { type: 'string' }, bits: { type: 'string' }, 'block-size': { type: 'string' } });
          if (positionals.length) throw new UsageError(`gguf export takes no file argument (got "${positionals[0]}"); write with -o FILE`);
          const { ggufExportCommand, ggufExportLearnerCommand } = await import('./commands/gguf-export.ts');
          const str = (k: string) => values[k] as string | undefined;
          if (values.learner !== undefined) return await ggufExportLearnerCommand({ learner: str('learner')!, bits: str('bits'), blockSize: str('block-size'), scheme: str('scheme'), output: str('output') });
          if (values.bits !== undefined || values['block-size'] !== undefined) throw new UsageError('--bits and --block-size go with --learner FILE (your quantizeBlocks); the lab\'s schemes take --scheme alone');
          return ggufExportCommand({ scheme: str('scheme'), output: str('output') });
        }
        const { values, positionals } = parse(rest, { json: { type: 'boolean' }, tensor: { type: 'string' }, dequantize: { type: 'boolean' }, output: { type: 'string', short: 'o' } });
        if (positionals.length > 1) throw new UsageError(`gguf reads one file (got ${positionals.length}: ${positionals.join(', ')})`);
        const { ggufCommand } = await import('./commands/gguf.ts');
        return await ggufCommand({
          file: positionals[0], json: values.json as boolean | undefined, tensor: values.tensor as string | undefined,
          dequantize: values.dequantize as boolean | undefined, output: values.output as string | undefined,
        });
      }
      case 'docs': {
        const { docsCommand } = await import('./commands/docs.ts');
        return docsCommand();
      }
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(HELP);
        return 0;
      case '--version': {
        const { readFileSync } = await import('node:fs');
        process.stdout.write(`quantcourse ${JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version}\n`);
        return 0;
      }
      case undefined:
        process.stderr.write(HELP);
        return 2;
      default:
        throw new UsageError(`Unknown command "${command}". Commands: grade, merge, report, vectors, list, check, new, docs, gguf (see quantcourse --help).`);
    }
  } catch (e) {
    // An unknown exercise id (UnknownExerciseError) is a usage error too. content.ts is loaded only by
    // the commands that read the course: it brings the lab and the manifest reader (~40 MB), which
    // merge, report and gguf never use.
    if (e instanceof UsageError) {
      process.stderr.write(`quantcourse: ${e.message}\n`);
      if (e instanceof OptionError && usage) process.stderr.write(`\n${usage.text}`);
      return 2;
    }
    throw e;
  }
}

type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

function parse(args: string[], options: OptionSpec) {
  try {
    return parseArgs({ args: attachValues(args, options), options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new OptionError((e as Error).message.replace(/\. To specify.*$/s, ''));
  }
}

/**
 * `--seed -5` as `--seed=-5`: an option that takes a value takes the next argument as it is, even one
 * starting with a dash (parseArgs would refuse it as ambiguous). A seed can be any string.
 */
export function attachValues(args: readonly string[], options: OptionSpec): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') return [...out, ...args.slice(i)];
    const name = a.startsWith('--') ? a.slice(2) : undefined;
    if (name !== undefined && options[name]?.type === 'string' && i + 1 < args.length) out.push(`${a}=${args[++i]}`);
    else out.push(a);
  }
  return out;
}

function int(v: unknown, name: string, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${name} takes a whole number from ${min} to ${max} (got "${String(v)}")`);
  return n;
}
