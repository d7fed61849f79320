import { Hono, type Context } from 'hono';
import { appliesEverywhere, CATALOG, renderedCode, type CatalogEntry } from '../saf/catalog.js';
import { outcomeChoices } from '../lifecycle/outcomes.js';
import type { Product } from '../saf/sessions.js';
import { CLOUDAUTH_CATALOG, type CloudauthEntry } from '../cloudauth/catalog.js';
import { CLOUDAUTH_MAGIC_PARAMS } from '../cloudauth/decide.js';
import { viewOf, type Verification } from '../saf/sessions.js';
import { withCookieCredentials } from '../ui/auth.js';
import { originOf, pagePath } from '../ui/lookup.js';
import { loadFaker } from '../saf/data-gen.js';
import type { Runtime } from '../runtime.js';
import { FAULT_LIST } from '../scenarios/faults.js';
import { MAGIC_CERT_NUMBERS, MAGIC_NAME_FIELDS, MAGIC_NAME_PREFIX } from '../scenarios/magic.js';
import { FixtureError } from '../scenarios/rules.js';
import { readContract } from '../contracts.js';
import type { JournalFilter } from '../journal.js';
import { StoreUnavailableError } from '../store/types.js';
import { controlAccess, scopeFor, type ControlAccess } from './access.js';
import { scrapeMetrics } from '../metrics/exposition.js';

type Status = 400 | 401 | 403 | 404 | 409;
type Env = { Variables: { access: ControlAccess } };

const PRODUCTS: readonly Product[] = ['face_verify', 'fin_face_verify', 'cloudauth'];

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

/** A Cloudauth entry in the same shape as SAF's (service `cloudauth`, its actions as methods, Code a string). */
export function cloudauthScenarioView(entry: CloudauthEntry) {
  return {
    id: entry.id,
    service: 'cloudauth',
    methods: entry.actions,
    code: entry.code,
    resultCode: null,
    subCode: entry.subCode ?? null,
    message: entry.message,
    messageEn: entry.messageEn,
    outcome: entry.outcome,
    description: entry.description,
    ...(entry.passed ? { passed: entry.passed } : {}),
  };
}

/** The control API under /__saf/: JSON in and out, no signature; an optional admin token guards it. */
export function controlRoutes(rt: Runtime): Hono<Env> {
  const api = new Hono<Env>();

  // Store failures (Redis down or slow) answer 503: the control API never hangs on them.
  api.onError((err, c) => {
    if (err instanceof StoreUnavailableError) return c.json({ error: { code: 'StoreUnavailable', message: `The state store is unavailable: ${err.message}` } }, 503);
    throw err;
  });

  api.get('/health', async (c) => {
    const store = await rt.store.status();
    return c.json(
      {
        status: store.connected ? 'ok' : 'store-unavailable',
        name: 'saf-mock',
        version: rt.version,
        uptimeSeconds: Math.round((rt.now() - rt.startedAt) / 1000),
        codes: rt.config.codes,
        dataShape: rt.config.dataShape,
        seed: rt.data.seeded ? rt.data.seed : null,
        store: { kind: store.kind, connected: store.connected, ...(store.url ? { url: store.url } : {}) },
      },
      store.connected ? 200 : 503,
    );
  });

  // Who is asking decides what they may see and change (src/control/access.ts: admin, one key, or open).
  api.use('*', async (c, next) => {
    // The dashboard's browser sends its credential as an HttpOnly cookie (set once at /__saf/ui/login).
    const access = controlAccess({ adminToken: rt.config.adminToken, credentials: rt.credentials }, withCookieCredentials((name) => c.req.header(name)));
    if (access.kind === 'denied') return fail(c, 401, 'Unauthorized', access.message);
    c.set('access', access);
    return next();
  });

  /** The scope a route acts on, or the 403 answer when a per-key credential asks for another key. */
  const scoped = (c: Context<Env>, requested: string | undefined): { ok: true; scope: string | undefined } | { ok: false; response: Response } => {
    const r = scopeFor(c.get('access'), requested);
    return r.ok ? r : { ok: false, response: fail(c, 403, 'Forbidden', r.message) };
  };

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
    const target = scoped(c, c.req.query('accessKeyId') ?? fromBody);
    if (!target.ok) return target.response;
    const accessKeyId = target.scope;
    await rt.reset(accessKeyId);
    return c.json({ reset: accessKeyId ?? 'all' });
  });

  api.get('/scenarios', (c) =>
    c.json({
      scenarios: [...CATALOG.map(scenarioView), ...CLOUDAUTH_CATALOG.map(cloudauthScenarioView)],
      faults: FAULT_LIST,
      magicValues: {
        namePrefix: MAGIC_NAME_PREFIX,
        nameFields: MAGIC_NAME_FIELDS,
        cloudauthParams: CLOUDAUTH_MAGIC_PARAMS,
        certNumbers: MAGIC_CERT_NUMBERS,
      },
      headers: ['x-saf-mock-scenario', 'x-saf-mock-delay', 'x-saf-mock-fault'],
    }),
  );

  api.get('/requests', async (c) => {
    const limit = c.req.query('limit');
    if (limit !== undefined && !/^\d+$/.test(limit)) return fail(c, 400, 'InvalidLimit', `limit must be a whole number, got "${limit}".`);
    const target = scoped(c, c.req.query('accessKeyId'));
    if (!target.ok) return target.response;
    const filter: JournalFilter = {
      accessKeyId: target.scope,
      method: c.req.query('method'),
      outcome: c.req.query('outcome'),
      code: c.req.query('code'),
      limit: limit === undefined ? undefined : Number(limit),
    };
    const outcomes = ['success', 'failure', 'gateway-error', 'fault'];
    if (filter.outcome !== undefined && !outcomes.includes(filter.outcome)) {
      return fail(c, 400, 'InvalidOutcome', `outcome must be one of ${outcomes.join(', ')}, got "${filter.outcome}".`);
    }
    return c.json({ requests: await rt.journal.list(filter) });
  });

  /** A session as the control API shows it, with the page that plays its client side (on the host the caller used). */
  const sessionView = (c: Context, v: Verification) => ({ ...viewOf(v), pageUrl: originOf(c.req.header('host'), 'http://127.0.0.1') + pagePath(v) });

  api.get('/sessions', async (c) => {
    const product = c.req.query('product');
    if (product !== undefined && !(PRODUCTS as readonly string[]).includes(product)) return fail(c, 400, 'InvalidProduct', `product must be one of ${PRODUCTS.join(', ')}, got "${product}".`);
    const target = scoped(c, c.req.query('accessKeyId'));
    if (!target.ok) return target.response;
    const all = (await rt.verifications.list(target.scope)).map((v) => sessionView(c, v));
    return c.json({ sessions: product === undefined ? all : all.filter((v) => v.product === product) });
  });

  api.get('/sessions/:id', async (c) => {
    const target = scoped(c, c.req.query('accessKeyId'));
    if (!target.ok) return target.response;
    const found = (await rt.verifications.list(target.scope)).find((v) => v.id === c.req.param('id'));
    return found ? c.json(sessionView(c, found)) : fail(c, 404, 'SessionNotFound', `No verification "${c.req.param('id')}"; GET /__saf/sessions lists them.`);
  });

  api.post('/sessions/:id/complete', async (c) => {
    const body = await jsonBody(c, true);
    if (!body.ok) return body.response;
    const value = body.value as { outcome?: unknown; accessKeyId?: unknown } | null;
    const outcome = value && typeof value === 'object' ? value.outcome : undefined;
    const anyProduct = [...new Set(PRODUCTS.flatMap(outcomeChoices))];
    if (typeof outcome !== 'string' || !anyProduct.includes(outcome)) {
      return fail(c, 400, 'InvalidOutcome', `outcome must be one of: ${anyProduct.join(', ')} (those of the verification's product); got ${JSON.stringify(outcome ?? null)}.`);
    }
    const id = c.req.param('id');
    const target = scoped(c, typeof value?.accessKeyId === 'string' ? value.accessKeyId : c.req.query('accessKeyId'));
    if (!target.ok) return target.response;
    const found = (await rt.verifications.list(target.scope)).find((v) => v.id === id);
    if (!found) return fail(c, 404, 'SessionNotFound', `No verification "${id}"; GET /__saf/sessions lists them.`);
    const product = found.product ?? 'face_verify';
    // Any outcome of the verification's own product.
    const allowed = outcomeChoices(product);
    if (!allowed.includes(outcome)) {
      return fail(c, 400, 'InvalidOutcome', `outcome of a ${product} verification must be one of: ${allowed.join(', ')}; got ${JSON.stringify(outcome ?? null)}.`);
    }
    const submitted = await rt.lifecycle.submit(found, outcome);
    if (!submitted.ok) return fail(c, submitted.code === 'SessionNotFound' ? 404 : 409, submitted.code, submitted.message + '.');
    return c.json(sessionView(c, submitted.verification));
  });

  api.get('/fixtures', async (c) => {
    const target = scoped(c, c.req.query('accessKeyId'));
    return target.ok ? c.json({ rules: await rt.fixtures.list(target.scope) }) : target.response;
  });

  api.put('/fixtures', async (c) => {
    const body = await jsonBody(c, true);
    if (!body.ok) return body.response;
    const target = scoped(c, c.req.query('accessKeyId'));
    if (!target.ok) return target.response;
    // Without accessKeyId: the global rules (admin, open) or the key's own (a per-key credential).
    const scope = target.scope ?? '';
    try {
      const rules = await rt.fixtures.put(scope, body.value);
      return c.json({ scope: scope || null, rules: rules.map((r) => r.rule.id) });
    } catch (e) {
      if (e instanceof FixtureError) return c.json({ error: { code: 'InvalidFixture', message: e.message, path: e.path, reason: e.reason } }, 400);
      throw e;
    }
  });

  api.delete('/fixtures', async (c) => {
    const target = scoped(c, c.req.query('accessKeyId'));
    if (!target.ok) return target.response;
    const scope = target.scope;
    await rt.fixtures.delete(scope);
    return c.json({ deleted: scope ?? 'all' });
  });

  api.post('/fixtures/reload', (c) => {
    // The files are everybody's rules: reloading them is not one key's to do.
    if (c.get('access').kind === 'key') return fail(c, 403, 'Forbidden', 'Reloading the fixture files affects every key: it needs the admin token.');
    return c.json({ reloaded: rt.fixtures.reload() });
  });

  api.get('/metrics', async (c) => {
    // The series add up every key's requests (no AccessKeyId label): not one key's to read.
    if (c.get('access').kind === 'key') return fail(c, 403, 'Forbidden', "The metrics count every key's requests together: they need the admin token.");
    const scrape = await scrapeMetrics(rt);
    return c.body(scrape.text, 200, { 'content-type': scrape.contentType });
  });

  api.get('/identities', async (c) => {
    const count = Number(c.req.query('count') ?? '1');
    if (!Number.isInteger(count) || count < 1 || count > 100) return fail(c, 400, 'InvalidCount', 'count must be a whole number from 1 to 100.');
    const target = scoped(c, c.req.query('accessKeyId'));
    if (!target.ok) return target.response;
    const scope = target.scope ?? '__identities__';
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
