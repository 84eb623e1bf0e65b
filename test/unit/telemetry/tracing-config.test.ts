import { expect } from 'chai';
import { tracingPlan } from '../../../src/telemetry/tracing-config.js';

const JAEGER = 'http://jaeger:4318';

describe('tracingPlan', () => {
  it('is off with no OTEL_* variables, a blank endpoint, or only the exporter set to none', () => {
    expect(tracingPlan({})).to.deep.equal({ exporters: [], warnings: [] });
    expect(tracingPlan({ OTEL_TRACES_EXPORTER: 'none' }).exporters).to.deep.equal([]);
    expect(tracingPlan({ OTEL_EXPORTER_OTLP_ENDPOINT: ' ', OTEL_SERVICE_NAME: 'shopzip' }).exporters).to.deep.equal([]);
  });

  it('is off when OTEL_TRACES_EXPORTER is none even though an endpoint is set', () => {
    expect(tracingPlan({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: JAEGER })).to.deep.equal({ exporters: [], warnings: [] });
  });

  it('sends OTLP over HTTP/protobuf when only an endpoint or a traces endpoint is set', () => {
    const protobuf = [{ name: 'otlp', protocol: 'http/protobuf' }];
    expect(tracingPlan({ OTEL_EXPORTER_OTLP_ENDPOINT: JAEGER })).to.deep.equal({ exporters: protobuf, warnings: [] });
    expect(tracingPlan({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${JAEGER}/v1/traces` }).exporters).to.deep.equal(protobuf);
  });

  it('uses the protocol asked for, the traces-specific variable first', () => {
    const protocolOf = (environment: Record<string, string>): unknown => tracingPlan({ OTEL_EXPORTER_OTLP_ENDPOINT: JAEGER, ...environment }).exporters;
    expect(protocolOf({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' })).to.deep.equal([{ name: 'otlp', protocol: 'http/json' }]);
    expect(protocolOf({ OTEL_EXPORTER_OTLP_PROTOCOL: ' grpc ' })).to.deep.equal([{ name: 'otlp', protocol: 'grpc' }]);
    expect(protocolOf({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json' }))
      .to.deep.equal([{ name: 'otlp', protocol: 'http/json' }]);
  });

  it('falls back to http/protobuf with a warning for an unknown protocol', () => {
    expect(tracingPlan({ OTEL_EXPORTER_OTLP_ENDPOINT: JAEGER, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/xml' })).to.deep.equal({
      exporters: [{ name: 'otlp', protocol: 'http/protobuf' }],
      warnings: ['OTLP protocol "http/xml" is not supported (http/protobuf, http/json, grpc); using http/protobuf.'],
    });
  });

  it('starts each exporter OTEL_TRACES_EXPORTER names once, ignoring none among others', () => {
    expect(tracingPlan({ OTEL_TRACES_EXPORTER: 'console' }).exporters).to.deep.equal([{ name: 'console' }]);
    expect(tracingPlan({ OTEL_TRACES_EXPORTER: 'none, otlp' }).exporters).to.deep.equal([{ name: 'otlp', protocol: 'http/protobuf' }]);
    expect(tracingPlan({ OTEL_TRACES_EXPORTER: 'otlp,console,otlp' }).exporters).to.deep.equal([{ name: 'otlp', protocol: 'http/protobuf' }, { name: 'console' }]);
  });

  it('warns about an exporter it does not have, and stays off when that was the only one', () => {
    expect(tracingPlan({ OTEL_TRACES_EXPORTER: 'zipkin', OTEL_EXPORTER_OTLP_ENDPOINT: JAEGER })).to.deep.equal({
      exporters: [], warnings: ['OTEL_TRACES_EXPORTER "zipkin" is not supported (otlp, console or none) and is ignored.'],
    });
  });

  it('warns that SDK metrics, SDK logs and other propagators are not available once tracing is on', () => {
    const { warnings } = tracingPlan({
      OTEL_EXPORTER_OTLP_ENDPOINT: JAEGER, OTEL_METRICS_EXPORTER: 'otlp', OTEL_LOGS_EXPORTER: 'none', OTEL_PROPAGATORS: 'tracecontext,b3',
    });
    expect(warnings).to.deep.equal([
      'OTEL_METRICS_EXPORTER=otlp is not read by shopzip: metrics are served at GET /metrics.',
      'OTEL_PROPAGATORS=b3 is not read by shopzip: W3C trace context and baggage are propagated.',
    ]);
    expect(tracingPlan({ OTEL_METRICS_EXPORTER: 'otlp', OTEL_PROPAGATORS: 'b3' }).warnings).to.deep.equal([]);
  });

  it('is off whatever else is set when OTEL_SDK_DISABLED is true', () => {
    expect(tracingPlan({ OTEL_SDK_DISABLED: 'TRUE', OTEL_EXPORTER_OTLP_ENDPOINT: JAEGER, OTEL_TRACES_EXPORTER: 'console' }))
      .to.deep.equal({ exporters: [], warnings: [] });
  });
});
