import { FLAGS } from './cli-args.js';
import { appliesEverywhere, CATALOG } from './saf/catalog.js';
import { FAULT_LIST } from './scenarios/faults.js';
import { MAGIC_CERT_NUMBERS, MAGIC_NAME_PREFIX } from './scenarios/magic.js';

/** README sections generated from data: `<!-- generated:NAME -->` … `<!-- /generated:NAME -->`. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

export function scenarioTable(): string {
  const rows = CATALOG.map(
    (e) =>
      `| \`${e.id}\` | ${appliesEverywhere(e) ? 'any' : e.service} | ${appliesEverywhere(e) ? 'any' : e.methods.join(', ')} | ${e.code} | ${e.resultCode ?? ''} | ${cell(e.message)} | ${e.unified.code} ${cell(e.unified.message)} |`,
  );
  return ['| id | service | methods | Code | resultCode | Message (detailed) | unified Code / Message |', '|---|---|---|---|---|---|---|', ...rows].join('\n');
}

export function magicTable(): string {
  const rows = MAGIC_CERT_NUMBERS.map((m) => `| \`${m.certNumber}\` | \`${m.scenario}\` |`);
  return [
    `Any \`name\` of the form \`${MAGIC_NAME_PREFIX}<id>\` selects catalog entry \`<id>\`. Reserved ID numbers (valid check digits):`,
    '',
    '| certNumber | scenario |',
    '|---|---|',
    ...rows,
  ].join('\n');
}

export function faultTable(): string {
  return ['| x-saf-mock-fault | what happens |', '|---|---|', ...FAULT_LIST.map((f) => `| \`${f.id}\` | ${cell(f.description)} |`)].join('\n');
}

export function flagTable(): string {
  return [
    '| flag | env | meaning |',
    '|---|---|---|',
    ...FLAGS.filter((f) => f.flag !== 'help').map((f) => `| \`--${f.flag}${f.arg ? ' ' + f.arg : ''}\` | ${f.env ? `\`${f.env}\`` : ''} | ${cell(f.help)} |`),
  ].join('\n');
}

export const GENERATED_SECTIONS: Record<string, () => string> = {
  scenarios: scenarioTable,
  magic: magicTable,
  faults: faultTable,
  flags: flagTable,
};

/** Replaces every generated section of a README text; unknown or unclosed markers are left as they are. */
export function renderReadme(readme: string): string {
  let out = readme;
  for (const [name, render] of Object.entries(GENERATED_SECTIONS)) {
    const open = `<!-- generated:${name} -->`;
    const close = `<!-- /generated:${name} -->`;
    const start = out.indexOf(open);
    const end = out.indexOf(close);
    if (start === -1 || end === -1 || end < start) continue;
    out = out.slice(0, start + open.length) + '\n' + render() + '\n' + out.slice(end);
  }
  return out;
}
