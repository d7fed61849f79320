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
import { MemoryCounters, MemoryRules } from '../store/memory.js';
import type { CounterStore, RuleStore } from '../store/types.js';
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

/** The source of API rules: their scope and the generation they were put at (fresh `times` counters). */
function apiSource(scope: string, generation: number): string {
  return `api:${scope}#${generation}`;
}

/** The scope of an `api:<scope>#<generation>` source. */
function apiScope(source: string): string {
  return source.slice(4, source.lastIndexOf('#'));
}

/**
 * All fixture rules: those from --fixtures files (per process, reloaded when they change) and those put
 * through the control API, globally or for one AccessKeyId, kept in the store so every replica sees them.
 * `times` counters live in the store too, kept per AccessKeyId.
 */
export class FixtureRegistry {
  private fileRules: LoadedRule[] = [];
  private apiRules = new Map<string, LoadedRule[]>();
  /** The store revision the API rules were compiled at. */
  private revision = -1;
  /** Sorted candidates per AccessKeyId, rebuilt only when rules change (this runs on every request). */
  private readonly sorted = new Map<string, LoadedRule[]>();
  private watcher?: FSWatcher;
  private reloadTimer?: NodeJS.Timeout;

  constructor(
    private readonly dir: string | undefined,
    private readonly log: (line: string) => void = () => {},
    private readonly rules: RuleStore = new MemoryRules(),
    private readonly counters: CounterStore = new MemoryCounters(),
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

  /**
   * Brings the API rules up to date with the store, where another replica may have changed them; undefined
   * (no await on the hot path) when only this process changes them.
   */
  sync(): Promise<void> | undefined {
    return this.rules.local && this.revision >= 0 ? undefined : this.load();
  }

  private async load(): Promise<void> {
    const revision = await this.rules.revision();
    if (revision === this.revision) return;
    const next = new Map<string, LoadedRule[]>();
    for (const [scope, stored] of await this.rules.load()) {
      try {
        next.set(scope, loadRules(stored.doc, 'stored rules', apiSource(scope, stored.generation)));
      } catch (e) {
        // Only a document that validated is stored; one that no longer does (an older or newer replica) is skipped.
        this.log(`fixtures: stored rules of scope "${scope}" skipped: ${(e as Error).message}`);
      }
    }
    this.apiRules = next;
    this.sorted.clear();
    this.revision = revision;
  }

  /** False when no file or API rule exists at all, so a request needs no matching (after sync()). */
  get hasRules(): boolean {
    if (this.fileRules.length > 0) return true;
    for (const rules of this.apiRules.values()) if (rules.length > 0) return true;
    return false;
  }

  /** Replaces the API rules of a scope ('' = global), with fresh counters. Throws FixtureError for an invalid document. */
  async put(scope: string, doc: unknown): Promise<LoadedRule[]> {
    const rules = loadRules(doc, 'request body', apiSource(scope, 0));
    await this.counters.forget(`api:${scope}#`);
    const generation = await this.rules.put(scope, doc);
    await this.load();
    return rules.map((r) => ({ ...r, source: apiSource(scope, generation) }));
  }

  async delete(scope?: string): Promise<void> {
    await this.rules.delete(scope);
    await this.counters.forget(scope === undefined ? 'api:' : `api:${scope}#`);
    await this.load();
  }

  /** Forgets the `times` counters of one AccessKeyId (or all), so rules fire afresh. */
  resetUsage(accessKeyId?: string): Promise<void> {
    return this.counters.clear(accessKeyId);
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

  private static counter(loaded: LoadedRule): string {
    return loaded.source + ':' + loaded.rule.id;
  }

  /** The first matching rule that has answers left; consumes one of its `times` (atomically across replicas). */
  async pick(req: RuleRequest): Promise<LoadedRule | undefined> {
    for (const loaded of this.candidates(req.accessKeyId)) {
      if (!ruleMatches(loaded, req)) continue;
      const times = loaded.rule.times;
      if (times !== undefined && !(await this.counters.take(req.accessKeyId, FixtureRegistry.counter(loaded), times))) continue;
      return loaded;
    }
    return undefined;
  }

  async list(accessKeyId?: string): Promise<RuleView[]> {
    await this.sync();
    const all = accessKeyId === undefined ? [...[...this.apiRules.values()].flat(), ...this.fileRules] : this.candidates(accessKeyId);
    return Promise.all(
      all.map(async (loaded) => {
        const scope = loaded.source.startsWith('api:') ? apiScope(loaded.source) : null;
        const times = loaded.rule.times;
        const used = accessKeyId === undefined || times === undefined ? 0 : await this.counters.used(accessKeyId, FixtureRegistry.counter(loaded));
        return {
          id: loaded.rule.id,
          source: loaded.source.startsWith('file:') ? loaded.source.slice(5) : 'api',
          scope: scope === '' ? null : scope,
          remaining: times === undefined ? null : Math.max(0, times - used),
          rule: loaded.rule,
        };
      }),
    );
  }
}
