import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { SLICE_CHARS, yieldToOthers } from './gateway/slices.js';

/** Past this many bytes a request line's query is set aside by the front (http-front.ts). */
const LARGE_QUERY_BYTES = 256 * 1024;

/**
 * The query Node's parser gets in place of one set aside: unguessable, so a client cannot make the app take
 * another request's bytes for its own.
 */
export const SET_ASIDE_QUERY = `saf-mock-set-aside-${randomBytes(12).toString('hex')}`;

/** Per connection, in request order: the queries set aside, waiting for their request to reach the app. */
const QUEUES = new WeakMap<Socket, Buffer[]>();

/** The query bytes set aside for the next request on `socket` whose target ends in `?SET_ASIDE_QUERY`. */
export function takeSetAside(socket: Socket | null): Buffer | undefined {
  return socket ? QUEUES.get(socket)?.shift() : undefined;
}

/** Whether every byte is one Node's parser takes in a query as it is (visible ASCII, no `#`), checked in slices. */
async function plainQuery(bytes: Buffer): Promise<boolean> {
  for (let start = 0; start < bytes.length; start += SLICE_CHARS) {
    const end = Math.min(bytes.length, start + SLICE_CHARS);
    for (let i = start; i < end; i++) {
      const b = bytes[i]!;
      if (b < 0x21 || b > 0x7e || b === 0x23) return false;
    }
    await yieldToOthers();
  }
  return true;
}

/**
 * A request's whole line and headers (`head`): when its query is of megabytes (a photo in the URL, as SDKs
 * send GET requests), the query is set aside for the app (takeSetAside) and Node's parser is given the
 * request line with SET_ASIDE_QUERY in its place. Node's parser would otherwise build a 16 MB URL string in
 * one go (~100 ms on a shared machine, blocking every other client), and the gateway then decodes the bytes
 * in slices. Anything unusual (a fragment, bytes outside visible ASCII, not `METHOD /path?query HTTP/1.x`)
 * is given to Node's parser as it is.
 */
export async function setAsideQuery(socket: Socket, head: Buffer): Promise<Buffer> {
  const lineEnd = head.indexOf('\r\n');
  if (lineEnd < LARGE_QUERY_BYTES) return head;
  const methodEnd = head.indexOf(0x20);
  const versionStart = head.lastIndexOf(0x20, lineEnd);
  const question = head.indexOf(0x3f, methodEnd);
  if (methodEnd <= 0 || methodEnd > 16 || question === -1 || question > versionStart || question - methodEnd > LARGE_QUERY_BYTES) return head;
  if (!/^[A-Z]+$/.test(head.toString('latin1', 0, methodEnd)) || head[methodEnd + 1] !== 0x2f) return head;
  if (!/^HTTP\/1\.[01]$/.test(head.toString('latin1', versionStart + 1, lineEnd))) return head;
  const query = head.subarray(question + 1, versionStart);
  if (!(await plainQuery(query))) return head;
  const queue = QUEUES.get(socket) ?? [];
  QUEUES.set(socket, queue);
  queue.push(query);
  return Buffer.concat([head.subarray(0, question + 1), Buffer.from(SET_ASIDE_QUERY, 'latin1'), head.subarray(versionStart)]);
}
