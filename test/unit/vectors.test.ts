import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const SHARED = new URL('../../../shared/', import.meta.url);
const VECTORS = new URL('../vectors/', import.meta.url);
const PAIRS: [string, string][] = [
  ['spec/captures/', 'captures/'],
  ['seeds/', 'seeds/'],
];

const sha256 = (url: URL) => createHash('sha256').update(readFileSync(url)).digest('hex');

/** test/vectors/SHA256SUMS: `<hex>  <path>` lines, made by sha256sum when the copies were taken. */
function recordedSums(): Map<string, string> {
  const lines = readFileSync(new URL('SHA256SUMS', VECTORS), 'utf8').split('\n').filter(Boolean);
  return new Map(lines.map((l) => {
    const [hex, path] = l.split(/\s+\*?/, 2) as [string, string];
    return [path, hex];
  }));
}

function copiedFiles(): string[] {
  return ['captures/', 'seeds/', 'spec/'].flatMap((dir) => readdirSync(new URL(dir, VECTORS)).filter((f) => f !== 'README.md').map((f) => dir + f)).sort();
}

describe('test/vectors are the shared facts', () => {
  // Runs in every clone: the copies are exactly the bytes recorded when they were taken from ../shared.
  it('every copy has the SHA-256 recorded in test/vectors/SHA256SUMS, and no file is missing or extra', () => {
    const sums = recordedSums();
    expect([...sums.keys()].sort()).toEqual(copiedFiles());
    for (const [path, hex] of sums) expect(sha256(new URL(path, VECTORS)), path).toBe(hex);
  });
  // Beside ../shared (a developer's checkout), the copies are also compared with the source itself.
  it('where ../shared is beside the repo, its captures, seeds and fin-face-verify.md are the copies unchanged', () => {
    if (!existsSync(SHARED)) {
      // Nothing to compare with in this clone; the SHA256SUMS test above still checks every byte.
      expect(existsSync(new URL('SHA256SUMS', VECTORS))).toBe(true);
      return;
    }
    for (const [shared, copy] of PAIRS) {
      const files = readdirSync(new URL(shared, SHARED));
      expect(files.length).toBeGreaterThan(0);
      for (const f of files) expect(readFileSync(new URL(copy + f, VECTORS)).equals(readFileSync(new URL(shared + f, SHARED))), f).toBe(true);
      // And nothing more: a capture dropped from ../shared must not linger here.
      expect(readdirSync(new URL(copy, VECTORS)).filter((f) => f !== 'README.md').sort()).toEqual([...files].sort());
    }
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
