import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const SHARED = new URL('../../../shared/', import.meta.url);
const VECTORS = new URL('../vectors/', import.meta.url);
const PAIRS: [string, string][] = [
  ['spec/captures/', 'captures/'],
  ['seeds/', 'seeds/'],
];

describe('test/vectors are the shared facts', () => {
  it.runIf(existsSync(SHARED))('every file of ../shared/spec/captures and ../shared/seeds is copied unchanged', () => {
    for (const [shared, copy] of PAIRS) {
      const files = readdirSync(new URL(shared, SHARED));
      expect(files.length).toBeGreaterThan(0);
      for (const f of files) expect(readFileSync(new URL(copy + f, VECTORS)).equals(readFileSync(new URL(shared + f, SHARED))), f).toBe(true);
      // And nothing more: a capture dropped from ../shared must not linger here.
      expect(readdirSync(new URL(copy, VECTORS)).filter((f) => f !== 'README.md').sort()).toEqual([...files].sort());
    }
  });
  it.runIf(existsSync(SHARED))('test/vectors/spec/fin-face-verify.md is ../shared/spec/fin-face-verify.md unchanged', () => {
    expect(readFileSync(new URL('spec/fin-face-verify.md', VECTORS)).equals(readFileSync(new URL('spec/fin-face-verify.md', SHARED)))).toBe(true);
  });
  it('the copies are present', () => {
    const captures = readdirSync(new URL('captures/', VECTORS)).filter((f) => f.endsWith('.json'));
    // index.json, 10 Node and 1 Python capture, and 18 Java, Go and PHP client styles (9 + 5 + 4).
    expect(captures.length).toBe(30);
    expect([/^java-/, /^go-/, /^php-/].map((re) => captures.filter((f) => re.test(f)).length)).toEqual([9, 5, 4]);
    expect(readdirSync(new URL('seeds/', VECTORS)).filter((f) => f.endsWith('.txt')).length).toBe(2);
  });
});
