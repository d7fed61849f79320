// When does dist/ need a build? dist/.build-stamp records the last build: its mtime is the time that build
// started, its content the list of source files it saw. Used by scripts/build.mjs --if-stale.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const BUILD_INPUTS = ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts/build.mjs', 'scripts/build-stamp.mjs'];

/** Everything the build reads, relative to root and sorted: src/**, contracts/*.schema.json, compiler settings, the build scripts. */
export function sourceFiles(root) {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.push(relative(root, path));
    }
  };
  walk(join(root, 'src'));
  for (const f of readdirSync(join(root, 'contracts'))) if (f.endsWith('.schema.json')) files.push(join('contracts', f));
  for (const f of BUILD_INPUTS) if (existsSync(join(root, f))) files.push(f);
  return files.sort();
}

const stampOf = (root) => join(root, 'dist', '.build-stamp');

/** Why a build is needed, or undefined when dist/ is up to date with `files`. */
export function staleReason(root, files) {
  const stamp = stampOf(root);
  if (!existsSync(stamp)) return 'no previous build';
  const built = statSync(stamp).mtimeMs;
  if (readFileSync(stamp, 'utf8') !== files.join('\n') + '\n') return 'source files were added or removed';
  const newer = files.find((f) => statSync(join(root, f)).mtimeMs > built);
  return newer ? `${newer} changed` : undefined;
}

/** Records a successful build that started at `startedMs`: a source saved during the build is newer, and triggers the next one. */
export function writeStamp(root, files, startedMs) {
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeFileSync(stampOf(root), files.join('\n') + '\n');
  utimesSync(stampOf(root), new Date(startedMs), new Date(startedMs));
}
