import { DURATION_BUCKETS, MAX_SERIES, OVERFLOW } from './catalog.js';

/**
 * What the request after-step records: plain counters in this process, no prom-client (loading it costs
 * ~45 ms, too much for the start path). The exposition turns them into prom-client metrics on the first scrape.
 */
export interface CounterSeries {
  readonly labels: readonly string[];
  value: number;
}

export interface HistogramSeries {
  readonly labels: readonly string[];
  /** Observations per bucket of DURATION_BUCKETS (not cumulative); the last slot is past every bound (+Inf). */
  readonly counts: number[];
  sum: number;
  count: number;
}

/** Series by label values, bounded: past MAX_SERIES label sets, new ones share one more, `overflow`, series. */
class SeriesMap<S extends { readonly labels: readonly string[] }> {
  private readonly map = new Map<string, S>();

  constructor(private readonly create: (labels: readonly string[]) => S) {}

  get(labels: readonly string[]): S {
    const key = labels.join('\u0001');
    let s = this.map.get(key);
    if (s === undefined) {
      if (this.map.size >= MAX_SERIES && labels.some((v) => v !== OVERFLOW)) return this.get(labels.map(() => OVERFLOW));
      s = this.create(labels);
      this.map.set(key, s);
    }
    return s;
  }

  values(): IterableIterator<S> {
    return this.map.values();
  }
}

/** A counter with labels (their order as in the metric's catalog entry). */
export class LabelledCounter {
  private readonly series = new SeriesMap<CounterSeries>((labels) => ({ labels, value: 0 }));

  inc(labels: readonly string[]): void {
    this.series.get(labels).value++;
  }

  values(): IterableIterator<CounterSeries> {
    return this.series.values();
  }
}

/** A histogram over DURATION_BUCKETS with labels. */
export class LabelledHistogram {
  private readonly series = new SeriesMap<HistogramSeries>((labels) => ({ labels, counts: new Array<number>(DURATION_BUCKETS.length + 1).fill(0), sum: 0, count: 0 }));

  observe(labels: readonly string[], value: number): void {
    const s = this.series.get(labels);
    let i = 0;
    while (i < DURATION_BUCKETS.length && value > DURATION_BUCKETS[i]!) i++;
    s.counts[i]!++;
    s.sum += value;
    s.count++;
  }

  values(): IterableIterator<HistogramSeries> {
    return this.series.values();
  }
}

/** One answered gateway request, as the metrics see it (label values already bounded). */
export interface RequestSample {
  readonly service: string;
  readonly method: string;
  readonly status: number;
  readonly code: string;
  readonly scenario: string;
  /** The gateway's own error Code when the gateway refused the request. */
  readonly gatewayError: string | undefined;
  readonly seconds: number;
}

/** This process's request metrics (counters are per replica, as Prometheus expects; gauges come from the store). */
export class RequestMetrics {
  readonly requests = new LabelledCounter();
  readonly gatewayErrors = new LabelledCounter();
  readonly duration = new LabelledHistogram();

  record(s: RequestSample): void {
    this.requests.inc([s.service, s.method, String(s.status), s.code, s.scenario]);
    if (s.gatewayError !== undefined) this.gatewayErrors.inc([s.gatewayError]);
    this.duration.observe([s.service, s.method], s.seconds);
  }
}
