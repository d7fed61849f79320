import { gatewayError } from './errors.js';

const TIMESTAMP = /^(\d{4})-(\d{1,2})-(\d{1,2})T(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/;

/**
 * Parses the gateway's ISO 8601 UTC timestamp (`2026-11-23T08:19:21Z`, optionally with fractional
 * seconds as aliyun-sdk sends, or unpadded as the docs' example). Anything else is InvalidTimeStamp.Format.
 */
export function parseTimestamp(text: string): number {
  const m = TIMESTAMP.exec(text);
  if (!m) throw gatewayError('InvalidTimeStampFormat');
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const millis = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  const time = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const check = new Date(time);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    check.getUTCHours() !== hour ||
    check.getUTCMinutes() !== minute ||
    check.getUTCSeconds() !== second
  ) {
    throw gatewayError('InvalidTimeStampFormat');
  }
  return time;
}

/** The gateway's timestamp as every SDK writes it: UTC, second precision (`2026-11-23T08:19:21Z`). */
export function formatTimestamp(time: Date | number): string {
  return new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Rejects a request time further than `windowMs` from the server clock, in either direction. */
export function checkTimestamp(text: string, nowMs: number, windowMs: number): number {
  const time = parseTimestamp(text);
  if (Math.abs(nowMs - time) > windowMs) throw gatewayError('InvalidTimeStampExpired');
  return time;
}

export { NonceStore } from './nonce-store.js';
