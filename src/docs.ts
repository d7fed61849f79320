import { FLAGS } from './cli-args.js';
import { appliesEverywhere, CATALOG } from './saf/catalog.js';
import { FAULT_LIST } from './scenarios/faults.js';
import { MAGIC_CERT_NUMBERS, MAGIC_NAME_FIELDS, MAGIC_NAME_PREFIX } from './scenarios/magic.js';
import { CLOUDAUTH_CATALOG } from './cloudauth/catalog.js';
import { CLOUDAUTH_MAGIC_PARAMS } from './cloudauth/decide.js';
import { DURATION_BUCKETS, MAX_SERIES, METRIC_LIST, OVERFLOW } from './metrics/catalog.js';
import { AFTER_STEPS, STEPS } from './pipeline/chain.js';

/** README sections generated from data: `<!-- generated:NAME -->` … `<!-- /generated:NAME -->`. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

export function scenarioTable(): string {
  const rows = CATALOG.filter((e) => e.service !== 'fin_face_verify').map(
    (e) =>
      `| \`${e.id}\` | ${appliesEverywhere(e) ? 'any' : e.service} | ${appliesEverywhere(e) ? 'any' : e.methods.join(', ')} | ${e.code} | ${e.resultCode ?? ''} | ${cell(e.message)} | ${e.unified.code} ${cell(e.unified.message)} |`,
  );
  return ['| id | service | methods | Code | resultCode | Message (detailed) | unified Code / Message |', '|---|---|---|---|---|---|---|', ...rows].join('\n');
}

/** SAF fin_face_verify: its own codes (numeric) and the verification results a query answers. */
export function finScenarioTable(): string {
  const rows = CATALOG.filter((e) => e.service === 'fin_face_verify').map(
    (e) => `| \`${e.id}\` | ${e.methods.join(', ')} | ${e.code} | ${cell(e.message)} | ${e.passed ? `\`Data.passed\` ${e.passed}` : ''} | ${cell(e.description)} |`,
  );
  return ['| id | methods | Code | Message | result | when |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

/** Cloudauth 2019-03-07: every documented body code and SubCode, with the actions each applies to. */
export function cloudauthScenarioTable(): string {
  const rows = CLOUDAUTH_CATALOG.map(
    (e) =>
      `| \`${e.id}\` | ${e.actions.join(', ')} | \`"${e.code}"\` | ${e.subCode ? `${e.subCode} (Passed ${e.passed})` : ''} | ${cell(e.message)} | ${cell(e.messageEn)} | ${cell(e.description)} |`,
  );
  return ['| id | actions | Code | SubCode | Message | Message (en) | when |', '|---|---|---|---|---|---|---|', ...rows].join('\n');
}

export function magicTable(): string {
  const rows = MAGIC_CERT_NUMBERS.map((m) => `| \`${m.certNumber}\` | \`${m.scenario}\` |`);
  return [
    `Any ${MAGIC_NAME_FIELDS.map((f) => `\`${f}\``).join(', ')} of the form \`${MAGIC_NAME_PREFIX}<id>\` in ServiceParameters selects catalog entry \`<id>\`; for Cloudauth, the first of ${CLOUDAUTH_MAGIC_PARAMS.map((f) => `\`${f}\``).join(', ')} with that form. Reserved ID numbers (valid check digits, face_verify):`,
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

/** The metrics of GET /__saf/metrics, from their typed table (src/metrics/catalog.ts). */
export function metricsTable(): string {
  return [
    '| metric | type | labels | meaning |',
    '|---|---|---|---|',
    ...METRIC_LIST.map((m) => `| \`${m.name}\` | ${m.type} | ${m.labels.map((l) => `\`${l}\``).join(', ')} | ${cell(m.help)} |`),
    '',
    `Latency buckets (seconds): ${DURATION_BUCKETS.join(', ')}. At most ${MAX_SERIES} label sets per metric: should a metric reach them (e.g. thousands of fixture rules), further ones are counted under one series whose labels are all \`${OVERFLOW}\`.`,
  ].join('\n');
}

/** What each gateway step does, by its name in src/pipeline/chain.ts (the order comes from there). */
const STEP_DOCS: Readonly<Record<string, string>> = {
  params: 'query ∪ form body (and an ACS3 JSON body) decoded; until this is done, errors (body over the limit, malformed encoding) answer in the `Format` the query asks for',
  format: '`Format` (`JSON`/`XML` in any case; without it XML for RPC v1, JSON for ACS3) and the HTTP method',
  authenticate: "missing common parameters, API lookup (`Action` + `Version`), AccessKeyId, signature method, timestamp window, signature, then the nonce (claimed only once the signature verified); a verified key's RequestId comes from its own (seeded) sequence",
  'mock headers': '`x-saf-mock-scenario`, `x-saf-mock-fault`, `x-saf-mock-delay` (a malformed one is refused, never ignored)',
  'required params': "the API's own required parameters (`ExecuteRequest`: `Service`, `ServiceParameters`)",
  proxy: 'with `--proxy`, the live endpoint answers instead (and `--record` keeps the answer as a fixture rule)',
  'resolve call': "the product turns the parameters into a typed call (`Service`, `ServiceParameters`; a Cloudauth action's own parameters), or answers itself when they are unusable",
  decide: 'which answer: the scenario header, a magic value, a fixture rule, or the default',
  delay: 'a delay asked for by a header or a fixture rule',
  fault: 'a fault asked for by a header or a fixture rule answers instead of the product',
  answer: "the product answers (its default path or the chosen catalog entry), or a fixture rule's own body",
};

/** The after-steps: they run once the answer is rendered, whatever happened, and never change it. */
const AFTER_STEP_DOCS: Readonly<Record<string, string>> = {
  journal: "the request into the journal (`GET /__saf/requests`, the dashboard): secrets and photos elided, ID numbers masked, the server's string-to-sign when the signature failed",
  log: 'one line with `--log-requests` (see [Logs](#logs))',
  metrics: 'the counters and latency histogram of `GET /__saf/metrics` (see [Metrics](#metrics)), in memory: no I/O',
};

function stepDoc(docs: Readonly<Record<string, string>>, name: string): string {
  const doc = docs[name];
  if (doc === undefined) throw new Error(`src/docs.ts has no README text for the gateway step "${name}"`);
  return doc;
}

/** The gateway's order of steps, from STEPS and AFTER_STEPS. */
export function pipelineList(): string {
  return [
    ...STEPS.map((step, i) => `${i + 1}. **${step.name}**: ${stepDoc(STEP_DOCS, step.name)}`),
    '',
    'Then, always (also after an error, a fault or an exception):',
    '',
    ...AFTER_STEPS.map((step) => `- **${step.name}**: ${stepDoc(AFTER_STEP_DOCS, step.name)}`),
  ].join('\n');
}

export const GENERATED_SECTIONS: Record<string, () => string> = {
  scenarios: scenarioTable,
  'fin-scenarios': finScenarioTable,
  'cloudauth-scenarios': cloudauthScenarioTable,
  magic: magicTable,
  faults: faultTable,
  flags: flagTable,
  metrics: metricsTable,
  pipeline: pipelineList,
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
