import { readFileSync } from 'node:fs';

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

export interface CaptureFile {
  client: string;
  signatureScheme: string;
  entries: { op: string; requests: CapturedRequest[] }[];
}

export function captureFiles(): { file: string; capture: CaptureFile }[] {
  const index = JSON.parse(readFileSync(new URL('index.json', CAPTURES_DIR), 'utf8')) as { captures: { file: string }[] };
  const files = [...index.captures.map((c) => c.file), 'python-core.json'];
  return files.map((file) => ({ file, capture: JSON.parse(readFileSync(new URL(file, CAPTURES_DIR), 'utf8')) as CaptureFile }));
}

/** Every recorded request, flattened, with a readable name. */
export function capturedRequests(): { name: string; scheme: string; request: CapturedRequest }[] {
  return captureFiles().flatMap(({ file, capture }) =>
    capture.entries.flatMap((entry) =>
      entry.requests.map((request, i) => ({ name: `${file} ${entry.op}${entry.requests.length > 1 ? ` #${i}` : ''}`, scheme: capture.signatureScheme, request })),
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
