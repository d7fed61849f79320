import { Hono, type Context } from 'hono';
import { appliesEverywhere, CATALOG, renderedCode, type CatalogEntry } from '../saf/catalog.js';
import { outcomeOf } from '../saf/face-verify/init.js';
import { viewOf, type Verification } from '../saf/sessions.js';
import { loadFaker } from '../saf/data-gen.js';
import type { Runtime } from '../runtime.js';
import { FAULT_LIST } from '../scenarios/faults.js';
import { MAGIC_CERT_NUMBERS, MAGIC_NAME_PREFIX } from '../scenarios/magic.js';
import { FixtureError } from '../scenarios/rules.js';
import { readContract } from '../contracts.js';
import { QUERY_METHODS } from '../saf/catalog.js';
import type { JournalFilter } from '../journal.js';
import { adminTokenFromCookie } from '../ui/auth.js';
import { originOf, pagePath } from '../ui/lookup.js';

type Status = 400 | 401 | 404;

function fail(c: Context, status: Status, code: string, message: string): Response {
  return c.json({ error: { code, message } }, status);
}

async function jsonBody(c: Context, required: boolean): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const text = await c.req.text();
  if (text.trim() === '') {
    return required ? { ok: false, response: fail(c, 400, 'MissingBody', 'A JSON body is required.') } : { ok: true, value: undefined };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, response: fail(c, 400, 'InvalidJson', `The body is not valid JSON: ${(e as Error).message}`) };
  }
}

export function scenarioView(entry: CatalogEntry) {
  const everywhere = appliesEverywhere(entry);
  return {
    id: entry.id,
    // The unified codes answer any method of either service.
    service: everywhere ? 'any' : entry.service,
    methods: everywhere ? ['any'] : entry.methods,
    code: entry.code,
    resultCode: entry.resultCode ?? null,
    subCode: entry.subCode ?? null,
    message: entry.message,
    unified: renderedCode(entry, 'unified'),
    outcome: entry.outcome,
    description: entry.description,
    ...(entry.intl ? { data: entry.intl } : {}),
  };
}

/** The control API under /__saf/: JSON in and out, no signature; an optional admin token guards it. */
export function controlRoutes(rt: Runtime): Hono {
  const api = new Hono();

  api.get('/health', (c) =>
    c.json({
      status: 'ok',
      name: 'saf-mock',
      version: rt.version,
      uptimeSeconds: Math.round((rt.now() - rt.startedAt) / 1000),
      codes: rt.config.codes,
      dataShape: rt.config.dataShape,
      seed: rt.data.seeded ? rt.data.seed : null,
    }),
  );

  api.use('*', async (c, next) => {
    const token = rt.config.adminToken;
    if (token === undefined) return next();
    // The dashboard's browser sends the token as its HttpOnly cookie (set once at /__saf/ui/login).
    const given = c.req.header('x-saf-mock-admin-token') ?? c.req.header('authorization')?.replace(/^Bearer\s+/i, '') ?? adminTokenFromCookie(c.req.header('cookie'));
    if (given !== token) return fail(c, 401, 'Unauthorized', 'This control API needs the admin token: header x-saf-mock-admin-token or Authorization: Bearer <token>.');
    return next();
  });

  api.post('/reset', async (c) => {
    const body = await jsonBody(c, false);
    if (!body.ok) return body.response;
    const value = body.value;
    // A malformed body must not fall through to "reset everything" on an instance other jobs share.
    if (value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      return fail(c, 400, 'InvalidBody', 'The body must be a JSON object such as {"accessKeyId":"…"}, or empty to reset everything.');
    }
    const fromBody = (value as { accessKeyId?: unknown } | undefined)?.accessKeyId;
    if (fromBody !== undefined && (typeof fromBody !== 'string' || fromBody === '')) {
      return fail(c, 400, 'InvalidAccessKeyId', `accessKeyId must be a non-empty string, got ${JSON.stringify(fromBody)}.`);
    }
    const accessKeyId = c.req.query('accessKeyId') ?? fromBody;
    rt.reset(accessKeyId);
    return c.json({ reset: accessKeyId ?? 'all' });
  });

  api.get('/scenarios', (c) =>
    c.json({
      scenarios: CATALOG.map(scenarioView),
      faults: FAULT_LIST,
      magicValues: {
        namePrefix: MAGIC_NAME_PREFIX,
        certNumbers: MAGIC_CERT_NUMBERS,
      },
      headers: ['x-saf-mock-scenario', 'x-saf-mock-delay', 'x-saf-mock-fault'],
    }),
  );

  api.get('/requests', (c) => {
    const limit = c.req.query('limit');
    if (limit !== undefined && !/^\d+$/.test(limit)) return fail(c, 400, 'InvalidLimit', `limit must be a whole number, got "${limit}".`);
    const filter: JournalFilter = {
      accessKeyId: c.req.query('accessKeyId'),
      method: c.req.query('method'),
      outcome: c.req.query('outcome'),
      code: c.req.query('code'),
      limit: limit === undefined ? undefined : Number(limit),
    };
    const outcomes = ['success', 'failure', 'gateway-error', 'fault'];
    if (filter.outcome !== undefined && !outcomes.includes(filter.outcome)) {
      return fail(c, 400, 'InvalidOutcome', `outcome must be one of ${outcomes.join(', ')}, got "${filter.outcome}".`);
    }
    return c.json({ requests: rt.journal.list(filter) });
  });

  /** A session as the control API shows it, with the page that plays its client side (on the host the caller used). */
  const sessionView = (c: Context, v: Verification) => ({ ...viewOf(v), pageUrl: originOf(c.req.header('host'), 'http://127.0.0.1') + pagePath(v) });

  api.get('/sessions', (c) => c.json({ sessions: rt.verifications.list(c.req.query('accessKeyId')).map((v) => sessionView(c, v)) }));

  api.get('/sessions/:id', (c) => {
    const found = rt.verifications.list(c.req.query('accessKeyId')).find((v) => v.id === c.req.param('id'));
    return found ? c.json(sessionView(c, found)) : fail(c, 404, 'SessionNotFound', `No verification "${c.req.param('id')}"; GET /__saf/sessions lists them.`);
  });

  api.post('/sessions/:id/complete', async (c) => {
    const body = await jsonBody(c, true);
    if (!body.ok) return body.response;
    const value = body.value as { outcome?: unknown; accessKeyId?: unknown } | null;
    const outcome = value && typeof value === 'object' ? value.outcome : undefined;
    const allowed = ['passed', 'pending', ...CATALOG.filter((e) => e.service === 'face_verify' && e.methods.some((m) => QUERY_METHODS.includes(m)) && e.outcome !== 'success').map((e) => e.id)];
    if (typeof outcome !== 'string' || !allowed.includes(outcome)) {
      return fail(c, 400, 'InvalidOutcome', `outcome must be one of: ${allowed.join(', ')}; got ${JSON.stringify(outcome ?? null)}.`);
    }
    const id = c.req.param('id');
    const scope = typeof value?.accessKeyId === 'string' ? value.accessKeyId : c.req.query('accessKeyId');
    const found = rt.verifications.list(scope).find((v) => v.id === id);
    if (!found) return fail(c, 404, 'SessionNotFound', `No verification "${id}"; GET /__saf/sessions lists them.`);
    const done = rt.verifications.complete(found.accessKeyId, id, outcomeOf(outcome));
    return c.json(sessionView(c, done!));
  });

  api.get('/fixtures', (c) => c.json({ rules: rt.fixtures.list(c.req.query('accessKeyId')) }));

  api.put('/fixtures', async (c) => {
    const body = await jsonBody(c, true);
    if (!body.ok) return body.response;
    const scope = c.req.query('accessKeyId') ?? '';
    try {
      const rules = rt.fixtures.put(scope, body.value);
      return c.json({ scope: scope || null, rules: rules.map((r) => r.rule.id) });
    } catch (e) {
      if (e instanceof FixtureError) return c.json({ error: { code: 'InvalidFixture', message: e.message, path: e.path, reason: e.reason } }, 400);
      throw e;
    }
  });

  api.delete('/fixtures', (c) => {
    const scope = c.req.query('accessKeyId');
    rt.fixtures.delete(scope);
    return c.json({ deleted: scope ?? 'all' });
  });

  api.post('/fixtures/reload', (c) => c.json({ reloaded: rt.fixtures.reload() }));

  api.get('/identities', async (c) => {
    const count = Number(c.req.query('count') ?? '1');
    if (!Number.isInteger(count) || count < 1 || count > 100) return fail(c, 400, 'InvalidCount', 'count must be a whole number from 1 to 100.');
    const scope = c.req.query('accessKeyId') ?? '__identities__';
    await loadFaker();
    return c.json({ identities: Array.from({ length: count }, () => rt.data.identity(scope)) });
  });

  api.get('/contracts/:file', (c) => {
    const file = c.req.param('file');
    if (!/^[\w.-]+\.schema\.json$/.test(file)) return fail(c, 404, 'ContractNotFound', `No contract "${file}".`);
    try {
      return c.json(readContract(file));
    } catch {
      return fail(c, 404, 'ContractNotFound', `No contract "${file}".`);
    }
  });

  api.all('*', (c) => fail(c, 404, 'NotFound', `No control endpoint ${c.req.method} ${c.req.path}; see the README's control API section.`));

  return api;
}
