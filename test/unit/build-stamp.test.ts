// npm start / bench / docs / contract build only when dist/ is out of date (scripts/build.mjs --if-stale).
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error a plain .mjs build script without types
import { sourceFiles, staleReason, writeStamp } from '../../scripts/build-stamp.mjs';

type SourceFiles = (root: string) => string[];
type StaleReason = (root: string, files: string[]) => string | undefined;
type WriteStamp = (root: string, files: string[], startedMs: number) => void;
const list = sourceFiles as SourceFiles;
const stale = staleReason as StaleReason;
const stamp = writeStamp as WriteStamp;

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A checkout in miniature: sources, a contract, compiler settings, all last written 10 s ago. */
function checkout(): string {
  const root = mkdtempSync(join(tmpdir(), 'saf-mock-stamp-'));
  dirs.push(root);
  mkdirSync(join(root, 'src', 'saf'), { recursive: true });
  mkdirSync(join(root, 'contracts', 'snapshots'), { recursive: true });
  const past = new Date(Date.now() - 10_000);
  for (const f of ['src/cli.ts', 'src/saf/product.ts', 'contracts/a.params.schema.json', 'contracts/snapshots/x.json', 'tsconfig.json', 'tsconfig.build.json']) {
    writeFileSync(join(root, f), '{}');
    utimesSync(join(root, f), past, past);
  }
  return root;
}

describe('build stamp (scripts/build-stamp.mjs)', () => {
  it('lists sources, schemas and compiler settings, not snapshots', () => {
    expect(list(checkout())).toEqual(['contracts/a.params.schema.json', 'src/cli.ts', 'src/saf/product.ts', 'tsconfig.build.json', 'tsconfig.json']);
  });

  it('a checkout never built needs a build; right after one it does not', () => {
    const root = checkout();
    expect(stale(root, list(root))).toBe('no previous build');
    stamp(root, list(root), Date.now() - 5_000);
    expect(stale(root, list(root))).toBeUndefined();
  });

  it('a source written after the build started needs a build, and is named', () => {
    const root = checkout();
    stamp(root, list(root), Date.now() - 5_000);
    writeFileSync(join(root, 'src', 'saf', 'product.ts'), 'export {};');
    expect(stale(root, list(root))).toBe('src/saf/product.ts changed');
  });

  it('an edited contract schema needs a build (its validator is compiled at build time)', () => {
    const root = checkout();
    stamp(root, list(root), Date.now() - 5_000);
    writeFileSync(join(root, 'contracts', 'a.params.schema.json'), '{"type":"object"}');
    expect(stale(root, list(root))).toBe('contracts/a.params.schema.json changed');
  });

  it('an added or a removed source needs a build, even with old mtimes', () => {
    const root = checkout();
    stamp(root, list(root), Date.now() - 5_000);
    const old = new Date(Date.now() - 60_000);
    writeFileSync(join(root, 'src', 'new.ts'), '');
    utimesSync(join(root, 'src', 'new.ts'), old, old);
    expect(stale(root, list(root))).toBe('source files were added or removed');
    rmSync(join(root, 'src', 'new.ts'));
    rmSync(join(root, 'src', 'cli.ts'));
    expect(stale(root, list(root))).toBe('source files were added or removed');
  });
});
