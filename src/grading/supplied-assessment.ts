/**
 * Assessments the front door supplies. A spec stays plain data (no I/O when it is imported): it
 * names the assessment and its parameters, and the command-line grader or the course page registers
 * the code that makes it (the lab's quantizer assessment needs the course model, read from disk in
 * Node and fetched by a page).
 */
import type { Assessment } from './exercise.ts';

/** Makes an assessment from a spec's parameters; a page's maker may load its code first. */
export type AssessmentMaker = (params: unknown) => Assessment | Promise<Assessment>;

const makers = new Map<string, AssessmentMaker>();

/** Register how the assessment `name` is made here (the front door does this before grading). */
export function supplyAssessment(name: string, make: AssessmentMaker): void {
  makers.set(name, make);
}

/**
 * The assessment `name` with `params`, made by whatever the front door supplied, when it is first
 * needed. A maker that answers later (a page loading the lab) must be awaited through `prepare`.
 */
export function suppliedAssessment(name: string, params?: unknown): Assessment {
  let made: Assessment | null = null;
  let failure: unknown = null;
  const make = () => {
    const maker = makers.get(name);
    if (!maker) throw new Error(`this exercise's assessment "${name}" is supplied by the course's grader (the quantcourse command or the course's page), and none was supplied here`);
    return maker(params);
  };
  return {
    async prepare() {
      try {
        made ??= await make();
      } catch (e) {
        // Reported by the run that needs the groups, as that run's problem.
        failure = e;
        return;
      }
      await made.prepare?.();
    },
    groups() {
      if (failure) throw failure;
      if (!made) {
        const m = make();
        if (m instanceof Promise) throw new Error(`this exercise's assessment "${name}" is still loading: run again in a moment`);
        made = m;
      }
      return made.groups();
    },
  };
}
