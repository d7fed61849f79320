import { raw } from 'hono/html';
import { Page } from './layout.js';
import { HINTS } from './hints.js';
import { faceVerifyOutcomes } from './outcomes.js';
import { DASHBOARD_SCRIPT } from './dashboard-script.js';
import { scriptJson } from './pages.js';
import { CERTIFY_OUTCOMES } from './certify.js';

const DASHBOARD_CSS = `
header.top { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: baseline; border-bottom: 1px solid var(--line); padding-bottom: 8px; }
nav ul { display: flex; flex-wrap: wrap; gap: 4px 14px; list-style: none; padding: 0; margin: 8px 0; }
.filters { display: flex; flex-wrap: wrap; gap: 8px 14px; align-items: end; }
.filters > div { min-width: 160px; }
.table-wrap { overflow-x: auto; position: relative; }
#journal td, #sessions td { overflow-wrap: anywhere; }
#journal td.mono, #sessions td.mono { font-size: .8rem; }
#journal td:last-child { white-space: nowrap; overflow-wrap: normal; }
/* On a phone the tables keep their rows on one line and scroll sideways inside their own box. */
@media (max-width: 700px) { #journal td, #sessions td { white-space: nowrap; overflow-wrap: normal; } }
#detail { border: 2px solid var(--accent); min-width: 0; }
.live-grid { display: grid; gap: 0 16px; grid-template-columns: 1fr; }
.live-grid > section { min-width: 0; }
@media (min-width: 1200px) { main { max-width: 1500px; } .live-grid:has(#detail:not([hidden])) { grid-template-columns: 3fr 2fr; } }
dl.kv { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; } dl.kv dt { color: var(--muted); } dl.kv dd { margin: 0; overflow-wrap: anywhere; }
.sig { border-left: 4px solid var(--bad); padding-left: 10px; margin: 8px 0; }
.hint { background: #fff4e5; border: 1px solid #e0b26b; border-radius: 6px; padding: 6px 8px; }
.complete-group { display: flex; flex-wrap: wrap; gap: 4px; margin-top: 6px; }
summary { cursor: pointer; color: var(--accent); }
textarea { width: 100%; min-height: 120px; }
#metrics { columns: 2 320px; padding-left: 18px; }
#metrics li { overflow-wrap: anywhere; break-inside: avoid; }
`;

const RULE_EXAMPLE = '{"id": "ui-z1146", "match": {"method": "query"}, "scenario": "Z1146", "times": 1}';

/** The dashboard shell; its script fills it from the journal stream and the control API. */
export function Dashboard(props: { version: string; guarded: boolean; scope?: string }) {
  const config = {
    version: props.version,
    hints: HINTS,
    // "Complete as …" choices per product (the control API accepts these; src/lifecycle/outcomes.ts).
    outcomes: {
      face_verify: ['passed', 'pending', ...faceVerifyOutcomes('app').filter((o) => o.status === 'failed').map((o) => o.id)],
      cloudauth: ['passed', 'pending', ...CERTIFY_OUTCOMES.filter((o) => o.status === 'failed').map((o) => o.id)],
      fin_face_verify: ['passed', 'pending', ...CERTIFY_OUTCOMES.filter((o) => o.status === 'failed').map((o) => o.id)],
    },
  };
  return (
    <Page title="saf-mock dashboard" css={DASHBOARD_CSS} script={DASHBOARD_SCRIPT}>
      <script type="application/json" id="ui-config">
        {raw(scriptJson(config))}
      </script>
      <main>
        <header class="top">
          <h1>saf-mock dashboard</h1>
          <span class="muted">v{props.version}</span>
          {props.scope ? (
            <span>
              Signed in for AccessKeyId <strong class="mono">{props.scope}</strong> only
            </span>
          ) : (
            ''
          )}
          <span>
            Journal: <strong id="live" class="warn">connecting…</strong>
          </span>
          <a href="/__saf/ui/phone">Phone (app flow)</a>
          <a href="/__saf/pages/h5-demo">H5 demo host</a>
          {props.guarded ? (
            <form method="post" action="/__saf/ui/logout" style="display:inline">
              <button type="submit" class="small secondary">
                Sign out
              </button>
            </form>
          ) : (
            ''
          )}
        </header>
        <nav aria-label="Sections">
          <ul>
            <li><a href="#journal">Journal</a></li>
            <li><a href="#sessions">Sessions</a></li>
            <li><a href="#scenarios">Scenarios</a></li>
            <li><a href="#fixtures">Fixture rules</a></li>
            <li><a href="#metrics-section">Metrics</a></li>
          </ul>
        </nav>
        <div id="announce" role="status" aria-live="polite" class="sr-only"></div>

        <div class="live-grid">
        <section id="journal" aria-labelledby="journal-h">
          <h2 id="journal-h">Journal <span class="muted" id="journal-count"></span></h2>
          <div class="filters">
            <div>
              <label for="f-key">AccessKeyId</label>
              <input id="f-key" list="known-keys" placeholder="any key" autocomplete="off" />
              <datalist id="known-keys"></datalist>
            </div>
            <div>
              <label for="f-method">Service / method</label>
              <input id="f-method" placeholder="e.g. face_verify.query" autocomplete="off" />
            </div>
            <div>
              <label for="f-outcome">Outcome</label>
              <select id="f-outcome">
                <option value="">any</option>
                <option value="success">success</option>
                <option value="failure">failure</option>
                <option value="gateway-error">gateway-error</option>
                <option value="fault">fault</option>
              </select>
            </div>
          </div>
          <div class="table-wrap">
            <table>
              <caption class="sr-only">Requests, newest first</caption>
              <thead>
                <tr><th scope="col">Time</th><th scope="col">Key</th><th scope="col">Service.method</th><th scope="col">Status / Code</th><th scope="col">Decided by</th><th scope="col">Outcome</th><th scope="col"><span class="sr-only">Actions</span></th></tr>
              </thead>
              <tbody id="journal-rows"></tbody>
            </table>
          </div>
        </section>

        <section id="detail" class="card" hidden aria-labelledby="detail-title">
          <h2 id="detail-title" tabindex={-1}>Request</h2>
          <button type="button" id="detail-close" class="small secondary">Close details</button>
          <div id="detail-body"></div>
        </section>
        </div>

        <section id="sessions" aria-labelledby="sessions-h">
          <h2 id="sessions-h">Sessions <span class="muted" id="session-count"></span></h2>
          <button type="button" id="sessions-refresh" class="small secondary">Refresh sessions</button>
          <div class="table-wrap">
            <table>
              <thead>
                <tr><th scope="col">Id</th><th scope="col">Key</th><th scope="col">Flow</th><th scope="col">State</th><th scope="col">Page</th><th scope="col">Complete</th></tr>
              </thead>
              <tbody id="session-rows"></tbody>
            </table>
          </div>
        </section>

        <section id="scenarios" aria-labelledby="scenarios-h">
          <h2 id="scenarios-h">Scenario catalog</h2>
          <p class="muted">Send the header with any signed request, or use a magic value in ServiceParameters.</p>
          <h3>Magic values</h3>
          <ul id="magic"></ul>
          <p>Faults (<code>x-saf-mock-fault</code>): <span id="faults" class="mono"></span></p>
          <details>
          <summary>All scenarios (header values)</summary>
          <div class="table-wrap">
            <table>
              <thead>
                <tr><th scope="col">Id</th><th scope="col">Applies to</th><th scope="col">Code</th><th scope="col">Message</th><th scope="col">Header</th></tr>
              </thead>
              <tbody id="scenario-rows"></tbody>
            </table>
          </div>
          </details>
        </section>

        <section id="fixtures" aria-labelledby="fixtures-h">
          <h2 id="fixtures-h">Fixture rules <span class="muted" id="fixture-count"></span></h2>
          <div class="table-wrap">
            <table>
              <thead>
                <tr><th scope="col">Id</th><th scope="col">Source</th><th scope="col">Match</th><th scope="col">Answer</th><th scope="col"><span class="sr-only">Actions</span></th></tr>
              </thead>
              <tbody id="fixture-rows"></tbody>
            </table>
          </div>
          <form id="fixture-form" class="card">
            <h3>Add rules</h3>
            <label for="fixture-scope">AccessKeyId (empty: every key)</label>
            <input id="fixture-scope" autocomplete="off" />
            <label for="fixture-json">Rule in the fixture format (JSON: one rule, an array, or {'{"rules": […]}'})</label>
            <textarea id="fixture-json" class="mono" placeholder={RULE_EXAMPLE}></textarea>
            <p id="fixture-error" class="bad" role="alert"></p>
            <button type="submit">Add rules</button>
          </form>
        </section>

        <section id="metrics-section" aria-labelledby="metrics-h">
          <h2 id="metrics-h">Metrics in brief</h2>
          <ul id="metrics" class="mono"></ul>
        </section>
      </main>
    </Page>
  );
}

export function Login(props: { failed: boolean }) {
  return (
    <Page title="Sign in · saf-mock dashboard">
      <main style="max-width: 420px">
        <h1>saf-mock dashboard</h1>
        <p>This mock was started with <code>--admin-token</code>. Sign in once; the credential is kept in an HttpOnly cookie for this browser.</p>
        {props.failed ? (
          <p role="alert" class="bad">
            That is not the admin token, nor a configured key with its secret.
          </p>
        ) : (
          ''
        )}
        <form method="post" action="/__saf/ui/login" class="card">
          <h2>Every key</h2>
          <label for="token">Admin token</label>
          <input id="token" name="token" type="password" autocomplete="current-password" required />
          <p>
            <button type="submit">Sign in</button>
          </p>
        </form>
        <form method="post" action="/__saf/ui/login" class="card">
          <h2>One key only</h2>
          <label for="key-id">AccessKeyId</label>
          <input id="key-id" name="accessKeyId" autocomplete="username" required />
          <label for="key-secret">AccessKeySecret</label>
          <input id="key-secret" name="secret" type="password" autocomplete="current-password" required />
          <p>
            <button type="submit" class="secondary">Sign in with this key</button>
          </p>
        </form>
      </main>
    </Page>
  );
}
