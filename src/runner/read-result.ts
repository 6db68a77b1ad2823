/**
 * Read what the harness left in a realm (`__qc_result()`'s text) into a completed run report: the
 * errors' positions mapped back to the learner's source. Shared by the node and browser runners.
 */
import type { CompletedRun, RunReport } from '../grading/run-contract.ts';
import type { CallOutcome, LearnerError } from '../grading/verdict.ts';
import { parseHarnessResult, WRAP_COLUMN_OFFSET, type HarnessError } from './harness.ts';
import { decodeSourceMap, originalPosition, type DecodedMap } from './sourcemap.ts';

/**
 * The report of a run whose harness answered `text` (`mapJson`: the compile's source map); `tampered`
 * adds built-ins the runner found changed from outside the realm. Unreadable text is an 'unreadable' end.
 */
export function readResult(text: string, mapJson: string, durationMs?: number, tampered: readonly string[] = []): RunReport {
  try {
    const result = parseHarnessResult(text);
    const map = decodeSourceMap(mapJson);
    const outcomes: CallOutcome[] = result.outcomes.map((o) => (o.ok ? o : { ok: false, error: mappedError(o.error, map) }));
    const report: CompletedRun = {
      end: 'completed',
      outcomes,
      logs: result.logs,
      flooded: result.flooded,
      tampered: tampered.length > 0 ? [...tampered] : result.tampered,
      missing: result.missing,
      durationMs,
    };
    if (result.loadError) report.loadError = mappedError(result.loadError, map);
    if (result.unreturnable !== undefined) report.unreturnable = result.unreturnable;
    return report;
  } catch {
    return { end: 'unreadable' };
  }
}

function mappedError(e: HarnessError, map: DecodedMap): LearnerError {
  if (e.line === undefined) return { name: e.name, message: e.message };
  // The module wrapper sits on the first line, before the compiled code's first character.
  const column = e.line === 1 ? Math.max(1, (e.column ?? 1) - WRAP_COLUMN_OFFSET) : e.column ?? 1;
  return { name: e.name, message: e.message, at: originalPosition(map, e.line, column) };
}
