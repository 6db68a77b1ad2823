/** The grading pipeline's public surface, shared by the site, the command line and the tests. */
export { exerciseSchema } from './exercise-schema.ts';
export { defineExercise, toleranceFor, type Assessment, type AssessmentGroup, type CaseInput, type Exercise, type ExerciseInput, type Tolerance } from './exercise.ts';
export { prepareCases, generateHidden, inputsOf, type PreparedCase } from './cases.ts';
export { expectedFor } from './reference.ts';
export { compareOutputs, show, describe, type Difference } from './compare.ts';
export { judge, label, callText, type Verdict, type CaseResult, type SandboxReport, type CallOutcome, type Problem, type SourcePosition } from './verdict.ts';
export { isTieSensitive } from './ties.ts';
export { toWire, fromWire } from './wire.ts';
export { gradeSubmission, runCallsOf, DEFAULT_TIMEOUT_MS, type GradeOptions, type GradeTimings } from './grade.ts';
export { sandboxReportOf } from './run-report.ts';
export type { CompileResult, CompiledCode, CompletedRun, RunCall, RunCalls, RunLimits, Runner, RunReport, RunRequest, StartedRun, StoppedRun } from './run-contract.ts';
