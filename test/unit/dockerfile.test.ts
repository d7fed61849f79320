// No Docker engine on these machines: the Dockerfile is checked against what the build reads and what the
// package ships, with .dockerignore applied as `docker build` applies it.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error a plain .mjs build script without types
import { sourceFiles } from '../../scripts/build-stamp.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dockerfile = readFileSync(ROOT + 'Dockerfile', 'utf8');
const pkg = JSON.parse(readFileSync(ROOT + 'package.json', 'utf8')) as { files: string[]; bin: Record<string, string>; scripts: Record<string, string> };

interface Stage {
  from: string;
  copies: { sources: string[]; fromStage?: string }[];
  runs: string[];
  cmd?: string;
}

function stages(): Stage[] {
  const result: Stage[] = [];
  const lines = dockerfile.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  for (const line of lines) {
    const [instr, ...rest] = line.split(/\s+/);
    if (instr === 'FROM') result.push({ from: rest.join(' '), copies: [], runs: [] });
    const stage = result[result.length - 1]!;
    if (instr === 'COPY') {
      const fromStage = rest.find((a) => a.startsWith('--from='))?.slice('--from='.length);
      const args = rest.filter((a) => !a.startsWith('--'));
      stage.copies.push({ sources: args.slice(0, -1).map((s) => s.replace(/^\.\//, '')), fromStage });
    }
    if (instr === 'RUN') stage.runs.push(rest.join(' '));
    if (instr === 'CMD') stage.cmd = rest.join(' ');
  }
  return result;
}

/** .dockerignore as docker applies it: the last matching pattern decides, `!` re-includes. */
function ignored(path: string): boolean {
  const patterns = readFileSync(ROOT + '.dockerignore', 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  let result = false;
  for (const raw of patterns) {
    const negate = raw.startsWith('!');
    const pattern = negate ? raw.slice(1) : raw;
    const re = new RegExp('^' + pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*') + '(/.*)?$');
    if (re.test(path)) result = !negate;
  }
  return result;
}

const copied = (stage: Stage, path: string) => stage.copies.some((c) => !c.fromStage && c.sources.some((s) => path === s || path.startsWith(s.replace(/\/$/, '') + '/')));

describe('Dockerfile', () => {
  const [build, runtime] = stages();

  it('has a build stage and a runtime stage on Node 20', () => {
    expect(build?.from).toMatch(/^node:20\S* AS build$/);
    expect(runtime?.from).toMatch(/^node:20/);
  });

  it('the build stage copies every file the build reads, and .dockerignore lets each through', () => {
    const files = (sourceFiles as (root: string) => string[])(ROOT);
    expect(files.length).toBeGreaterThan(10);
    for (const f of [...files, 'package.json', 'package-lock.json']) {
      expect(copied(build!, f), `${f} is not copied into the build stage`).toBe(true);
      expect(ignored(f), `${f} is excluded by .dockerignore`).toBe(false);
    }
    expect(build!.runs.at(-1)).toBe('npm run build');
  });

  it('every path it copies from the context exists and is not excluded by .dockerignore', () => {
    for (const stage of [build!, runtime!]) {
      for (const c of stage.copies.filter((c) => !c.fromStage)) {
        for (const s of c.sources) {
          expect(existsSync(ROOT + s), s).toBe(true);
          expect(ignored(s.replace(/\/$/, '')), `${s} is excluded by .dockerignore`).toBe(false);
        }
      }
    }
  });

  it('the runtime stage holds what the package ships (package.json files) with production dependencies only, and runs the CLI as npm start does', () => {
    const fromBuild = runtime!.copies.filter((c) => c.fromStage === 'build').flatMap((c) => c.sources.map((s) => s.replace(/^\/app\//, '')));
    for (const f of pkg.files.filter((f) => f !== 'README.md')) {
      expect(fromBuild.includes(f) || copied(runtime!, f), `${f} missing from the image`).toBe(true);
    }
    expect(runtime!.runs.some((r) => /npm ci --omit=dev/.test(r))).toBe(true);
    // The same node flags as `npm start` (the young generation's size), then the bin.
    const [, ...startArgs] = pkg.scripts.start.split(' ');
    expect(startArgs.at(-1)).toBe(pkg.bin['saf-mock']);
    expect(runtime!.cmd).toBe(JSON.stringify(['node', ...startArgs]).replace(/,/g, ', '));
  });
});
