import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERATED_SECTIONS, renderReadme } from '../../src/docs.js';
import { CATALOG } from '../../src/saf/catalog.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README matches the data it documents', () => {
  it('every generated section is present and up to date (run `npm run docs` to refresh)', () => {
    for (const name of Object.keys(GENERATED_SECTIONS)) expect(README, name).toContain(`<!-- generated:${name} -->`);
    expect(renderReadme(README)).toBe(README);
  });
  it('lists every scenario id', () => {
    for (const e of CATALOG) expect(README).toContain(`| \`${e.id}\` |`);
  });
});
