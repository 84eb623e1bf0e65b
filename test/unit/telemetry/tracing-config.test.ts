import { expect } from 'chai';
import { sdkEnvironmentDefaults, tracingRequested } from '../../../src/telemetry/tracing-config.js';

describe('tracingRequested', () => {
  it('is off with no OTEL_* variables, or with only the exporter set to none', () => {
    expect(tracingRequested({})).to.equal(false);
    expect(tracingRequested({ OTEL_TRACES_EXPORTER: 'none' })).to.equal(false);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: ' ', OTEL_SERVICE_NAME: 'shopzip' })).to.equal(false);
  });

  it('is on with an OTLP endpoint, a traces endpoint, or a traces exporter other than none', () => {
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318' })).to.equal(true);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://jaeger:4318/v1/traces' })).to.equal(true);
    expect(tracingRequested({ OTEL_TRACES_EXPORTER: 'console' })).to.equal(true);
    expect(tracingRequested({ OTEL_TRACES_EXPORTER: 'none, otlp' })).to.equal(true);
  });

  it('is off whatever else is set when OTEL_SDK_DISABLED is true', () => {
    expect(tracingRequested({ OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318' })).to.equal(false);
  });
});

describe('sdkEnvironmentDefaults', () => {
  it('turns the SDK metrics and logs exporters off unless they are set', () => {
    expect(sdkEnvironmentDefaults({})).to.deep.equal({ OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' });
    expect(sdkEnvironmentDefaults({ OTEL_METRICS_EXPORTER: 'otlp', OTEL_LOGS_EXPORTER: '' })).to.deep.equal({});
  });
});
