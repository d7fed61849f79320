/**
 * What the financial-grade products hand to end users, served by the mock without the admin token (like the
 * real signed URLs): the picture of a verification (pictureUrl, 15 minutes) and the page CertifyUrl opens.
 * The simulated verification page itself is issue 11's; until it lands this page says what it is.
 */
import { Hono } from 'hono';
import type { Runtime } from '../runtime.js';
import { CERTIFY_PAGE_PATH, CERTIFY_VALIDITY_MS, PICTURE_PATH } from './urls.js';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

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

  // Placeholder for the simulated verification page (issue 11 replaces it at the same URL).
  app.get(CERTIFY_PAGE_PATH, async (c) => {
    const certifyId = c.req.query('certifyId') ?? '';
    const accessKeyId = c.req.query('accessKeyId') ?? '';
    const v = certifyId && accessKeyId ? await rt.verifications.find(accessKeyId, certifyId) : undefined;
    const state = !v
      ? 'No such verification on this mock.'
      : v.status !== 'pending'
        ? `This verification was already submitted (${v.status}); a CertifyUrl is usable for one submission.`
        : rt.now() - v.createdAt > CERTIFY_VALIDITY_MS
          ? 'This CertifyUrl has expired (valid 30 minutes).'
          : 'Pending: complete it with POST /__saf/sessions/{id}/complete {"outcome":"passed"} (or a SubCode such as "204").';
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>saf-mock: simulated verification page</title></head>
<body><h1>saf-mock: simulated verification page</h1>
<p>This page stands in for the financial-grade verification page (CertifyUrl) of Alibaba Cloud, served by saf-mock. No face is scanned here.</p>
<p>CertifyId: <code>${escapeHtml(certifyId)}</code></p><p>${escapeHtml(state)}</p></body></html>`;
    return c.html(html, v ? 200 : 404);
  });

  return app;
}
