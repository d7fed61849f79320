/** Ways a response can go wrong on purpose (x-saf-mock-fault, fixture rules). */
export const FAULT_LIST = [
  { id: 'reset', description: 'the connection is reset before any response' },
  { id: 'timeout', description: 'no answer until the client gives up (the socket is held open)' },
  { id: 'empty', description: 'HTTP 200 with an empty body' },
  { id: 'malformed', description: 'HTTP 200 with a truncated JSON body' },
  { id: 'throttle', description: "the gateway's Throttling.User error (HTTP 400) with an x-acs-retry-after header" },
  { id: '5xx', description: "the gateway's InternalError (HTTP 500)" },
  { id: '503', description: "the gateway's ServiceUnavailable (HTTP 503)" },
] as const;

export type Fault = (typeof FAULT_LIST)[number]['id'];

export const FAULT_IDS: readonly Fault[] = FAULT_LIST.map((f) => f.id);

export function isFault(value: string): value is Fault {
  return (FAULT_IDS as readonly string[]).includes(value);
}

/** Longest delay a header or rule may ask for, so a typo cannot hang a test suite for hours. */
export const MAX_DELAY_MS = 120_000;
/** How long a `timeout` fault holds the socket before closing it, whatever the client does. */
export const TIMEOUT_FAULT_HOLD_MS = 300_000;
/** The retry hint sent with the throttle fault, in milliseconds (newest Tea cores read it as ms). */
export const THROTTLE_RETRY_AFTER_MS = 100;
