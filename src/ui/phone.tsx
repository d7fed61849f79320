import { maskCertNumber, type Verification } from '../saf/sessions.js';
import { Page, maskName } from './layout.js';
import { faceVerifyOutcomes } from './outcomes.js';
import { OutcomeButtons } from './pages.js';

const PHONE_CSS = `
.phone { max-width: 440px; margin: 0 auto; }
.pending { border-color: var(--accent); }
.meta { font-size: .9rem; }
.banner { background: #e6f4ea; border: 1px solid #6fbf84; border-radius: 8px; padding: 8px 10px; }
`;

/** "Play the phone": a key's app-flow verifications, the pending ones first, each completable with one tap. */
export function PhonePage(props: { accessKeyId: string; keys: readonly string[]; verifications: readonly Verification[]; done: string }) {
  const list = [...props.verifications].sort((a, b) => (a.status === 'pending' ? 0 : 1) - (b.status === 'pending' ? 0 : 1) || b.createdAt - a.createdAt);
  const pending = list.filter((v) => v.status === 'pending');
  const finished = list.filter((v) => v.status !== 'pending');
  const [doneId, doneOutcome] = props.done.split(':');
  return (
    <Page title="Phone · saf-mock" css={PHONE_CSS}>
      <main class="phone">
        <h1>Phone: app-flow verifications</h1>
        <form method="get" action="/__saf/ui/phone">
          <label for="key">AccessKeyId</label>
          <input id="key" name="accessKeyId" value={props.accessKeyId} list="keys" autocomplete="off" />
          <datalist id="keys">
            {props.keys.map((k) => (
              <option value={k} />
            ))}
          </datalist>{' '}
          <button type="submit" class="small">
            Show
          </button>
        </form>
        {doneId ? (
          <p role="status" class="banner">
            {doneId} completed as <strong>{doneOutcome}</strong>.
          </p>
        ) : (
          ''
        )}
        <h2>Pending ({pending.length})</h2>
        {pending.length === 0 ? <p class="muted">No pending verification for this key. Start one with init (or run the mock with --complete-after never to keep new ones pending).</p> : ''}
        {pending.map((v) => (
          <Item v={v} />
        ))}
        <details>
          <summary>Finished ({finished.length})</summary>
          {finished.map((v) => (
            <Item v={v} />
          ))}
        </details>
      </main>
    </Page>
  );
}

function Item(props: { v: Verification }) {
  const { v } = props;
  return (
    <article class={`card ${v.status === 'pending' ? 'pending' : ''}`} aria-label={`Verification ${v.id}`}>
      <div class="meta">
        <strong>{maskName(v.name)}</strong> · <span class="mono">{maskCertNumber(v.certNumber)}</span>
        <br />
        queryId <span class="mono">{v.id}</span> · {v.status}
        {v.outcomeId ? ` (${v.outcomeId})` : ''}
      </div>
      <form method="post" action={`/__saf/pages/app?queryId=${encodeURIComponent(v.id)}&accessKeyId=${encodeURIComponent(v.accessKeyId)}&back=phone`}>
        <OutcomeButtons outcomes={faceVerifyOutcomes('app')} queryMethod="query" />
      </form>
    </article>
  );
}
