/**
 * The plain data types an exercise spec is made of: the calls it asks for, its assessment, its
 * tolerances. Apart from ./exercise.ts so the schema and its defaults can name them without
 * importing the module that imports the schema.
 */

/** One call of a learner function: which function, with which arguments. */
export interface CaseInput {
  /** Name of the exported function to call. */
  fn: string;
  /** Positional arguments (plain JSON-like data, typed arrays allowed). */
  args: unknown[];
  /** A learner-facing description of the kind of case, e.g. "a block with one large outlier". */
  kind: string;
  /**
   * The sandbox also sends back the arguments as the call left them, and they must equal the ones it
   * was given: the output is then `{ returned, args }` on both sides. For a statement that says
   * "leave the input unchanged", which nothing else can see (each call gets its own copy of the inputs).
   */
  argsAfter?: boolean;
}

/** One group of sandbox calls judged together by an exercise's assessment (e.g. one setting over every matrix of a model). */
export interface AssessmentGroup {
  /** What the group measures, shown as its result's kind, e.g. "the course model at 4-bit asymmetric, blocks of 32". */
  kind: string;
  /** The calls the sandbox makes for this group, after the exercise's cases. */
  calls: { fn: string; args: unknown[] }[];
  /**
   * Judge the group's returned values (one per call, in order): null when they pass, else why not, in
   * words a learner can act on that name the group (the reason may be shown without the kind). May
   * answer later (a page measures the lab's model in workers).
   */
  judge(outputs: unknown[]): string | null | Promise<string | null>;
}

/**
 * A judgement of the submission as a whole, beyond its cases. The groups are fixed (they do not
 * depend on the seed); only their calls run in the sandbox, their judging happens outside it.
 */
export interface Assessment {
  /** The groups, in order. May read data (synchronously) the first time; should reuse it afterwards. */
  groups(): readonly AssessmentGroup[];
  /** Load what `groups` reads (a page fetches the course model); the page awaits it when it loads the spec. */
  prepare?(): Promise<void>;
}

/** Tolerance for comparing a float: |got − expected| ≤ abs + rel·|expected|. */
export interface FloatTolerance {
  rel: number;
  abs: number;
}

/**
 * How one output is compared: 'exact' (===: integers, bytes, booleans, strings; -0 equals 0),
 * 'identical' (Object.is: also tells -0 from +0, for float formats), or a float tolerance.
 */
export type Tolerance = 'exact' | 'identical' | FloatTolerance;
