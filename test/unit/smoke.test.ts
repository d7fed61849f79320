import { describe, expect, it } from 'vitest';
import { memoryMock, VALID_CERT } from '../helpers/mock.js';
import { signedV1 } from '../helpers/sign.js';

describe('in-memory app', () => {
  it('answers a signed init with queryId and bizId', async () => {
    const { app } = memoryMock();
    const sp = JSON.stringify({ method: 'init', name: '张三', certNumber: VALID_CERT, metainfo: '{}' });
    const { path, init } = signedV1({ Service: 'face_verify', ServiceParameters: sp });
    const res = await app.request(path, init);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { Code: number; Data: { queryId: string; bizId: string }; RequestId: string };
    expect(body.Code).toBe(200);
    expect(body.Data.queryId).toMatch(/^[0-9a-f]{32}$/);
    expect(body.RequestId).toMatch(/^[0-9A-F-]{36}$/);
  });
});
