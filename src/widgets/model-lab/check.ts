/** The lab's exercise in the widget: "Check my quantizeBlocks" at the exercise's settings, judged by the lab as the grader does. */
import { QUANTIZER_CHECK_SETTINGS, QUANTIZER_TOLERANCE } from '../../../exercises/lab-quantizer/settings.ts';
import { checkQuantizerOnModel, savedQuantizer } from '../../lab/index.ts';
import { h } from '../shared/dom.ts';
import { button } from '../shared/controls.ts';
import { NO_CODE, type LabContext } from './context.ts';
import { intLabel, klText } from './format.ts';

/** The check's section and its button. */
export function checkSection(ctx: LabContext): { section: HTMLElement; buttons: HTMLButtonElement[] } {
  const checkBtn = button('Check my quantizeBlocks', 'check', () => void ctx.guarded(checkQuantizer));
  const checkBox = h('div', { class: 'ml-check', 'data-role': 'check-result' });
  const tol = QUANTIZER_TOLERANCE;
  const settingsText = QUANTIZER_CHECK_SETTINGS.map((s) => intLabel(s.bits, s.blockSize, s.scheme)).join('; ');
  const section = h('section', { class: 'ml-section', 'aria-label': 'Check your quantizeBlocks' },
    h('p', { class: 'ml-head' }, 'The lab\'s exercise: check your quantizeBlocks'),
    h('p', {}, `Your quantizeBlocks passes when, at each of these settings (${settingsText}), the model quantized with it has a perplexity at most ${tol.perplexityRel * 100}% above the one the course's quantizer gives, and a mean KL at most ${tol.klAbs} plus ${tol.klRel * 100}% above the course's. Doing better is fine.`),
    h('div', { class: 'fw-row' }, checkBtn), checkBox);

  async function checkQuantizer(): Promise<void> {
    const saved = savedQuantizer();
    if (!saved) throw new Error(NO_CODE);
    const settings = QUANTIZER_CHECK_SETTINGS;
    const total = 2 * settings.length;
    checkBox.replaceChildren();
    const label = (i: number) => intLabel(settings[i]!.bits, settings[i]!.blockSize, settings[i]!.scheme);
    const checks = await checkQuantizerOnModel(settings, {
      async course(recipe, i) {
        ctx.step(2 * i, total, `The course's quantizer, ${label(i)}`);
        return (await ctx.reference({ recipe, label: label(i), learner: false })).result;
      },
      async yours(recipe, i) {
        ctx.step(2 * i + 1, total, `Your quantizeBlocks, ${label(i)}`);
        return (await ctx.engine().evaluate(recipe, { code: saved.code })).result;
      },
    });
    const mark = (ok: boolean) => h('td', { class: ok ? 'ml-ok' : 'ml-bad' }, ok ? 'within' : 'too high');
    const rows = checks.map(({ check: v }, i) => h('tr', { 'data-passed': String(v.passed) },
      h('th', { scope: 'row' }, label(i)),
      h('td', {}, v.perplexity.reference.toFixed(3)), h('td', {}, v.perplexity.yours.toFixed(3)), mark(v.perplexity.ok),
      h('td', {}, klText(v.meanKl.reference)), h('td', {}, klText(v.meanKl.yours)), mark(v.meanKl.ok)));
    const passed = checks.filter((c) => c.check.passed).length;
    const ok = passed === settings.length;
    checkBox.replaceChildren(
      h('table', { class: 'fw-table ml-verdict' },
        h('thead', {}, h('tr', {}, ...['Setting', 'Course perplexity', 'Yours', '', 'Course mean KL', 'Yours', ''].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, ...rows)),
      h('p', { class: ok ? 'ml-ok' : 'ml-bad', 'data-role': 'check-verdict', 'data-passed': String(ok) },
        ok ? `Passed: your quantizeBlocks matches the course's at all ${settings.length} settings.`
          : `Not yet: ${settings.length - passed} of ${settings.length} settings are outside the tolerance. Compare your code with the rules in the exercise (scale, zero point, rounding, the range of the codes).`));
    ctx.status.textContent = ok ? 'Your quantizeBlocks passed the lab\'s check.' : 'Your quantizeBlocks did not pass the lab\'s check yet.';
    ctx.say(ctx.status.textContent);
  }

  return { section, buttons: [checkBtn] };
}
