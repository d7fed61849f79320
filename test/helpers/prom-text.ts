/**
 * A small strict parser of the Prometheus text exposition format (0.0.4), for tests: every sample must belong
 * to a family declared by `# TYPE` before it (histogram samples by their `_bucket`, `_sum`, `_count`
 * suffixes), label values are quoted with \\, \" and \n escapes, values are numbers, ±Inf or NaN (any case, as Go's ParseFloat).
 * Anything else throws, naming the line.
 */
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface Family {
  readonly name: string;
  readonly type: string;
  help?: string;
  readonly samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

function parseValue(text: string, line: string): number {
  // Prometheus reads values with Go's ParseFloat: Inf and NaN in any letter case (prom-client writes `Nan`).
  if (/^\+?inf$/i.test(text)) return Infinity;
  if (/^-inf$/i.test(text)) return -Infinity;
  if (/^nan$/i.test(text)) return NaN;
  if (!/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw new Error(`bad value "${text}" in: ${line}`);
  return Number(text);
}

function parseLabels(text: string, line: string): { labels: Record<string, string>; rest: string } {
  const labels: Record<string, string> = {};
  let i = 1;
  while (text[i] !== '}') {
    const eq = text.indexOf('=', i);
    const name = text.slice(i, eq);
    if (eq < 0 || !LABEL.test(name) || text[eq + 1] !== '"') throw new Error(`bad label at ${i} in: ${line}`);
    if (name in labels) throw new Error(`label ${name} twice in: ${line}`);
    let value = '';
    let j = eq + 2;
    for (; text[j] !== '"'; j++) {
      if (j >= text.length) throw new Error(`unterminated label value in: ${line}`);
      if (text[j] === '\\') {
        const next = text[++j];
        if (next === 'n') value += '\n';
        else if (next === '\\' || next === '"') value += next;
        else throw new Error(`bad escape \\${next} in: ${line}`);
      } else value += text[j];
    }
    labels[name] = value;
    i = j + 1;
    if (text[i] === ',') i++;
    else if (text[i] !== '}') throw new Error(`expected , or } at ${i} in: ${line}`);
  }
  return { labels, rest: text.slice(i + 1) };
}

function familyOf(families: Map<string, Family>, sample: string): Family | undefined {
  const exact = families.get(sample);
  if (exact) return exact;
  const m = /^(.*)_(bucket|sum|count)$/.exec(sample);
  const base = m ? families.get(m[1]!) : undefined;
  return base && (base.type === 'histogram' || (base.type === 'summary' && m![2] !== 'bucket')) ? base : undefined;
}

export function parsePrometheusText(text: string): Map<string, Family> {
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a newline');
  const families = new Map<string, Family>();
  const typed = new Set<string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('#')) {
      const m = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (!m) continue; // a plain comment
      const [, kind, name, rest] = m as unknown as [string, string, string, string];
      if (!NAME.test(name)) throw new Error(`bad metric name in: ${line}`);
      const f = families.get(name);
      if (kind === 'TYPE') {
        if (!TYPES.has(rest)) throw new Error(`bad type in: ${line}`);
        if (typed.has(name)) throw new Error(`TYPE of ${name} twice`);
        if (f && f.samples.length > 0) throw new Error(`TYPE of ${name} after its samples`);
        typed.add(name);
        families.set(name, { name, type: rest, help: f?.help, samples: [] });
      } else {
        if (f?.help !== undefined) throw new Error(`HELP of ${name} twice`);
        if (f) f.help = rest;
        else families.set(name, { name, type: 'untyped', help: rest, samples: [] });
      }
      continue;
    }
    const nameEnd = line.search(/[{ ]/);
    const name = line.slice(0, nameEnd);
    if (nameEnd < 0 || !NAME.test(name)) throw new Error(`bad sample name in: ${line}`);
    const { labels, rest } = line[nameEnd] === '{' ? parseLabels(line.slice(nameEnd), line) : { labels: {}, rest: line.slice(nameEnd) };
    const parts = rest.trim().split(' ');
    if (!rest.startsWith(' ') || parts.length < 1 || parts.length > 2) throw new Error(`bad value part in: ${line}`);
    const family = familyOf(families, name);
    if (!family) throw new Error(`sample ${name} before its # TYPE`);
    family.samples.push({ name, labels, value: parseValue(parts[0]!, line) });
  }
  return families;
}

/** The one sample of `name` whose labels are exactly `labels`; undefined when there is none. */
export function sampleValue(families: Map<string, Family>, name: string, labels: Record<string, string> = {}): number | undefined {
  const family = familyOf(families, name);
  const want = JSON.stringify(Object.entries(labels).sort());
  const found = family?.samples.filter((s) => s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === want) ?? [];
  if (found.length > 1) throw new Error(`${name} ${want} appears ${found.length} times`);
  return found[0]?.value;
}
