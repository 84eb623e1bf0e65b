import { expect } from 'chai';
import { Registry } from 'prom-client';
import { createMetrics, createRegistry, DURATION_BUCKETS, type MetricsRegistry } from '../../../src/telemetry/metrics.js';

describe('createMetrics', () => {
  it('gives every app a registry of its own', () => {
    const first = createMetrics();
    const second = createMetrics();
    expect(first.registry).not.to.equal(second.registry);
    first.exportsStarted.inc({ mode: 'get' });
    expect(second.registry.getSingleMetric('shopzip_exports_started_total')).to.equal(second.exportsStarted);
  });

  it('refuses a registry that renders the text format, where prom-client keeps no exemplars', () => {
    expect(() => createMetrics(new Registry() as unknown as MetricsRegistry)).to.throw(TypeError, /OPENMETRICS_CONTENT_TYPE/);
  });

  it('includes the default process metrics, without the three gauges prom-client names like counters', () => {
    const names = createMetrics(createRegistry()).registry.getMetricsAsArray().map((metric) => metric.name);
    expect(names).to.include.members(['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_active_handles']);
    expect(names).not.to.include.members(['nodejs_active_handles_total']);
    expect(names.filter((name) => name.startsWith('shopzip_'))).to.have.length(11);
  });

  it('has duration buckets from milliseconds to an hour', () => {
    expect(DURATION_BUCKETS[0]).to.equal(0.005);
    expect(DURATION_BUCKETS.at(-1)).to.equal(3600);
    expect([...DURATION_BUCKETS].sort((a, b) => a - b)).to.deep.equal([...DURATION_BUCKETS]);
  });
});
