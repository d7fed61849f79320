import { readdirSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { AJV_OPTIONS, CONTRACTS_DIR, readContract } from '../../src/contracts.js';

describe('contracts/', () => {
  const files = readdirSync(CONTRACTS_DIR).filter((f) => f.endsWith('.schema.json'));
  it('has a ServiceParameters and a Data schema for every method', () => {
    for (const m of ['face_verify.init', 'face_verify.initH5', 'face_verify.query', 'face_verify.queryH5', 'face_verify.match', 'intl_face_verify.verify']) {
      expect(files).toContain(`${m}.params.schema.json`);
      expect(files).toContain(`${m}.data.schema.json`);
    }
  });
  for (const file of files) {
    it(`${file} is a valid JSON Schema (checked against the meta-schema, in strict mode)`, () => {
      const ajv = new Ajv({ ...AJV_OPTIONS, validateSchema: true });
      expect(() => ajv.compile(readContract(file))).not.toThrow();
    });
  }
});
