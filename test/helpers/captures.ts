import { readdirSync, readFileSync } from 'node:fs';

/** Copies of ../shared/spec/captures (recorded SDK requests), so a clone anywhere runs the tests. */
export const CAPTURES_DIR = new URL('../vectors/captures/', import.meta.url);

export interface CapturedRequest {
  method: string;
  url: string;
  rawHeaders: [string, string][];
  body: string;
  query: Record<string, string>;
  form?: Record<string, string>;
}

/** What the application asked the SDK for (absent on the Python core's response probes' extra fields). */
export interface IntendedCall {
  service?: string;
  version?: string;
  serviceParameters?: string;
}

export interface CaptureFile {
  client: string;
  signatureScheme: string;
  entries: { op: string; call?: IntendedCall; requests: CapturedRequest[] }[];
}

/** The language of a capture file, from its name (index.json lists the Node ones only). */
export type Language = 'node' | 'python' | 'java' | 'go' | 'php';

export function languageOf(file: string): Language {
  const prefix = /^(java|go|php|python)-/.exec(file)?.[1];
  return (prefix as Language | undefined) ?? 'node';
}

/** Every capture file: the Node ones of index.json, python-core.json and the java-, go- and php- files. */
export function captureFiles(): { file: string; language: Language; capture: CaptureFile }[] {
  const files = readdirSync(CAPTURES_DIR).filter((f) => f.endsWith('.json') && f !== 'index.json').sort();
  return files.map((file) => ({ file, language: languageOf(file), capture: JSON.parse(readFileSync(new URL(file, CAPTURES_DIR), 'utf8')) as CaptureFile }));
}

/** Every recorded request, flattened, with a readable name. */
export interface NamedRequest {
  name: string;
  file: string;
  language: Language;
  scheme: string;
  call: IntendedCall | undefined;
  request: CapturedRequest;
}

export function capturedRequests(): NamedRequest[] {
  return captureFiles().flatMap(({ file, language, capture }) =>
    capture.entries.flatMap((entry) =>
      entry.requests.map((request, i) => ({
        name: `${file} ${entry.op}${entry.requests.length > 1 ? ` #${i}` : ''}`,
        file,
        language,
        scheme: capture.signatureScheme,
        call: entry.call,
        request,
      })),
    ),
  );
}

export function headerOf(request: CapturedRequest, name: string): string | undefined {
  return request.rawHeaders.find(([k]) => k.toLowerCase() === name)?.[1];
}

/** The moment the request was signed, to inject as the server clock. */
export function signedAt(request: CapturedRequest): number {
  const ts = request.query.Timestamp ?? request.form?.Timestamp ?? headerOf(request, 'x-acs-date');
  if (!ts) throw new Error('capture without timestamp');
  return Date.parse(ts);
}

/** Headers fit for a Request: hop-by-hop ones dropped (the body is given whole). */
export function replayHeaders(request: CapturedRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of request.rawHeaders) {
    const lower = k.toLowerCase();
    if (lower === 'content-length' || lower === 'transfer-encoding' || lower === 'connection') continue;
    out[lower] = out[lower] === undefined ? v : `${out[lower]},${v}`;
  }
  return out;
}
