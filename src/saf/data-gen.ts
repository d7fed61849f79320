import { createHash, randomFillSync, randomInt, randomUUID } from 'node:crypto';
import type { Faker } from '@faker-js/faker';
import { withCheckCharacter } from './id-number.js';

/** CSPRNG bytes drawn from a pooled buffer: one randomFillSync per 4 KiB instead of one per id. */
const POOL = Buffer.alloc(4096);
let poolOffset = POOL.length;

function randomChunk(n: number): Buffer {
  if (poolOffset + n > POOL.length) {
    randomFillSync(POOL);
    poolOffset = 0;
  }
  const out = Buffer.from(POOL.subarray(poolOffset, poolOffset + n));
  poolOffset += n;
  return out;
}

/**
 * faker (zh_CN) is loaded on first need: with --seed before the server listens, otherwise by the first
 * identity asked for. The unseeded hot path never needs it, and start-up is ~40 ms and ~7 MB lighter.
 */
let zhCN: Faker | undefined;
let loading: Promise<void> | undefined;

export function loadFaker(): Promise<void> {
  loading ??= import('@faker-js/faker/locale/zh_CN').then((m) => {
    zhCN = m.faker;
  });
  return loading;
}

/** A zh_CN faker of its own (same locale data, own randomizer), so each scope draws from its own sequence. */
function createFaker(seed: readonly number[]): Faker {
  if (!zhCN) throw new Error('faker is not loaded yet: await loadFaker() first');
  const FakerClass = zhCN.constructor as new (options: ConstructorParameters<typeof Faker>[0]) => Faker;
  const f = new FakerClass({ locale: zhCN.rawDefinitions });
  f.seed([...seed]);
  return f;
}

/**
 * Realistic values. With a --seed, every id comes from a faker per scope (AccessKeyId) seeded once with
 * (seed, scope): the same sequence of calls by one key yields the same ids in every run, however other keys
 * interleave. Without a seed nothing needs repeating, so ids come straight from the CSPRNG (the hot path).
 */
export class DataGenerator {
  readonly seed: number;
  readonly seeded: boolean;
  private readonly fakers = new Map<string, Faker>();

  constructor(seed?: number) {
    this.seeded = seed !== undefined;
    this.seed = seed ?? randomInt(0, 2 ** 31);
  }

  private faker(scope: string): Faker {
    let f = this.fakers.get(scope);
    if (!f) {
      f = createFaker([this.seed, scopeHash(scope)]);
      this.fakers.set(scope, f);
    }
    return f;
  }

  /** Upper-case UUID, as the gateway's RequestId. */
  requestId(scope: string): string {
    return (this.seeded ? this.faker(scope).string.uuid() : randomUUID()).toUpperCase();
  }

  /** 32 lower-case hex characters (queryId / zimId). */
  verificationId(scope: string): string {
    return this.seeded ? this.faker(scope).string.hexadecimal({ length: 32, casing: 'lower', prefix: '' }) : randomChunk(16).toString('hex');
  }

  /** `ZSTP` + 28 digits, the shape of the docs' `ZSTP2018013076546767654695203625`. */
  bizId(scope: string): string {
    if (this.seeded) return 'ZSTP' + this.faker(scope).string.numeric(28);
    // Built in one buffer: a string grown digit by digit is a rope that a stored verification keeps alive.
    const bytes = randomChunk(32);
    bytes.write('ZSTP', 0, 'latin1');
    for (let i = 4; i < 32; i++) bytes[i] = 0x30 + (bytes[i]! % 10);
    return bytes.toString('latin1');
  }

  /** A realistic test identity: a zh_CN name and an ID number with a valid birth date and check digit. */
  identity(scope: string): { name: string; certNumber: string; gender: 'male' | 'female' } {
    const f = this.faker(scope);
    const gender = f.helpers.arrayElement(['male', 'female'] as const);
    const name = f.person.lastName() + f.person.firstName(gender);
    const area = f.helpers.arrayElement(AREA_CODES);
    const birth = f.date.birthdate({ mode: 'age', min: 18, max: 70, refDate: '2026-01-01T00:00:00Z' });
    const ymd = birth.toISOString().slice(0, 10).replace(/-/g, '');
    const seq = f.number.int({ min: 0, max: 49 }) * 2 + (gender === 'male' ? 1 : 0);
    return { name, certNumber: withCheckCharacter(area + ymd + String(seq).padStart(3, '0')), gender };
  }

  /** Starts a scope's sequence afresh (reset), or every scope's. */
  clear(scope?: string): void {
    if (scope === undefined) this.fakers.clear();
    else this.fakers.delete(scope);
  }
}

function scopeHash(scope: string): number {
  return createHash('sha256').update(scope).digest().readUInt32BE(0);
}

/** A few real GB/T 2260 county codes (Hangzhou, Beijing, Shanghai, Shenzhen, Chengdu, Wuhan). */
const AREA_CODES = ['330103', '110105', '310104', '440305', '510107', '420106'] as const;

/**
 * A similarity score in [0, 100) fixed by the two inputs: the same pair always scores the same,
 * in either order, and identical inputs score 100.
 */
export function similarityScore(a: Uint8Array | string, b: Uint8Array | string, min: number, max: number): number {
  return similarityOfDigests(createHash('sha256').update(a).digest('hex'), createHash('sha256').update(b).digest('hex'), min, max);
}

/** similarityScore from the inputs' SHA-256 (hex): for a photo of megabytes hashed in slices. */
export function similarityOfDigests(ha: string, hb: string, min: number, max: number): number {
  if (ha === hb) return 100;
  const pair = ha < hb ? ha + hb : hb + ha;
  const n = createHash('sha256').update(pair).digest().readUInt32BE(0) / 2 ** 32;
  return min + n * (max - min);
}
