import { expect } from 'chai';
import { renderMetrics, wantsOpenMetrics } from '../../../src/telemetry/exposition.js';
import { createMetrics, observeWithTrace } from '../../../src/telemetry/metrics.js';
import { promtoolCheckMetrics, promtoolParseOpenMetrics } from '../../helpers/metrics.js';

describe('wantsOpenMetrics', () => {
  it("takes OpenMetrics when the Accept header lists it with a quality above zero (Prometheus's own header included)", () => {
    expect(wantsOpenMetrics('application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1')).to.equal(true);
    expect(wantsOpenMetrics('application/openmetrics-text')).to.equal(true);
    expect(wantsOpenMetrics('text/plain, Application/OpenMetrics-Text; q=0.3')).to.equal(true);
  });

  it('keeps the text format otherwise', () => {
    for (const accept of [undefined, '', '*/*', 'text/plain;version=0.0.4', 'application/openmetrics-text;q=0', 'application/openmetrics-textile']) {
      expect(wantsOpenMetrics(accept), String(accept)).to.equal(false);
    }
  });
});

describe('renderMetrics', () => {
  it('renders counters with _total in the text format even after an OpenMetrics rendering renamed them', async () => {
    const metrics = createMetrics();
    metrics.exportsStarted.inc({ mode: 'get' });
    observeWithTrace(metrics.exportDuration, { mode: 'get', outcome: 'ok' }, 0.3, '4bf92f3577b34da6a3ce929d0e0e4736');
    const openMetrics = await renderMetrics(metrics.registry, 'application/openmetrics-text');
    expect(openMetrics.body).to.include('# TYPE shopzip_exports_started counter\n');
    expect(openMetrics.body).to.include('shopzip_exports_started_total{mode="get"} 1\n');
    expect(openMetrics.body).to.match(/shopzip_export_duration_seconds_bucket\{le="0.5",mode="get",outcome="ok"\} 1 # \{trace_id="4bf92f3577b34da6a3ce929d0e0e4736"\} 0.3 \d+(\.\d+)?\n/);
    expect(await promtoolParseOpenMetrics(openMetrics.body)).to.include({ code: 0 });
    const text = await renderMetrics(metrics.registry, undefined);
    expect(text.body).to.include('# TYPE shopzip_exports_started_total counter\nshopzip_exports_started_total{mode="get"} 1\n');
    expect(await promtoolCheckMetrics(text.body)).to.deep.equal({ code: 0, output: '' });
  });

  it('leaves exemplars out when there is no sampled trace', async () => {
    const metrics = createMetrics();
    observeWithTrace(metrics.exportDuration, { mode: 'post', outcome: 'ok' }, 0.3, undefined);
    expect((await renderMetrics(metrics.registry, 'application/openmetrics-text')).body).not.to.include(' # {');
  });
});
