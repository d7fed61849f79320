import type { Context } from 'hono';
import { SUB_CODES } from '../cloudauth/codes.js';
import { subCodeOf } from '../lifecycle/outcomes.js';
import { CERTIFY_PAGE_PATH, CERTIFY_VALIDITY_MS } from '../lifecycle/urls.js';
import type { Runtime } from '../runtime.js';
import { maskCertNumber, type Verification } from '../saf/sessions.js';
import { Page, maskName } from './layout.js';
import { findVerification } from './lookup.js';
import { OutcomeButtons } from './pages.js';
import type { PageOutcome } from './outcomes.js';

/** The CertifyUrl page's choices: passed (SubCode 200) and each documented failing SubCode. */
export const CERTIFY_OUTCOMES: readonly PageOutcome[] = [
  { id: 'passed', label: '认证通过 (face matched)', status: 'passed', answers: 'Passed "T", SubCode "200"' },
  ...SUB_CODES.filter((s) => s.passed === 'F').map<PageOutcome>((s) => ({ id: s.subCode, label: s.zh, status: 'failed', answers: `Passed "F", SubCode "${s.subCode}"` })),
];

const CSS = `
.phone { max-width: 440px; margin: 0 auto; }
.brand { display: flex; align-items: center; gap: 10px; margin-bottom: 8px; }
.face { width: 64px; height: 64px; border-radius: 50%; border: 3px solid var(--accent); display: grid; place-items: center; font-size: 30px; flex: none; }
dl.identity { display: grid; grid-template-columns: auto 1fr; gap: 2px 12px; margin: 8px 0 14px; }
dl.identity dt { color: var(--muted); } dl.identity dd { margin: 0; overflow-wrap: anywhere; }
.banner { background: #fff4e5; border: 1px solid #e0b26b; border-radius: 8px; padding: 8px 10px; font-size: .9rem; }
`;

type State = { kind: 'unknown' } | { kind: 'expired'; v: Verification } | { kind: 'used'; v: Verification } | { kind: 'open'; v: Verification };

/** A CertifyId is valid 30 minutes and for one submission (fin-face-verify.md §3.3); --complete-after does not count as one. */
function stateOf(v: Verification | undefined, now: number): State {
  if (!v) return { kind: 'unknown' };
  if (v.status !== 'pending' && v.completeAt === undefined) return { kind: 'used', v };
  if (now - v.createdAt > CERTIFY_VALIDITY_MS) return { kind: 'expired', v };
  return { kind: 'open', v };
}

function productName(v: Verification): string {
  return v.product === 'cloudauth' ? `Cloudauth ${v.productCode ?? 'InitFaceVerify'}` : `SAF fin_face_verify${v.productCode ? ` (${v.productCode})` : ''}`;
}

function Shell(props: { title: string; children?: unknown }) {
  return (
    <Page title={`${props.title} · saf-mock`} css={CSS}>
      <main class="phone">
        <div class="brand">
          <div class="face" aria-hidden="true">☺</div>
          <div>
            <h1>{props.title}</h1>
            <div class="muted">saf-mock: simulated verification page (CertifyUrl)</div>
          </div>
        </div>
        {props.children}
      </main>
    </Page>
  );
}

function StatePage(props: { state: Exclude<State, { kind: 'open' }>; certifyId: string }) {
  const { state } = props;
  if (state.kind === 'unknown') {
    return (
      <Shell title="Invalid CertifyId">
        <p role="alert">
          无效的certifyId (406): <code>{props.certifyId || '(none given)'}</code> is not a verification of this mock (never created here, or the mock was reset).
        </p>
      </Shell>
    );
  }
  if (state.kind === 'expired') {
    return (
      <Shell title="CertifyUrl expired">
        <p role="alert">This CertifyUrl has expired: a CertifyId is valid for 30 minutes after InitFaceVerify. Start a new verification.</p>
        <p class="mono">{state.v.id}</p>
      </Shell>
    );
  }
  return (
    <Shell title="Already submitted">
      <p role="alert">
        This CertifyUrl was already used: the verification was submitted ({state.v.status}, SubCode {subCodeOf(state.v)}). A CertifyId is usable for one submission.
      </p>
      <p class="mono">{state.v.id}</p>
    </Shell>
  );
}

function OpenPage(props: { v: Verification }) {
  const { v } = props;
  return (
    <Shell title="Face verification">
      <p class="banner">No camera here: choose what the face scan does. The verification completes, its CallbackUrl is called, and the browser goes back to ReturnUrl.</p>
      <dl class="identity">
        <dt>Product</dt>
        <dd>{productName(v)}</dd>
        <dt>Name</dt>
        <dd>{maskName(v.name)}</dd>
        <dt>ID number</dt>
        <dd class="mono">{maskCertNumber(v.certNumber)}</dd>
        <dt>CertifyId</dt>
        <dd class="mono">{v.id}</dd>
        <dt>Returns to</dt>
        <dd class="mono">{v.returnUrl || '(no ReturnUrl: this page shows the result)'}</dd>
      </dl>
      <form method="post" action={`${CERTIFY_PAGE_PATH}?certifyId=${encodeURIComponent(v.id)}&accessKeyId=${encodeURIComponent(v.accessKeyId)}`}>
        <OutcomeButtons outcomes={CERTIFY_OUTCOMES} queryMethod={v.product === 'cloudauth' ? 'DescribeFaceVerify' : 'query'} />
      </form>
    </Shell>
  );
}

/**
 * Where the browser goes after a submission: ReturnUrl with `certifyId`, `passed` (T/F) and `subCode` added
 * (what the real service appends is UNCONFIRMED, fin-face-verify.md §6). Schemes that run code are refused.
 */
export function returnTarget(returnUrl: string | undefined, v: Verification): string | undefined {
  if (!returnUrl) return undefined;
  let url: URL;
  try {
    url = new URL(returnUrl);
  } catch {
    return undefined;
  }
  if (/^(javascript|data|vbscript|blob|file):$/i.test(url.protocol)) return undefined;
  const sub = subCodeOf(v);
  url.searchParams.append('certifyId', v.id);
  url.searchParams.append('passed', sub === '200' ? 'T' : 'F');
  url.searchParams.append('subCode', sub);
  return url.toString();
}

function status(state: State): 200 | 404 | 409 | 410 {
  return state.kind === 'unknown' ? 404 : state.kind === 'used' ? 409 : state.kind === 'expired' ? 410 : 200;
}

export async function certifyGet(c: Context, rt: Runtime): Promise<Response> {
  const certifyId = c.req.query('certifyId') ?? '';
  const state = stateOf(await findVerification(rt, certifyId, 'certify', c.req.query('accessKeyId')), rt.now());
  return state.kind === 'open' ? c.html(<OpenPage v={state.v} />) : c.html(<StatePage state={state} certifyId={certifyId} />, status(state));
}

export async function certifyPost(c: Context, rt: Runtime, outcomeId: string): Promise<Response> {
  const certifyId = c.req.query('certifyId') ?? '';
  const state = stateOf(await findVerification(rt, certifyId, 'certify', c.req.query('accessKeyId')), rt.now());
  if (state.kind !== 'open') return c.html(<StatePage state={state} certifyId={certifyId} />, status(state));
  const outcome = CERTIFY_OUTCOMES.find((o) => o.id === outcomeId);
  if (!outcome) return c.html(<OpenPage v={state.v} />, 400);
  const submitted = await rt.lifecycle.submit(state.v, outcome.id);
  if (!submitted.ok) {
    const now = stateOf(state.v, rt.now());
    return c.html(<StatePage state={now.kind === 'open' ? { kind: 'used', v: state.v } : now} certifyId={certifyId} />, 409);
  }
  const target = returnTarget(state.v.returnUrl, submitted.verification);
  if (target) return c.redirect(target, 303);
  return c.html(
    <Shell title={outcome.status === 'passed' ? 'Verification passed' : 'Verification failed'}>
      <p role="status">
        Submitted as <strong>{outcome.id}</strong>: {outcome.answers}. No ReturnUrl was given, so the browser stays here.
      </p>
    </Shell>,
  );
}
