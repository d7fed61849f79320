import { createHash, randomInt } from 'node:crypto';
import { faker } from '@faker-js/faker/locale/zh_CN';
import { withCheckCharacter } from './id-number.js';

/**
 * Realistic, deterministic values. Every value is drawn from faker re-seeded with (seed, scope, n), where n
 * counts draws per scope: with a fixed --seed the same sequence of calls by one AccessKey yields the same
 * ids in every run, however other keys interleave.
 */
export class DataGenerator {
  readonly seed: number;
  private readonly counters = new Map<string, number>();

  constructor(seed?: number) {
    this.seed = seed ?? randomInt(0, 2 ** 31);
  }

  private draw(scope: string): typeof faker {
    const n = this.counters.get(scope) ?? 0;
    this.counters.set(scope, n + 1);
    faker.seed([this.seed, scopeHash(scope), n]);
    return faker;
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
