import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERATED_SECTIONS, renderReadme } from '../../src/docs.js';
import { loadPino } from '../../src/log/logger.js';
import { CATALOG } from '../../src/saf/catalog.js';
import { memoryMock, VALID_CERT } from '../helpers/mock.js';
import { signedV1 } from '../helpers/sign.js';

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

describe('README Logs section matches the JSON log', () => {
  it('the example lines have the fields a real request line has, in that order', async () => {
    const example = /<!-- example:log-json -->\n```json\n([\s\S]*?)```/.exec(README);
    expect(example).not.toBeNull();
    const lines = example![1]!.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    await loadPino();
    const { app, logs } = memoryMock({ logRequests: true, logFormat: 'json' });
    const ok = signedV1({ Service: 'face_verify', ServiceParameters: JSON.stringify({ method: 'init', name: '张三', certNumber: VALID_CERT, metainfo: '{}' }) });
    const bad = signedV1({ Service: 'face_verify', ServiceParameters: '{}' }, { secret: 'wrong' });
    for (const req of [ok, bad]) await app.request(req.path, req.init);
    const real = logs.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(real).toHaveLength(2);
    for (const [i, line] of lines.entries()) {
      expect(Object.keys(line)).toEqual(Object.keys(real[i]!));
      for (const key of ['level', 'name', 'accessKeyId', 'service', 'method', 'status', 'code', 'scenario', 'msg']) expect(line[key], key).toEqual(real[i]![key]);
    }
  });
});
