import { createHash } from 'node:crypto';
import { createClient, ErrorReply } from 'redis';
import { entryOf, type JournalEntry, type JournalFilter, type JournalInput } from '../journal.js';
import type { Verification } from '../saf/sessions.js';
import { redisKeys, type RedisKeys } from './keys.js';
import type { CounterStore, JournalStore, NonceClaims, RuleStore, StateStore, StoreStatus, StoredRules, VerificationStore } from './types.js';
import { StoreUnavailableError } from './types.js';
import { maskUrl } from './url.js';

type Client = ReturnType<typeof createClient>;

export interface RedisStateOptions {
  readonly url: string;
  readonly prefix: string;
  readonly sessionTtlMs: number;
  readonly sessionMaxEntries: number;
  readonly nonceTtlMs: number;
  readonly journalMaxEntries: number;
  /** Journal entries of these AccessKeyIds get a list each; any other (unknown, missing) shares one. */
  readonly isKnownKey: (accessKeyId: string) => boolean;
  /** Longest a command may take before the request answers ServiceUnavailable. */
  readonly commandTimeoutMs: number;
  readonly log: (line: string) => void;
}

/** A Lua script run by its SHA1, loaded on first use (EVALSHA, then EVAL on NOSCRIPT). */
class Script {
  readonly sha: string;
  constructor(readonly text: string) {
    this.sha = createHash('sha1').update(text).digest('hex');
  }

  async run(client: Client, keys: string[], args: string[]): Promise<unknown> {
    try {
      return await client.evalSha(this.sha, { keys, arguments: args });
    } catch (e) {
      if (e instanceof ErrorReply && e.message.startsWith('NOSCRIPT')) return client.eval(this.text, { keys, arguments: args });
      throw e;
    }
  }
}

/** Creates a verification unless its id exists; keeps the index bounded, deleting what it evicts. */
const CREATE_VERIFICATION = new Script(`
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 0 end
local ttl, now, max = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[5])
redis.call('ZADD', KEYS[2], now, ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - ttl)
local over = redis.call('ZCARD', KEYS[2]) - max
if over > 0 then
  for _, m in ipairs(redis.call('ZRANGE', KEYS[2], 0, over - 1)) do redis.call('DEL', ARGV[6] .. m) end
  redis.call('ZREMRANGEBYRANK', KEYS[2], 0, over - 1)
end
redis.call('PEXPIRE', KEYS[2], ttl)
return 1`);

/** Appends a journal entry with the next shared id; the list keeps the newest N. */
const JOURNAL_ADD = new Script(`
local id = redis.call('INCR', KEYS[2])
redis.call('LPUSH', KEYS[1], '{"id":' .. id .. ',' .. ARGV[1])
redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[2]) - 1)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('SADD', KEYS[3], ARGV[4])
redis.call('PEXPIRE', KEYS[3], ARGV[3])
return id`);

/** Drops the entries of one AccessKeyId from a shared journal list. */
const JOURNAL_DROP_KEY = new Script(`
local kept = {}
for _, s in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do
  local ok, e = pcall(cjson.decode, s)
  if not ok or e.accessKeyId ~= ARGV[1] then kept[#kept + 1] = s end
end
redis.call('DEL', KEYS[1])
for i = 1, #kept, 500 do redis.call('RPUSH', KEYS[1], unpack(kept, i, math.min(i + 499, #kept))) end
if #kept > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return #kept`);

const RULES_PUT = new Script(`
local g = redis.call('INCR', KEYS[1])
redis.call('HSET', KEYS[2], ARGV[1], g .. '\\n' .. ARGV[2])
return g`);

/** One use of a `times` counter, if any is left. */
const COUNTER_TAKE = new Script(`
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n >= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[1], n + 1, 'PX', ARGV[2])
return 1`);

const SHARED_JOURNAL = '~';

/** Runs a store operation; any client failure (down, timed out, loading) becomes StoreUnavailableError. */
async function guarded<T>(what: string, op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (e) {
    throw new StoreUnavailableError(`redis ${what}: ${(e as Error).message}`);
  }
}

async function scanDelete(client: Client, pattern: string): Promise<void> {
  for await (const keys of client.scanIterator({ MATCH: pattern, COUNT: 1000 })) {
    if (keys.length > 0) await client.unlink(keys);
  }
}

class RedisVerifications implements VerificationStore {
  constructor(
    private readonly client: Client,
    private readonly keys: RedisKeys,
    private readonly o: RedisStateOptions,
  ) {}

  create(v: Verification): Promise<boolean> {
    return guarded('create verification', async () => {
      const member = this.keys.verificationMember(v.accessKeyId, v.id);
      const args = [JSON.stringify(v), String(this.o.sessionTtlMs), String(v.createdAt), member, String(this.o.sessionMaxEntries), this.keys.verificationPrefix];
      return (await CREATE_VERIFICATION.run(this.client, [this.keys.verification(v.accessKeyId, v.id), this.keys.verificationIndex], args)) === 1;
    });
  }

  get(scope: string, id: string): Promise<Verification | undefined> {
    return guarded('get verification', async () => {
      const text = await this.client.get(this.keys.verification(scope, id));
      return text === null ? undefined : (JSON.parse(text) as Verification);
    });
  }

  update(v: Verification): Promise<boolean> {
    return guarded('update verification', async () => {
      // One write: the whole record, only if it still exists, keeping its expiry.
      const done = await this.client.set(this.keys.verification(v.accessKeyId, v.id), JSON.stringify(v), { condition: 'XX', expiration: 'KEEPTTL' });
      return done !== null;
    });
  }

  private async members(scope?: string): Promise<string[]> {
    const all = await this.client.zRange(this.keys.verificationIndex, 0, -1, { REV: true });
    return scope === undefined ? all : all.filter((m) => this.keys.memberScope(m) === scope);
  }

  list(scope?: string): Promise<Verification[]> {
    return guarded('list verifications', async () => {
      const members = await this.members(scope);
      const out: Verification[] = [];
      for (let i = 0; i < members.length; i += 1000) {
        const texts = await this.client.mGet(members.slice(i, i + 1000).map((m) => this.keys.verificationPrefix + m));
        for (const t of texts) if (t !== null) out.push(JSON.parse(t) as Verification);
      }
      return out;
    });
  }

  clear(scope?: string): Promise<void> {
    return guarded('clear verifications', async () => {
      if (scope === undefined) {
        await scanDelete(this.client, this.keys.pattern(this.keys.verificationPrefix) + '*');
        await this.client.del(this.keys.verificationIndex);
        return;
      }
      const members = await this.members(scope);
      for (let i = 0; i < members.length; i += 1000) {
        const chunk = members.slice(i, i + 1000);
        await this.client.unlink(chunk.map((m) => this.keys.verificationPrefix + m));
        await this.client.zRem(this.keys.verificationIndex, chunk);
      }
    });
  }
  count(): Promise<number> {
    return guarded('count verifications', async () => {
      // The index may still name expired ones (it is pruned on create): count the records that exist.
      const members = await this.members();
      let n = 0;
      for (let i = 0; i < members.length; i += 1000) n += await this.client.exists(members.slice(i, i + 1000).map((m) => this.keys.verificationPrefix + m));
      return n;
    });
  }
}

class RedisNonces implements NonceClaims {
  constructor(
    private readonly client: Client,
    private readonly keys: RedisKeys,
    private readonly nonceTtlMs: number,
  ) {}

  claim(scope: string, nonce: string, timestampMs: number, nowMs: number): Promise<boolean> {
    return guarded('claim nonce', async () => {
      // Remembered until the request's own timestamp + the nonce TTL: past that its timestamp is refused anyway.
      const ttl = Math.max(1000, timestampMs + this.nonceTtlMs - nowMs);
      const done = await this.client.set(this.keys.nonce(scope, nonce), '1', { condition: 'NX', expiration: { type: 'PX', value: ttl } });
      return done !== null;
    });
  }

  clear(scope?: string): Promise<void> {
    return guarded('clear nonces', () => scanDelete(this.client, this.keys.noncePattern(scope)));
  }
  count(): Promise<number> {
    // Nonce keys expire by themselves and have no index: counted by SCAN (on scrape only, never per request).
    return guarded('count nonces', async () => {
      let n = 0;
      for await (const keys of this.client.scanIterator({ MATCH: this.keys.noncePattern(), COUNT: 1000 })) n += keys.length;
      return n;
    });
  }
}

class RedisJournal implements JournalStore {
  constructor(
    private readonly client: Client,
    private readonly keys: RedisKeys,
    private readonly o: RedisStateOptions,
  ) {}

  /** A configured key's verified entries get its own list; forged and unknown-key requests share j:~ (as in memory, a flood of them cannot push a key's verified entries out). */
  private bucket(accessKeyId: string | null | undefined, unauthenticated?: boolean): string {
    return !unauthenticated && accessKeyId && this.o.isKnownKey(accessKeyId) ? accessKeyId : SHARED_JOURNAL;
  }

  add(input: JournalInput): Promise<number> {
    if (this.o.journalMaxEntries <= 0) return Promise.resolve(0);
    // Shared with other replicas: built and serialised now.
    const entry = entryOf(input);
    // Serialised here: the script only puts the shared id in front ({"id":N, + the rest).
    const rest = JSON.stringify(entry).slice(1);
    const bucket = this.bucket(entry.accessKeyId, entry.unauthenticated);
    return guarded('journal add', async () => {
      const keys = [this.keys.journal(bucket), this.keys.journalSeq, this.keys.journalBuckets];
      return Number(await JOURNAL_ADD.run(this.client, keys, [rest, String(this.o.journalMaxEntries), String(this.o.sessionTtlMs), bucket]));
    });
  }

  list(filter: JournalFilter = {}): Promise<JournalEntry[]> {
    return guarded('journal list', async () => {
      const one = filter.accessKeyId === undefined ? undefined : this.bucket(filter.accessKeyId);
      const buckets = one === undefined ? await this.client.sMembers(this.keys.journalBuckets) : one === SHARED_JOURNAL ? [one] : [one, SHARED_JOURNAL];
      const entries: JournalEntry[] = [];
      for (const bucket of buckets) {
        for (const text of await this.client.lRange(this.keys.journal(bucket), 0, -1)) entries.push(JSON.parse(text) as JournalEntry);
      }
      entries.sort((a, b) => b.id - a.id);
      const limit = filter.limit ?? Number.POSITIVE_INFINITY;
      const out: JournalEntry[] = [];
      for (const e of entries) {
        if (out.length >= limit) break;
        if (filter.accessKeyId !== undefined && e.accessKeyId !== filter.accessKeyId) continue;
        if (filter.method !== undefined && e.method !== filter.method) continue;
        if (filter.outcome !== undefined && e.outcome !== filter.outcome) continue;
        if (filter.code !== undefined && String(e.code) !== filter.code) continue;
        out.push(e);
      }
      return out;
    });
  }

  clear(accessKeyId?: string): Promise<void> {
    return guarded('journal clear', async () => {
      if (accessKeyId === undefined) {
        await scanDelete(this.client, this.keys.pattern(this.keys.journal('')) + '*');
        await this.client.del(this.keys.journalBuckets);
        return;
      }
      const bucket = this.bucket(accessKeyId);
      if (bucket !== SHARED_JOURNAL) await this.client.del(this.keys.journal(bucket));
      await JOURNAL_DROP_KEY.run(this.client, [this.keys.journal(SHARED_JOURNAL)], [accessKeyId, String(this.o.sessionTtlMs)]);
    });
  }
  count(): Promise<number> {
    return guarded('count journal', async () => {
      let n = 0;
      for (const bucket of await this.client.sMembers(this.keys.journalBuckets)) n += await this.client.lLen(this.keys.journal(bucket));
      return n;
    });
  }
}

class RedisRules implements RuleStore {
  readonly local = false;
  constructor(
    private readonly client: Client,
    private readonly keys: RedisKeys,
  ) {}

  revision(): Promise<number> {
    return guarded('rules revision', async () => Number((await this.client.get(this.keys.rulesRevision)) ?? 0));
  }

  load(): Promise<Map<string, StoredRules>> {
    return guarded('rules load', async () => {
      const all = await this.client.hGetAll(this.keys.rules);
      const out = new Map<string, StoredRules>();
      for (const [scope, text] of Object.entries(all)) {
        const nl = text.indexOf('\n');
        out.set(scope, { generation: Number(text.slice(0, nl)), doc: JSON.parse(text.slice(nl + 1)) as unknown });
      }
      return out;
    });
  }

  put(scope: string, doc: unknown): Promise<number> {
    return guarded('rules put', async () => Number(await RULES_PUT.run(this.client, [this.keys.rulesRevision, this.keys.rules], [scope, JSON.stringify(doc)])));
  }

  delete(scope?: string): Promise<void> {
    return guarded('rules delete', async () => {
      const multi = this.client.multi();
      if (scope === undefined) multi.del(this.keys.rules);
      else multi.hDel(this.keys.rules, scope);
      await multi.incr(this.keys.rulesRevision).exec();
    });
  }
}

class RedisCounters implements CounterStore {
  constructor(
    private readonly client: Client,
    private readonly keys: RedisKeys,
    private readonly ttlMs: number,
  ) {}

  take(accessKeyId: string, counter: string, times: number): Promise<boolean> {
    return guarded('take counter', async () => (await COUNTER_TAKE.run(this.client, [this.keys.counter(accessKeyId, counter)], [String(times), String(this.ttlMs)])) === 1);
  }

  used(accessKeyId: string, counter: string): Promise<number> {
    return guarded('read counter', async () => Number((await this.client.get(this.keys.counter(accessKeyId, counter))) ?? 0));
  }

  clear(accessKeyId?: string): Promise<void> {
    return guarded('clear counters', () => scanDelete(this.client, this.keys.counterPattern(accessKeyId)));
  }

  forget(prefix: string): Promise<void> {
    return guarded('forget counters', () => scanDelete(this.client, this.keys.counterPattern(undefined, prefix)));
  }
}

/**
 * Connects to Redis and returns the shared store. An unreachable server at start rejects (the CLI exits 2);
 * once connected, a lost connection makes commands fail fast (no offline queue, bounded command time) while
 * the client reconnects by itself.
 */
export async function createRedisState(o: RedisStateOptions): Promise<StateStore> {
  const masked = maskUrl(o.url);
  let connectedOnce = false;
  let down = false;
  const client: Client = createClient({
    url: o.url,
    disableOfflineQueue: true,
    pingInterval: 5_000,
    commandOptions: { timeout: o.commandTimeoutMs },
    socket: {
      connectTimeout: o.commandTimeoutMs,
      // At start, one failure is final; later, retry forever with a capped back-off.
      reconnectStrategy: (retries: number, cause: Error) => (connectedOnce ? Math.min(50 * 2 ** Math.min(retries, 6), 2_000) : cause),
    },
  });
  client.on('error', (e: Error) => {
    if (connectedOnce && !down) o.log(`store: lost the connection to ${masked} (${e.message}); requests answer ServiceUnavailable until it is back`);
    if (connectedOnce) down = true;
  });
  client.on('ready', () => {
    if (down) o.log(`store: reconnected to ${masked}`);
    down = false;
  });
  try {
    await client.connect();
  } catch (e) {
    client.destroy();
    throw new StoreUnavailableError(`cannot reach Redis at ${masked}: ${(e as Error).message || (e as Error).name}`);
  }
  connectedOnce = true;
  const keys = redisKeys(o.prefix);
  return {
    kind: 'redis',
    verifications: new RedisVerifications(client, keys, o),
    nonces: new RedisNonces(client, keys, o.nonceTtlMs),
    journal: new RedisJournal(client, keys, o),
    rules: new RedisRules(client, keys),
    counters: new RedisCounters(client, keys, o.sessionTtlMs),
    async status(): Promise<StoreStatus> {
      let connected = false;
      try {
        connected = client.isReady && (await client.ping()) === 'PONG';
      } catch {
        connected = false;
      }
      return { kind: 'redis', connected, url: masked };
    },
    async close(): Promise<void> {
      if (client.isOpen) await client.close().catch(() => client.destroy());
      else client.destroy();
    },
  };
}
