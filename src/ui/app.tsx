import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Runtime } from '../runtime.js';
import { controlAccess, type ControlAccess } from '../control/access.js';
import { adminCookie, clearedAdminCookie, clearedKeyCookie, keyCookie, withCookieCredentials } from './auth.js';
import { Dashboard, Login } from './dashboard.js';
import { pageRoutes } from './pages.js';
import { PhonePage } from './phone.js';

/** How often the event stream looks for new journal entries, and how many it sends on connect. */
const POLL_MS = 250;
const BACKLOG = 200;

/** Who this browser is, by the control API's own rule (src/control/access.ts), its cookies standing in for headers. */
function accessOf(c: Context, rt: Runtime): ControlAccess {
  return controlAccess({ adminToken: rt.config.adminToken, credentials: rt.credentials }, withCookieCredentials((name) => c.req.header(name)));
}

function allowed(c: Context, rt: Runtime): boolean {
  return accessOf(c, rt).kind !== 'denied';
}

/** The one key a per-key credential limits the dashboard to; undefined for admin and open access. */
function keyScope(c: Context, rt: Runtime): string | undefined {
  const access = accessOf(c, rt);
  return access.kind === 'key' ? access.accessKeyId : undefined;
}

/** The live journal: the newest entries on connect, then each new one as it is recorded. */
function journalEvents(c: Context, rt: Runtime, accessKeyId: string | undefined): Response {
  return streamSSE(c, async (stream) => {
    let last = Number(c.req.header('last-event-id') ?? '0') || 0;
    let size = -1;
    while (!stream.aborted && !stream.closed) {
      const entries = await rt.journal.list({ limit: BACKLOG, accessKeyId });
      // Fewer entries than last time with nothing newer: the journal was reset.
      if (size > 0 && entries.length < size && (entries[0]?.id ?? 0) <= last) await stream.writeSSE({ event: 'reset', data: '{}' });
      size = entries.length;
      for (let i = entries.length - 1; i >= 0; i--) {
        const e = entries[i]!;
        if (e.id <= last) continue;
        await stream.writeSSE({ event: 'request', id: String(e.id), data: JSON.stringify(e) });
        last = e.id;
      }
      await stream.sleep(POLL_MS);
    }
  });
}

/** Pages (open to whoever holds a verification id) and the dashboard (behind the admin token when set). */
export function uiApp(rt: Runtime): Hono {
  const ui = new Hono();
  ui.route('/', pageRoutes(rt));

  // Sign-in with the admin token, or with one key's AccessKeyId and secret (then the dashboard shows that key only).
  ui.post('/__saf/ui/login', async (c) => {
    const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const field = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
    const policy = { adminToken: rt.config.adminToken, credentials: rt.credentials };
    if (field('token') !== '') {
      const access = controlAccess(policy, (name) => (name === 'x-saf-mock-admin-token' ? field('token') : undefined));
      if (access.kind !== 'admin') return c.html(<Login failed={true} />, 401);
      c.header('set-cookie', adminCookie(field('token')));
      return c.redirect('/__saf/ui', 303);
    }
    const basic = `Basic ${Buffer.from(`${field('accessKeyId')}:${field('secret')}`, 'utf8').toString('base64')}`;
    const access = controlAccess(policy, (name) => (name === 'authorization' ? basic : undefined));
    if (field('accessKeyId') === '' || access.kind !== 'key') return c.html(<Login failed={true} />, 401);
    c.header('set-cookie', keyCookie(field('accessKeyId'), field('secret')));
    return c.redirect('/__saf/ui', 303);
  });

  ui.post('/__saf/ui/logout', (c) => {
    c.header('set-cookie', clearedAdminCookie(), { append: true });
    c.header('set-cookie', clearedKeyCookie(), { append: true });
    return c.redirect('/__saf/ui', 303);
  });

  ui.use('/__saf/ui/*', async (c, next) => {
    if (allowed(c, rt)) return next();
    if (c.req.path === '/__saf/ui/events') return c.text('admin token required', 401);
    return c.html(<Login failed={false} />, 401);
  });
  ui.use('/__saf/ui', async (c, next) => (allowed(c, rt) ? next() : c.html(<Login failed={false} />, 401)));

  ui.get('/__saf/ui', (c) => {
    const access = accessOf(c, rt);
    return c.html(<Dashboard version={rt.version} guarded={access.kind === 'admin' || access.kind === 'key'} scope={access.kind === 'key' ? access.accessKeyId : undefined} />);
  });
  ui.get('/__saf/ui/', (c) => c.redirect('/__saf/ui', 301));
  ui.get('/__saf/ui/events', (c) => journalEvents(c, rt, keyScope(c, rt)));
  ui.get('/__saf/ui/phone', async (c) => {
    const own = keyScope(c, rt);
    const keys = own ? [own] : rt.credentials.list().map((k) => k.id);
    const asked = c.req.query('accessKeyId');
    if (own && asked !== undefined && asked !== own) return c.html(<p role="alert">This credential is for AccessKeyId {own} only.</p>, 403);
    const key = asked ?? (keys.length === 1 ? keys[0]! : '');
    const list = key ? (await rt.verifications.list(key)).filter((v) => v.flow === 'app') : [];
    return c.html(<PhonePage accessKeyId={key} keys={keys} verifications={list} done={c.req.query('done') ?? ''} />);
  });
  ui.all('/__saf/ui/*', (c) => c.html(<p>Not found: {c.req.path}</p>, 404));
  ui.all('/__saf/pages/*', (c) => c.html(<p>Not found: {c.req.path}</p>, 404));
  return ui;
}
