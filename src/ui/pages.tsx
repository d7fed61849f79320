import { Hono, type Context } from 'hono';
import type { Runtime } from '../runtime.js';
import { maskCertNumber, type Flow, type Verification } from '../saf/sessions.js';
import { certifyGet, certifyPost } from './certify.js';
import { CERTIFY_PAGE_PATH } from '../lifecycle/urls.js';
import { Page, maskName } from './layout.js';
import { faceVerifyOutcomes, findOutcome, h5Message, type PageOutcome } from './outcomes.js';
import { findVerification } from './lookup.js';

/** JSON safe inside an inline <script>: no "</script>" or comment openers can break out of it. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

function statusText(v: Verification): string {
  if (v.status === 'pending') return 'pending (query answers 300)';
  if (v.status === 'passed') return 'passed';
  return `failed with ${v.outcomeId ?? 'a failure'}`;
}

function Identity(props: { v: Verification; idLabel: string }) {
  const { v } = props;
  return (
    <dl class="identity">
      <dt>Name</dt>
      <dd>{maskName(v.name)}</dd>
      <dt>ID number</dt>
      <dd class="mono">{maskCertNumber(v.certNumber)}</dd>
      <dt>{props.idLabel}</dt>
      <dd class="mono">{v.id}</dd>
      <dt>State now</dt>
      <dd data-testid="state">{statusText(v)}</dd>
    </dl>
  );
}

/** The outcome buttons: each one's accessible name starts with the outcome's id (passed, Z1146, …). */
export function OutcomeButtons(props: { outcomes: readonly PageOutcome[]; queryMethod: string }) {
  return (
    <div class="outcomes" role="group" aria-label="Choose the outcome of the face scan">
      {props.outcomes.map((o) => (
        <button type="submit" name="outcome" value={o.id} class={o.status === 'passed' ? '' : 'secondary'}>
          <span class="id">{o.id}</span> {o.label}
          <span class="note">
            {props.queryMethod} then answers {o.answers}
          </span>
        </button>
      ))}
    </div>
  );
}

const PAGE_CSS = `
.phone { max-width: 440px; margin: 0 auto; }
.brand { display: flex; align-items: center; gap: 10px; margin-bottom: 8px; }
.face { width: 64px; height: 64px; border-radius: 50%; border: 3px solid var(--accent); display: grid; place-items: center; font-size: 30px; flex: none; }
dl.identity { display: grid; grid-template-columns: auto 1fr; gap: 2px 12px; margin: 8px 0 14px; }
dl.identity dt { color: var(--muted); } dl.identity dd { margin: 0; overflow-wrap: anywhere; }
.banner { background: #fff4e5; border: 1px solid #e0b26b; border-radius: 8px; padding: 8px 10px; font-size: .9rem; }
`;

function NotFound(props: { what: string; id: string }) {
  return (
    <Page title="Verification not found · saf-mock" css={PAGE_CSS}>
      <main class="phone">
        <h1>Verification not found</h1>
        <p role="alert">
          No {props.what} <code>{props.id || '(none given)'}</code> on this mock: it was never created here, it expired (sessions live
          for the configured TTL), or the mock was reset.
        </p>
        <p>
          <a href="/__saf/ui">Open the dashboard</a> to see the sessions.
        </p>
      </main>
    </Page>
  );
}

/** The stand-in of the page the H5 flow embeds by zimId (saf-api.md §4.3). */
function H5Page(props: { v: Verification }) {
  const { v } = props;
  return (
    <Page title="刷脸认证 · saf-mock H5" css={PAGE_CSS} lang="en">
      <main class="phone">
        <div class="brand">
          <div class="face" aria-hidden="true">☺</div>
          <div>
            <h1>Face verification (H5)</h1>
            <div class="muted">saf-mock stand-in for identification_jry.html</div>
          </div>
        </div>
        <p class="banner">No camera here: choose what the face scan does. The page then completes the verification and posts its result to the parent window.</p>
        <Identity v={v} idLabel="zimId" />
        <form method="post" action={`/__saf/pages/h5?zimId=${encodeURIComponent(v.id)}&accessKeyId=${encodeURIComponent(v.accessKeyId)}`}>
          <OutcomeButtons outcomes={faceVerifyOutcomes('h5')} queryMethod="queryH5" />
        </form>
      </main>
    </Page>
  );
}

const POST_TO_PARENT = `
(function () {
  var msg = JSON.parse(document.getElementById('message').textContent);
  if (window.parent && window.parent !== window) window.parent.postMessage(msg, '*');
})();
`;

function H5Done(props: { v: Verification; outcome: PageOutcome }) {
  const message = h5Message(props.outcome);
  return (
    <Page title="刷脸认证完成 · saf-mock H5" css={PAGE_CSS} script={POST_TO_PARENT}>
      <main class="phone">
        <h1>{props.outcome.status === 'passed' ? 'Verification passed' : props.outcome.status === 'pending' ? 'Verification left unfinished' : 'Verification failed'}</h1>
        <p role="status">
          Outcome <strong>{props.outcome.id}</strong>: queryH5 now answers {props.outcome.answers}.
        </p>
        <p>Message posted to the parent window:</p>
        <pre id="message">{JSON.stringify(message)}</pre>
        <p>
          <a href={`/__saf/pages/h5?zimId=${encodeURIComponent(props.v.id)}&accessKeyId=${encodeURIComponent(props.v.accessKeyId)}`}>Choose again</a>
        </p>
      </main>
    </Page>
  );
}

const DEMO_SCRIPT = `
(function () {
  var list = document.getElementById('messages');
  window.addEventListener('message', function (event) {
    if (event.origin !== window.location.origin) return;
    var item = document.createElement('li');
    var d = event.data || {};
    item.setAttribute('data-retcode', String(d.retCode));
    item.textContent = JSON.stringify(d);
    var none = document.getElementById('no-messages');
    if (none) none.remove();
    list.insertBefore(item, list.firstChild);
  });
})();
`;

const DEMO_CSS = `
.demo { display: grid; gap: 16px; grid-template-columns: minmax(300px, 420px) 1fr; align-items: start; }
@media (max-width: 760px) { .demo { grid-template-columns: 1fr; } }
iframe { width: 100%; height: 760px; border: 2px solid var(--line); border-radius: 14px; background: #fff; }
#messages li { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .88rem; margin: 4px 0; overflow-wrap: anywhere; }
`;

/** "Your app": a host page embedding the H5 page, showing every message it receives. */
function DemoHost(props: { zimId: string; accessKeyId: string }) {
  const src = `/__saf/pages/h5?zimId=${encodeURIComponent(props.zimId)}${props.accessKeyId ? `&accessKeyId=${encodeURIComponent(props.accessKeyId)}` : ''}`;
  return (
    <Page title="Your app (H5 demo host) · saf-mock" css={DEMO_CSS} script={DEMO_SCRIPT}>
      <main>
        <h1>Your app: H5 face verification demo</h1>
        <p class="muted">
          This page plays your web page: it embeds the verification page in an iframe, as the real flow does with
          <code>{' <iframe src="https://zoloz.cloud.alipay.com/gjj/identification_jry.html?zimId=…" allow="camera">'}</code>, and lists the
          postMessage events it receives.
        </p>
        <form method="get" action="/__saf/pages/h5-demo">
          <label for="zimId">zimId (from initH5)</label>
          <input id="zimId" name="zimId" value={props.zimId} size={36} class="mono" />{' '}
          <button type="submit" class="small">
            Open
          </button>
        </form>
        {props.zimId ? (
          <div class="demo">
            <iframe src={src} title="Face verification page (H5)" allow="camera"></iframe>
            <section aria-labelledby="received">
              <h2 id="received">Messages received</h2>
              <ol id="messages" aria-live="polite">
                <li id="no-messages" class="muted">
                  None yet: choose an outcome in the page.
                </li>
              </ol>
              <h3>What your page does with them</h3>
              <pre>{`window.addEventListener('message', (e) => {
  const { retCode, retCodeSub, retMessageSub } = e.data;
  // 1000 passed, 1003 user left, 2006 failed:
  // then ask your server to call queryH5 for the result.
});`}</pre>
            </section>
          </div>
        ) : (
          ''
        )}
      </main>
    </Page>
  );
}

function AppPage(props: { v: Verification; done?: PageOutcome }) {
  const { v, done } = props;
  return (
    <Page title="Face verification (app) · saf-mock" css={PAGE_CSS}>
      <main class="phone">
        <div class="brand">
          <div class="face" aria-hidden="true">☺</div>
          <div>
            <h1>Face verification (app SDK)</h1>
            <div class="muted">saf-mock stand-in for the native SDK's face scan</div>
          </div>
        </div>
        {done ? (
          <p role="status" class="banner">
            Completed as <strong>{done.id}</strong>: query now answers {done.answers}.
          </p>
        ) : (
          ''
        )}
        <Identity v={v} idLabel="queryId" />
        <form method="post" action={`/__saf/pages/app?queryId=${encodeURIComponent(v.id)}&accessKeyId=${encodeURIComponent(v.accessKeyId)}`}>
          <OutcomeButtons outcomes={faceVerifyOutcomes('app')} queryMethod="query" />
        </form>
      </main>
    </Page>
  );
}

/** Through the one lifecycle (src/lifecycle), as the control API completes: callbacks fire the same way. */
async function complete(rt: Runtime, v: Verification, outcome: PageOutcome): Promise<void> {
  await rt.lifecycle.submit(v, outcome.status === 'pending' ? 'pending' : outcome.id);
}

async function formField(c: Context, name: string): Promise<string> {
  const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
  const value = body[name];
  return typeof value === 'string' ? value : '';
}

/** The verification pages: open to whoever holds the id, as the real pages are. */
export function pageRoutes(rt: Runtime): Hono {
  const pages = new Hono();
  const lookup = (c: Context, flow: Flow, idParam: string) => findVerification(rt, c.req.query(idParam) ?? '', flow, c.req.query('accessKeyId'));

  pages.get('/__saf/pages/h5', async (c) => {
    const v = await lookup(c, 'h5', 'zimId');
    return v ? c.html(<H5Page v={v} />) : c.html(<NotFound what="zimId" id={c.req.query('zimId') ?? ''} />, 404);
  });

  pages.post('/__saf/pages/h5', async (c) => {
    const v = await lookup(c, 'h5', 'zimId');
    if (!v) return c.html(<NotFound what="zimId" id={c.req.query('zimId') ?? ''} />, 404);
    const outcome = findOutcome('h5', await formField(c, 'outcome'));
    if (!outcome) return c.html(<H5Page v={v} />, 400);
    await complete(rt, v, outcome);
    return c.html(<H5Done v={v} outcome={outcome} />);
  });

  pages.get('/__saf/pages/h5-demo', (c) => c.html(<DemoHost zimId={c.req.query('zimId') ?? ''} accessKeyId={c.req.query('accessKeyId') ?? ''} />));

  pages.get('/__saf/pages/app', async (c) => {
    const v = await lookup(c, 'app', 'queryId');
    if (!v) return c.html(<NotFound what="queryId" id={c.req.query('queryId') ?? ''} />, 404);
    const done = c.req.query('done');
    return c.html(<AppPage v={v} done={done ? findOutcome('app', done) : undefined} />);
  });

  pages.post('/__saf/pages/app', async (c) => {
    const v = await lookup(c, 'app', 'queryId');
    if (!v) return c.html(<NotFound what="queryId" id={c.req.query('queryId') ?? ''} />, 404);
    const outcome = findOutcome('app', await formField(c, 'outcome'));
    if (!outcome) return c.html(<AppPage v={v} />, 400);
    await complete(rt, v, outcome);
    const back = c.req.query('back');
    // The phone list posts here too and wants to come back to itself.
    if (back === 'phone') return c.redirect(`/__saf/ui/phone?accessKeyId=${encodeURIComponent(v.accessKeyId)}&done=${encodeURIComponent(v.id)}:${encodeURIComponent(outcome.id)}`, 303);
    return c.redirect(`/__saf/pages/app?queryId=${encodeURIComponent(v.id)}&accessKeyId=${encodeURIComponent(v.accessKeyId)}&done=${encodeURIComponent(outcome.id)}`, 303);
  });

  pages.get(CERTIFY_PAGE_PATH, (c) => certifyGet(c, rt));
  pages.post(CERTIFY_PAGE_PATH, async (c) => certifyPost(c, rt, await formField(c, 'outcome')));

  return pages;
}
