/**
 * What the financial-grade products hand to end users, served by the mock without the admin token (like the
 * real signed URLs): the picture of a verification (pictureUrl, 15 minutes) and the page CertifyUrl opens.
 * The page CertifyUrl opens is served with the other browser pages (src/ui/certify.tsx).
 */
import { Hono } from 'hono';
import type { Runtime } from '../runtime.js';
import { PICTURE_PATH } from './urls.js';

export function publicRoutes(rt: Runtime): Hono {
  const app = new Hono();

  app.get(`${PICTURE_PATH}/:file`, async (c) => {
    const match = /^([0-9a-z]{1,64})\.jpg$/.exec(c.req.param('file'));
    const expires = Number(c.req.query('Expires'));
    const accessKeyId = c.req.query('accessKeyId');
    if (!match || !accessKeyId) return c.text('Not found', 404);
    if (!Number.isFinite(expires) || expires * 1000 < rt.now()) return c.text('Request has expired (pictureUrl is valid 15 minutes from the query).', 403);
    const v = await rt.verifications.find(accessKeyId, match[1]!);
    if (!v || v.product === undefined || v.product === 'face_verify') return c.text('Not found', 404);
    const photo = rt.photos[v.photo % rt.photos.length]!;
    return c.body(new Uint8Array(photo), 200, { 'content-type': 'image/jpeg', 'cache-control': 'private, max-age=900' });
  });

  return app;
}
