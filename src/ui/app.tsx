import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Runtime } from '../runtime.js';
import { adminCookie, adminTokenFromCookie, clearedAdminCookie, tokenMatches } from './auth.js';
import { Dashboard, Login } from './dashboard.js';
import { pageRoutes } from './pages.js';
import { PhonePage } from './phone.js';

/** How often the event stream looks for new journal entries, and how many it sends on connect. */
const POLL_MS = 250;
const BACKLOG = 200;

/** Whether this browser may see the dashboard: always without --admin-token, else with the token's cookie. */
function allowed(c: Context, rt: Runtime): boolean {
  const token = rt.config.adminToken;
  if (token === undefined) return true;
  return tokenMatches(adminTokenFromCookie(c.req.header('cookie')) ?? c.req.header('x-saf-mock-admin-token'), token);
}

/** The live journal: the newest entries on connect, then each new one as it is recorded. */
function journalEvents(c: Context, rt: Runtime): Response {
  return streamSSE(c, async (stream) => {
    let last = Number(c.req.header('last-event-id') ?? '0') || 0;
    let size = -1;
    while (!stream.aborted && !stream.closed) {
      const entries = await rt.journal.list({ limit: BACKLOG });
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

  ui.post('/__saf/ui/login', async (c) => {
    const token = rt.config.adminToken;
    if (token === undefined) return c.redirect('/__saf/ui', 303);
    const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const given = typeof body.token === 'string' ? body.token : undefined;
    if (!tokenMatches(given, token)) return c.html(<Login failed={true} />, 401);
    c.header('set-cookie', adminCookie(token));
    return c.redirect('/__saf/ui', 303);
  });

  ui.post('/__saf/ui/logout', (c) => {
    c.header('set-cookie', clearedAdminCookie());
    return c.redirect('/__saf/ui', 303);
  });

  ui.use('/__saf/ui/*', async (c, next) => {
    if (allowed(c, rt)) return next();
    if (c.req.path === '/__saf/ui/events') return c.text('admin token required', 401);
    return c.html(<Login failed={false} />, 401);
  });
  ui.use('/__saf/ui', async (c, next) => (allowed(c, rt) ? next() : c.html(<Login failed={false} />, 401)));

  ui.get('/__saf/ui', (c) => c.html(<Dashboard version={rt.version} guarded={rt.config.adminToken !== undefined} />));
  ui.get('/__saf/ui/', (c) => c.redirect('/__saf/ui', 301));
  ui.get('/__saf/ui/events', (c) => journalEvents(c, rt));
  ui.get('/__saf/ui/phone', async (c) => {
    const keys = rt.credentials.list().map((k) => k.id);
    const key = c.req.query('accessKeyId') ?? (keys.length === 1 ? keys[0]! : '');
    const list = key ? (await rt.verifications.list(key)).filter((v) => v.flow === 'app') : [];
    return c.html(<PhonePage accessKeyId={key} keys={keys} verifications={list} done={c.req.query('done') ?? ''} />);
  });
  ui.all('/__saf/ui/*', (c) => c.html(<p>Not found: {c.req.path}</p>, 404));
  ui.all('/__saf/pages/*', (c) => c.html(<p>Not found: {c.req.path}</p>, 404));
  return ui;
}
