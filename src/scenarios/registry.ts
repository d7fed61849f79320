import { readdirSync, readFileSync, statSync, watch, type FSWatcher } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as Yaml from 'yaml';

/** `yaml` is loaded on the first YAML fixture file, not at start-up (it is ~20 ms of a cold start). */
let yaml: typeof Yaml | undefined;
function parseYaml(text: string): unknown {
  yaml ??= createRequire(import.meta.url)('yaml') as typeof Yaml;
  return yaml.parse(text);
}
import { FixtureError, loadRules, ruleMatches, type FixtureRule, type LoadedRule, type RuleRequest } from './rules.js';

const FIXTURE_FILE = /\.(json|ya?ml)$/i;

/** Reads every JSON/YAML file of a directory (sorted by name) into rules; the first bad file throws FixtureError. */
export function readFixtureDir(dir: string): LoadedRule[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => FIXTURE_FILE.test(n)).sort();
  } catch (e) {
    throw new FixtureError(dir, '', `cannot read fixtures directory: ${(e as Error).message}`);
  }
  const out: LoadedRule[] = [];
  for (const name of names) {
    const file = join(dir, name);
    if (!statSync(file).isFile()) continue;
    let doc: unknown;
    try {
      const text = readFileSync(file, 'utf8');
      doc = /\.json$/i.test(name) ? JSON.parse(text) : parseYaml(text);
    } catch (e) {
      throw new FixtureError(file, '', `not valid ${/\.json$/i.test(name) ? 'JSON' : 'YAML'}: ${(e as Error).message.split('\n')[0]}`);
    }
    out.push(...loadRules(doc, file, `file:${file}`, out.length));
  }
  return out;
}

export interface RuleView {
  id: string;
  source: string;
  scope: string | null;
  remaining: number | null;
  rule: FixtureRule;
}

/**
 * All fixture rules: those from --fixtures files (reloaded when they change) and those put through the
 * control API, globally or for one AccessKeyId. `times` counters are kept per AccessKeyId.
 */
export class FixtureRegistry {
  private fileRules: LoadedRule[] = [];
  private readonly apiRules = new Map<string, LoadedRule[]>();
  private readonly used = new Map<string, number>();
  /** Sorted candidates per AccessKeyId, rebuilt only when rules change (this runs on every request). */
  private readonly sorted = new Map<string, LoadedRule[]>();
  private watcher?: FSWatcher;
  private reloadTimer?: NodeJS.Timeout;

  constructor(
    private readonly dir: string | undefined,
    private readonly log: (line: string) => void = () => {},
  ) {
    if (dir) this.fileRules = readFixtureDir(dir);
  }

  /** Reloads the files when they change; a bad edit is logged and the last good rules stay in force. */
  watchFiles(): void {
    if (!this.dir || this.watcher) return;
    this.watcher = watch(this.dir, () => {
      clearTimeout(this.reloadTimer);
      this.reloadTimer = setTimeout(() => this.reload(), 50);
    });
  }

  reload(): boolean {
    if (!this.dir) return false;
    try {
      this.fileRules = readFixtureDir(this.dir);
      this.sorted.clear();
      this.log(`fixtures reloaded: ${this.fileRules.length} rule(s) from ${this.dir}`);
      return true;
    } catch (e) {
      this.log(`fixtures NOT reloaded (keeping the previous rules): ${(e as Error).message}`);
      return false;
    }
  }

  close(): void {
    clearTimeout(this.reloadTimer);
    this.watcher?.close();
    this.watcher = undefined;
  }

  /** False when no file or API rule exists at all, so a request needs no matching. */
  get hasRules(): boolean {
    if (this.fileRules.length > 0) return true;
    for (const rules of this.apiRules.values()) if (rules.length > 0) return true;
    return false;
  }

  /** Replaces the API rules of a scope ('' = global). Throws FixtureError for an invalid document. */
  put(scope: string, doc: unknown): LoadedRule[] {
    const rules = loadRules(doc, 'request body', `api:${scope}`);
    this.apiRules.set(scope, rules);
    this.sorted.clear();
    this.resetCounters(`api:${scope}`);
    return rules;
  }

  delete(scope?: string): void {
    this.sorted.clear();
    if (scope === undefined) {
      this.apiRules.clear();
      this.used.clear();
      return;
    }
    this.apiRules.delete(scope);
    this.resetCounters(`api:${scope}`);
  }

  /** Forgets the `times` counters of one AccessKeyId (or all), so rules fire afresh. */
  resetUsage(accessKeyId?: string): void {
    if (accessKeyId === undefined) this.used.clear();
    else for (const key of this.used.keys()) if (key.startsWith(accessKeyId + '\u0000')) this.used.delete(key);
  }

  private resetCounters(source: string): void {
    for (const key of this.used.keys()) if (key.includes('\u0000' + source + '\u0000')) this.used.delete(key);
  }

  private candidates(accessKeyId: string): LoadedRule[] {
    let list = this.sorted.get(accessKeyId);
    if (!list) {
      list = this.buildCandidates(accessKeyId);
      this.sorted.set(accessKeyId, list);
    }
    return list;
  }

  private buildCandidates(accessKeyId: string): LoadedRule[] {
    const scoped = this.apiRules.get(accessKeyId) ?? [];
    const global = this.apiRules.get('') ?? [];
    // Priority first; at equal priority a key's own rules, then global API rules, then files.
    return [...scoped, ...global, ...this.fileRules].sort((a, b) => (b.rule.priority ?? 0) - (a.rule.priority ?? 0));
  }

  private counterKey(accessKeyId: string, loaded: LoadedRule): string {
    return accessKeyId + '\u0000' + loaded.source + '\u0000' + loaded.rule.id;
  }

  /** The first matching rule that has answers left; consumes one of its `times`. */
  pick(req: RuleRequest): LoadedRule | undefined {
    for (const loaded of this.candidates(req.accessKeyId)) {
      if (!ruleMatches(loaded, req)) continue;
      const times = loaded.rule.times;
      if (times !== undefined) {
        const key = this.counterKey(req.accessKeyId, loaded);
        const n = this.used.get(key) ?? 0;
        if (n >= times) continue;
        this.used.set(key, n + 1);
      }
      return loaded;
    }
    return undefined;
  }

  list(accessKeyId?: string): RuleView[] {
    const all = accessKeyId === undefined ? [...[...this.apiRules.values()].flat(), ...this.fileRules] : this.candidates(accessKeyId);
    return all.map((loaded) => {
      const scope = loaded.source.startsWith('api:') ? loaded.source.slice(4) : null;
      const times = loaded.rule.times;
      const used = accessKeyId === undefined ? 0 : (this.used.get(this.counterKey(accessKeyId, loaded)) ?? 0);
      return {
        id: loaded.rule.id,
        source: loaded.source.startsWith('file:') ? loaded.source.slice(5) : 'api',
        scope: scope === '' ? null : scope,
        remaining: times === undefined ? null : Math.max(0, times - used),
        rule: loaded.rule,
      };
    });
  }
}
