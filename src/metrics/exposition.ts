import type { Registry } from 'prom-client';
import type { Runtime } from '../runtime.js';
import { DURATION_BUCKETS, METRICS, type MetricSpec } from './catalog.js';
import type { CounterSeries, HistogramSeries } from './recorder.js';

type PromClient = typeof import('prom-client');

/** A metric in prom-client's JSON form (what `registry.getMetricsAsJSON()` gives and `AggregatorRegistry.aggregate` takes). */
interface MetricJson {
  readonly name: string;
  readonly help: string;
  readonly type: MetricSpec['type'];
  readonly aggregator: 'sum';
  readonly values: readonly SampleJson[];
}

interface SampleJson {
  readonly value: number;
  readonly labels: Readonly<Record<string, string | number>>;
  /** A histogram's `_bucket`, `_sum` and `_count` samples. */
  readonly metricName?: string;
}

let loading: Promise<PromClient> | undefined;
let processRegistry: Registry | undefined;

/**
 * prom-client, loaded on the first scrape (never at start: it costs ~45 ms to import), with the process's
 * default metrics (process_*, nodejs_*) collected from then on, once per process however many mocks it runs.
 */
function loadPromClient(): Promise<PromClient> {
  loading ??= import('prom-client').then((m) => {
    const client = ((m as { default?: PromClient }).default ?? m) as PromClient;
    processRegistry = new client.Registry();
    client.collectDefaultMetrics({ register: processRegistry });
    return client;
  });
  return loading;
}

function labelsOf(spec: MetricSpec, values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  spec.labels.forEach((name, i) => (out[name] = values[i]!));
  return out;
}

function counterJson(spec: MetricSpec, series: Iterable<CounterSeries>): MetricJson {
  const values = [...series].map((s) => ({ value: s.value, labels: labelsOf(spec, s.labels) }));
  return { name: spec.name, help: spec.help, type: spec.type, aggregator: 'sum', values };
}

/** Cumulative `_bucket` samples (each `le` bound, then +Inf), `_sum` and `_count`, per label set. */
function histogramJson(spec: MetricSpec, series: Iterable<HistogramSeries>): MetricJson {
  const values: SampleJson[] = [];
  for (const s of series) {
    const labels = labelsOf(spec, s.labels);
    let cumulative = 0;
    DURATION_BUCKETS.forEach((le, i) => {
      cumulative += s.counts[i]!;
      values.push({ value: cumulative, labels: { ...labels, le }, metricName: `${spec.name}_bucket` });
    });
    values.push({ value: s.count, labels: { ...labels, le: '+Inf' }, metricName: `${spec.name}_bucket` });
    values.push({ value: s.sum, labels, metricName: `${spec.name}_sum` });
    values.push({ value: s.count, labels, metricName: `${spec.name}_count` });
  }
  return { name: spec.name, help: spec.help, type: spec.type, aggregator: 'sum', values };
}

function gaugeJson(spec: MetricSpec, value: number): MetricJson {
  return { name: spec.name, help: spec.help, type: spec.type, aggregator: 'sum', values: [{ value, labels: {} }] };
}

/** The store's gauges, read now (the store may be Redis); when it cannot answer, only `saf_mock_store_up 0`. */
async function storeGauges(rt: Runtime): Promise<MetricJson[]> {
  try {
    const [verifications, nonces, journal] = await Promise.all([rt.store.verifications.count(), rt.store.nonces.count(), rt.store.journal.count()]);
    return [gaugeJson(METRICS.verifications, verifications), gaugeJson(METRICS.nonces, nonces), gaugeJson(METRICS.journalEntries, journal), gaugeJson(METRICS.storeUp, 1)];
  } catch {
    return [gaugeJson(METRICS.storeUp, 0)];
  }
}

export interface Scrape {
  readonly contentType: string;
  readonly text: string;
}

/**
 * The Prometheus text exposition of a running mock: this process's request counters and latency histogram
 * (src/metrics/recorder.ts), the store's gauges, and the process's default metrics, formatted by prom-client.
 */
export async function scrapeMetrics(rt: Runtime): Promise<Scrape> {
  const client = await loadPromClient();
  const m = rt.metrics;
  const own: MetricJson[] = [
    counterJson(METRICS.requests, m.requests.values()),
    counterJson(METRICS.gatewayErrors, m.gatewayErrors.values()),
    histogramJson(METRICS.duration, m.duration.values()),
    ...(await storeGauges(rt)),
  ];
  // prom-client's public way to turn metrics in JSON form into a registry (one "worker": sums of one value).
  const registry = client.Registry.merge([client.AggregatorRegistry.aggregate([own]), processRegistry!]);
  return { contentType: registry.contentType, text: await registry.metrics() };
}
