import { addJsonBodyParams, decodeForm, decodeSmallRequest, type Params } from './gateway/params.js';
import type { JsonValue } from './gateway/render.js';
import { elideParams, hideValues, type Hidden } from './journal-elide.js';
import { journalBody } from './journal-body.js';
import type { JournalDraft, JournalEntry, Scheme } from './journal.js';
import type { LargeTexts } from './large-text.js';

/** What the gateway knows of a request once it is answered: all a journal entry is made of. */
export interface RequestFacts {
  readonly time: number;
  readonly requestId: string;
  readonly accessKeyId: string | null;
  readonly httpMethod: string;
  readonly client: string | null;
  readonly scheme: Scheme;
  /** The signature was verified. */
  readonly authenticated: boolean;
  /** When it did not match: the server's string-to-sign (and ACS3's canonical request). */
  readonly stringToSign: string | undefined;
  readonly canonicalRequest: string | undefined;
  readonly action: string | null;
  readonly version: string | null;
  readonly service: string | null;
  readonly method: string | null;
  readonly scenario: string;
  readonly retryAttempts: string | null;
  readonly status: number;
  readonly code: string | number | null;
  readonly outcome: JournalEntry['outcome'];
  readonly durationMs: number;
  /** As sent: the raw query, the body's bytes and media type, and whether it was ACS3-signed. */
  readonly rawQuery: string;
  readonly body: Buffer;
  readonly contentType: string;
  readonly acs3: boolean;
  /** As decoded by the gateway, and ServiceParameters as the product parsed them. */
  readonly params: Params;
  readonly parsedServiceParameters: Readonly<Record<string, JsonValue>> | undefined;
  readonly large: LargeTexts | undefined;
  readonly responseText: string | undefined;
}

/** The entry: secrets and photos elided, the server's string-to-sign (hidden the same way) when the signature failed. */
export function entryOfFacts(f: RequestFacts): Omit<JournalEntry, 'id'> {
  const large = f.large;
  const unauthenticated = !f.authenticated;
  // What was hidden is needed only to hide it in a failed signature's string-to-sign too.
  const hidden: Hidden | undefined = unauthenticated && f.stringToSign !== undefined ? new Map() : undefined;
  const params = elideParams(f.params, f.parsedServiceParameters, hidden, large);
  // One object shape for every request (no spreads): fields that do not apply are undefined, which the
  // journal's JSON leaves out.
  return {
    time: new Date(f.time).toISOString(),
    requestId: f.requestId,
    accessKeyId: f.accessKeyId,
    httpMethod: f.httpMethod,
    client: f.client,
    scheme: f.scheme,
    signatureVerified: f.authenticated,
    // Never authenticated: kept in the journal's own ring for such requests (forged ones cannot evict a key's).
    unauthenticated: unauthenticated ? true : undefined,
    stringToSign: hidden && f.stringToSign !== undefined ? hideValues(f.stringToSign, hidden, large) : undefined,
    canonicalRequest: hidden && f.canonicalRequest !== undefined ? hideValues(f.canonicalRequest, hidden, large) : undefined,
    action: f.action,
    version: f.version,
    service: f.service,
    method: f.method,
    params,
    scenario: f.scenario,
    retryAttempts: f.retryAttempts,
    status: f.status,
    code: f.code,
    // A SignatureDoesNotMatch body quotes the string-to-sign: hidden the same way.
    responseBody: hidden && f.responseText !== undefined ? journalBody(hideValues(f.responseText, hidden, large)) : journalBody(f.responseText),
    outcome: f.outcome,
    durationMs: f.durationMs,
  };
}

/**
 * Up to this many characters of raw query, body and answer together, an authenticated request's entry is
 * kept as its compact record: with the rest of the record it fits a journal slot.
 */
const COMPACT_LIMIT = 1536;

/** A request the journal may keep as its compact record: verified (nothing to hide in a string-to-sign), and small. */
export function isCompact(f: RequestFacts): boolean {
  return f.authenticated && f.large === undefined && f.rawQuery.length + f.body.length + (f.responseText?.length ?? 0) <= COMPACT_LIMIT;
}

/**
 * An entry kept as the request's own facts, as they came (a JSON array: no elision, no decoded parameters),
 * built into the entry when the journal is read. Eliding and serialising every entry as it came cost a
 * quarter of a signed init's CPU, and keeping the request's decoded objects instead cost as much in garbage
 * collection; most entries are never read. Secrets, photos and ID numbers are elided by the build, so no
 * reader sees them either way.
 */
export class CompactRecord implements JournalDraft {
  readonly draft = true;
  readonly accessKeyId: string | null;
  readonly unauthenticated = undefined;

  constructor(private readonly f: RequestFacts) {
    this.accessKeyId = f.accessKeyId;
  }

  /** The record as JSON text (an array: RECORD_FIELDS in order); the body as Latin-1, each byte one character. */
  text(): string {
    const f = this.f;
    return JSON.stringify([
      f.time, f.requestId, f.accessKeyId, f.httpMethod, f.client, f.scheme, f.action, f.version, f.service, f.method,
      f.scenario, f.retryAttempts, f.status, f.code, f.outcome, f.durationMs, f.rawQuery, f.body.toString('latin1'),
      f.contentType, f.acs3 ? 1 : 0, f.responseText ?? null,
    ]);
  }

  build(): Omit<JournalEntry, 'id'> {
    return entryOfFacts(this.f);
  }
}

/** A value of a compact record's text. */
export type RecordField = string | number | null;

/** A compact record's text (parsed) back into the entry, its parameters decoded again as the gateway decoded them. */
export function entryOfRecord(r: readonly RecordField[]): Omit<JournalEntry, 'id'> {
  const str = (i: number): string => String(r[i]);
  const strOrNull = (i: number): string | null => (r[i] === null ? null : String(r[i]));
  const body = Buffer.from(str(17), 'latin1');
  const contentType = str(18);
  const acs3 = r[19] === 1;
  const params = decodeSmallRequest(decodeForm(str(16)), body, contentType);
  if (acs3) addJsonBodyParams(body, contentType, params);
  return entryOfFacts({
    time: Number(r[0]),
    requestId: str(1),
    accessKeyId: strOrNull(2),
    httpMethod: str(3),
    client: strOrNull(4),
    scheme: str(5) as Scheme,
    authenticated: true,
    stringToSign: undefined,
    canonicalRequest: undefined,
    action: strOrNull(6),
    version: strOrNull(7),
    service: strOrNull(8),
    method: strOrNull(9),
    scenario: str(10),
    retryAttempts: strOrNull(11),
    status: Number(r[12]),
    code: r[13] ?? null,
    outcome: str(14) as JournalEntry['outcome'],
    durationMs: Number(r[15]),
    rawQuery: str(16),
    body,
    contentType,
    acs3,
    params,
    parsedServiceParameters: undefined,
    large: undefined,
    responseText: r[20] === null ? undefined : str(20),
  });
}
