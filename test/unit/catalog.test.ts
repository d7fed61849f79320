import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOG, detailMessage, findEntry, renderedCode, UNIFIED } from '../../src/saf/catalog.js';

/** The seeds with their markdown escapes removed (`\_` → `_`, `\(` → `(`, `\$\{` → `${`). */
function seed(name: string): string {
  return readFileSync(new URL(`../vectors/seeds/${name}`, import.meta.url), 'utf8').replace(/\\([_()${}])/g, '$1');
}
const SEED_000 = seed('000_1fe2506f8a8a9f10.txt');
const SEED_001 = seed('001_11c7c8279e1a951b.txt');
/** The financial-grade fact sheet (../shared/spec/fin-face-verify.md, copied into test/vectors/spec). */
const FIN_SPEC = readFileSync(new URL('../vectors/spec/fin-face-verify.md', import.meta.url), 'utf8');

/** The template (`格式：…`) that governs a detail row: the nearest one above it in the seed. */
function templateAbove(row: string): string {
  const at = SEED_000.indexOf(row);
  const before = SEED_000.slice(0, at);
  const start = before.lastIndexOf('格式：');
  return before.slice(start + 3, before.indexOf('\n', start)).trim();
}

describe('catalog entries render exactly the seed text', () => {
  it('ids are unique', () => {
    expect(new Set(CATALOG.map((e) => e.id)).size).toBe(CATALOG.length);
  });
  it('covers every code the issue lists', () => {
    const ids = ['200', '400', '402', '403', '404', '500', 'B110', 'R110', 'Z8102', 'Z8199', 'Z1108', 'Z1110', 'Z1109', 'Z1111', 'Z1112', 'Z1199', 'Z5101', 'Z5102', 'Z5103', 'Z5199', '510', '520', '530', '540', '300', 'Z8301', 'Z1146', 'Z8302', 'Z8399', 'Z1140', 'Z1141', 'UNABLE_GET_IMAGE', 'PROCESSING'];
    for (const id of ids) expect(findEntry(id), id).toBeDefined();
  });
  for (const entry of CATALOG) {
    it(`${entry.id}: ${entry.message}`, () => {
      if (entry.subCode && entry.resultMsgSub && entry.source === 'seed-000') {
        // A detail row of the seed's table, rendered through the template written above it.
        const row = `|${entry.resultCode}|${entry.subCode}|${entry.resultMsgSub}|${entry.description}|`;
        expect(SEED_000).toContain(row);
        const template = templateAbove(row);
        const rendered = template.replace('${resultCode}', entry.resultCode!).replace('${resultMsgSub}', entry.resultMsgSub).replace('${resultCodeSub}', entry.subCode);
        expect(entry.message).toBe(rendered);
        expect(entry.message).toBe(detailMessage(template.slice(0, template.indexOf('${')), entry.resultCode!, entry.resultMsgSub, entry.subCode));
      } else if (entry.source === 'seed-000' && /^(200|400|402|403|404|500)$/.test(entry.id)) {
        // Unified table row: `|400|参数ServiceParameters不合法。|` (the live sample answers "OK" for 200).
        if (entry.id === '200') expect(SEED_000).toContain('"Message": "OK"');
        else expect(SEED_000).toContain(`|${entry.id}|${entry.message}。|`);
      } else if (entry.source === 'seed-000') {
        expect(SEED_000).toContain(`|${entry.message}|`);
        if (/^\d+$/.test(entry.id)) expect(SEED_000).toContain(`|${entry.id}|${entry.message}|`);
      } else if (entry.source === 'fin-spec') {
        // fin_face_verify reuses the financial-grade tables: a body-code row, or a SubCode row with its Passed.
        if (entry.passed) expect(FIN_SPEC).toContain(`| ${entry.subCode} | `);
        if (entry.passed) expect(FIN_SPEC).toMatch(new RegExp(`\\| ${entry.subCode} \\| [^|]+ \\| ${entry.passed} \\|`));
        else expect(FIN_SPEC).toMatch(new RegExp(`(\\| ${entry.code} \\| ${entry.message} \\||\`${entry.code} ${entry.message}\`)`));
      } else {
        expect(entry.source).toBe('seed-001');
        if (entry.intl) {
          expect(SEED_001).toContain(`**${entry.intl.retCode}**`);
          if (entry.intl.retCodeSub) expect(SEED_001).toContain(`\\"retCodeSub\\":\\"${entry.intl.retCodeSub}\\",\\"retMessage\\":\\"${entry.intl.retMessage}\\"`);
        }
        if (entry.message !== 'OK') expect(SEED_001).toContain(`"Message": "${entry.message}"`);
      }
    });
  }
  it('the seed\'s two worked examples match exactly', () => {
    expect(findEntry('Z1108')!.message).toBe('init接口调用失败，DEVICE_NOT_SUPPORT：当前设备不支持刷脸(Z1108)（Z1108）');
    expect(SEED_000).toContain(findEntry('Z1108')!.message);
    expect(findEntry('Z1111')!.message).toBe('接口调用失败，SYSTEM_ERROR：抱歉，系统出错了，请您稍后再试(Z1111)（Z1111）');
    expect(SEED_000).toContain(findEntry('Z1146')!.message);
  });
  it('every entry maps to a unified code from the seed\'s unified table (or keeps its own)', () => {
    for (const entry of CATALOG) {
      const u = renderedCode(entry, 'unified');
      if (entry.source === 'seed-000' && entry.id !== '300') expect(Object.keys(UNIFIED)).toContain(String(u.code));
      if (entry.source === 'seed-000' && entry.id !== '300') expect(u.message).toBe(UNIFIED[u.code as keyof typeof UNIFIED]);
    }
  });
});
