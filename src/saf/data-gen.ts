import { createHash, randomInt } from 'node:crypto';
import type { Faker, Randomizer } from '@faker-js/faker';
import { faker as zhCN } from '@faker-js/faker/locale/zh_CN';
import { withCheckCharacter } from './id-number.js';

const N = 624;
const M = 397;

/** MT19937's init_genrand(19650218), the fixed first step of every init_by_array: computed once. */
const ARRAY_SEED_BASE = (() => {
  const mt = new Int32Array(N);
  initGenrand(mt, 19650218);
  return mt;
})();

function initGenrand(mt: Int32Array, s: number): void {
  mt[0] = s;
  for (let i = 1; i < N; i++) {
    const prev = mt[i - 1]!;
    mt[i] = Math.imul(1812433253, prev ^ (prev >>> 30)) + i;
  }
}

/**
 * faker's default randomizer (MT19937 with 53-bit doubles, `generateMersenne53Randomizer`), bit for bit,
 * on an Int32Array. faker keeps its state in a plain array whose sums overflow int32 into heap numbers,
 * which made every re-seed (three per init) cost ~30 µs. Every read of the state goes through a 32-bit
 * operation in both, so keeping it modulo 2^32 gives the same sequence. Two more savings, same output:
 * init_by_array starts from a precomputed state, and the twist runs lazily, 64 words at a time as they
 * are read, in order (exactly the in-place twist's order): a draw reads ~60 of the 624 words.
 * bench/verify-randomizer.mjs compares it with faker's own randomizer.
 */
export class Mersenne53 implements Randomizer {
  private readonly mt = new Int32Array(N);
  private index = 0;
  /** Words of the current generation already twisted (the rest still hold the previous generation). */
  private twisted = 0;

  constructor(seed: number | readonly number[] = 5489) {
    this.seed(seed);
  }

  // Bound: faker calls `next` detached from the randomizer.
  readonly seed = (seed: number | readonly number[]): void => {
    if (typeof seed === 'number') initGenrand(this.mt, seed);
    else this.initByArray(seed);
    this.index = 0;
    this.twisted = 0;
  };

  readonly next = (): number => {
    const a = this.nextU32() >>> 5;
    const b = this.nextU32() >>> 6;
    return (a * 67108864 + b) * 11102230246251565e-32;
  };

  private nextU32(): number {
    const i = this.index;
    if (i >= this.twisted) this.twistThrough(Math.min(i + 63, N - 1));
    let y = this.mt[i]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    if (++this.index >= N) {
      this.index = 0;
      this.twisted = 0;
    }
    return y >>> 0;
  }

  private initByArray(key: readonly number[]): void {
    const mt = this.mt;
    mt.set(ARRAY_SEED_BASE);
    let i = 1;
    let j = 0;
    for (let k = Math.max(N, key.length); k !== 0; k--) {
      const prev = mt[i - 1]!;
      mt[i] = Math.trunc((mt[i]! ^ Math.imul(prev ^ (prev >>> 30), 1664525)) + key[j]! + j);
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1]!;
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = N - 1; k !== 0; k--) {
      const prev = mt[i - 1]!;
      mt[i] = (mt[i]! ^ Math.imul(prev ^ (prev >>> 30), 1566083941)) - i;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1]!;
        i = 1;
      }
    }
    mt[0] = 0x80000000;
  }

  /** Twists words `twisted`..`last` of the next generation, in the in-place twist's order. */
  private twistThrough(last: number): void {
    const mt = this.mt;
    for (let t = this.twisted; t <= last; t++) {
      const y = (mt[t]! & 0x80000000) | (mt[t + 1 < N ? t + 1 : 0]! & 0x7fffffff);
      mt[t] = mt[t + M < N ? t + M : t + M - N]! ^ (y >>> 1) ^ (-(y & 1) & 0x9908b0df);
    }
    this.twisted = last + 1;
  }
}

/** The zh_CN faker (same locale data) on its own fast randomizer, so re-seeding per draw is cheap. */
function createFaker(randomizer: Randomizer): Faker {
  const FakerClass = zhCN.constructor as new (options: ConstructorParameters<typeof Faker>[0]) => Faker;
  return new FakerClass({ locale: zhCN.rawDefinitions, randomizer });
}

/**
 * Realistic, deterministic values. Every value is drawn from faker re-seeded with (seed, scope, n), where n
 * counts draws per scope: with a fixed --seed the same sequence of calls by one AccessKey yields the same
 * ids in every run, however other keys interleave.
 */
export class DataGenerator {
  readonly seed: number;
  /** Draws so far and the scope's hash, per scope. */
  private readonly counters = new Map<string, { n: number; readonly hash: number }>();
  private readonly randomizer = new Mersenne53();
  private readonly faker = createFaker(this.randomizer);

  constructor(seed?: number) {
    this.seed = seed ?? randomInt(0, 2 ** 31);
  }

  private draw(scope: string): Faker {
    let counter = this.counters.get(scope);
    if (!counter) {
      counter = { n: 0, hash: scopeHash(scope) };
      this.counters.set(scope, counter);
    }
    this.randomizer.seed([this.seed, counter.hash, counter.n++]);
    return this.faker;
  }

  /** Upper-case UUID, as the gateway's RequestId. */
  requestId(scope: string): string {
    return this.draw(scope).string.uuid().toUpperCase();
  }

  /** 32 lower-case hex characters (queryId / zimId). */
  verificationId(scope: string): string {
    return this.draw(scope).string.hexadecimal({ length: 32, casing: 'lower', prefix: '' });
  }

  /** `ZSTP` + 28 digits, the shape of the docs' `ZSTP2018013076546767654695203625`. */
  bizId(scope: string): string {
    return 'ZSTP' + this.draw(scope).string.numeric(28);
  }

  /** A realistic test identity: a zh_CN name and an ID number with a valid birth date and check digit. */
  identity(scope: string): { name: string; certNumber: string; gender: 'male' | 'female' } {
    const f = this.draw(scope);
    const gender = f.helpers.arrayElement(['male', 'female'] as const);
    const name = f.person.lastName() + f.person.firstName(gender);
    const area = f.helpers.arrayElement(AREA_CODES);
    const birth = f.date.birthdate({ mode: 'age', min: 18, max: 70, refDate: '2026-01-01T00:00:00Z' });
    const ymd = birth.toISOString().slice(0, 10).replace(/-/g, '');
    const seq = f.number.int({ min: 0, max: 49 }) * 2 + (gender === 'male' ? 1 : 0);
    return { name, certNumber: withCheckCharacter(area + ymd + String(seq).padStart(3, '0')), gender };
  }

  clear(scope?: string): void {
    if (scope === undefined) this.counters.clear();
    else this.counters.delete(scope);
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
  const ha = createHash('sha256').update(a).digest('hex');
  const hb = createHash('sha256').update(b).digest('hex');
  if (ha === hb) return 100;
  const pair = ha < hb ? ha + hb : hb + ha;
  const n = createHash('sha256').update(pair).digest().readUInt32BE(0) / 2 ** 32;
  return min + n * (max - min);
}
