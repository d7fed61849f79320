/**
 * The metrics `GET /__saf/metrics` exposes: one typed table read by the exposition (src/metrics/exposition.ts),
 * the README's generated Metrics section (src/docs.ts) and the tests. Names follow Prometheus conventions:
 * `saf_mock_` prefix, base units (seconds), `_total` on counters.
 */
export type MetricType = 'counter' | 'gauge' | 'histogram';

export interface MetricSpec {
  readonly name: string;
  readonly type: MetricType;
  readonly labels: readonly string[];
  /** The HELP line and the README's meaning. */
  readonly help: string;
}

/** The label value for "not known for this request" (no service reached, no body Code, no answer). */
export const NO_VALUE = 'none';

/** The label value every label takes once the series limit is reached (see MAX_SERIES). */
export const OVERFLOW = 'overflow';

/** Distinct label sets kept per metric; past it new combinations are counted under `overflow` labels. */
export const MAX_SERIES = 2000;

/** Upper bounds (seconds) of the latency histogram: sub-millisecond answers up to long x-saf-mock-delay values. */
export const DURATION_BUCKETS: readonly number[] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export const METRICS = {
  requests: {
    name: 'saf_mock_requests_total',
    type: 'counter',
    labels: ['service', 'method', 'status', 'code', 'scenario'],
    help: 'Gateway requests answered by this process, by service (face_verify, intl_face_verify, fin_face_verify, cloudauth), method or Cloudauth action, HTTP status (0: a fault dropped or held the connection), body Code and the scenario that decided (catalog id, fixture rule id, fault:NAME, gateway.CODE or default).',
  },
  gatewayErrors: {
    name: 'saf_mock_gateway_errors_total',
    type: 'counter',
    labels: ['code'],
    help: 'Requests the gateway itself refused (signature, timestamp, nonce, missing parameter, throttling, mock header errors …), by error Code.',
  },
  duration: {
    name: 'saf_mock_request_duration_seconds',
    type: 'histogram',
    labels: ['service', 'method'],
    help: 'Time from a gateway request reaching the mock to its answer being rendered (including x-saf-mock-delay), in seconds.',
  },
  verifications: {
    name: 'saf_mock_verifications',
    type: 'gauge',
    labels: [],
    help: 'Verifications (sessions) of every product and key held in the store now, read from the store on scrape.',
  },
  nonces: {
    name: 'saf_mock_nonces',
    type: 'gauge',
    labels: [],
    help: 'SignatureNonces remembered for replay protection now, read from the store on scrape.',
  },
  journalEntries: {
    name: 'saf_mock_journal_entries',
    type: 'gauge',
    labels: [],
    help: 'Request journal entries held now (verified and unauthenticated rings), read from the store on scrape.',
  },
  storeUp: {
    name: 'saf_mock_store_up',
    type: 'gauge',
    labels: [],
    help: '1 when the state store (memory or Redis) answers, 0 when it does not (the three store gauges are then absent).',
  },
} as const satisfies Record<string, MetricSpec>;

export const METRIC_LIST: readonly MetricSpec[] = Object.values(METRICS);
