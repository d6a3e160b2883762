import { ConfigError } from '../../config';
import { loadMetricsConfig } from '../../metrics/config';
import { loadTracingConfig } from '../settings';

describe('tracing settings (the standard OTEL_ variables)', () => {
  it('leaves tracing off unless an endpoint or an exporter is named', () => {
    expect(loadTracingConfig({})).toBeUndefined();
    expect(loadTracingConfig({ OTEL_SERVICE_NAME: 'people' })).toBeUndefined();
    expect(
      loadTracingConfig({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }),
    ).toBeUndefined();
    expect(
      loadTracingConfig({ OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' }),
    ).toBeUndefined();
  });

  it('turns on with an OTLP endpoint (protobuf by default) or a named exporter', () => {
    expect(loadTracingConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toEqual({
      exporter: 'otlp',
      protocol: 'http/protobuf',
    });
    expect(
      loadTracingConfig({
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/v1/traces',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      }),
    ).toEqual({ exporter: 'otlp', protocol: 'http/json' });
    expect(loadTracingConfig({ OTEL_TRACES_EXPORTER: 'console', OTEL_SERVICE_NAME: 'people' })).toEqual({
      exporter: 'console',
      protocol: 'http/protobuf',
      serviceName: 'people',
    });
  });

  it('refuses what it cannot do, naming every bad variable', () => {
    expect(() =>
      loadTracingConfig({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
        OTEL_TRACES_EXPORTER: 'zipkin',
      }),
    ).toThrow(ConfigError);
    const problems = (() => {
      try {
        loadTracingConfig({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_TRACES_EXPORTER: 'zipkin' });
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    })();
    expect(problems).toEqual([
      expect.stringMatching(/^OTEL_TRACES_EXPORTER: /),
      expect.stringMatching(/^OTEL_EXPORTER_OTLP_PROTOCOL: /),
    ]);
  });
});

describe('metrics settings', () => {
  it('serves no metrics unless the service has a metrics port', () => {
    expect(loadMetricsConfig('GATEWAY_METRICS_PORT', {})).toBeUndefined();
    expect(loadMetricsConfig('GATEWAY_METRICS_PORT', { BRIDGE_METRICS_PORT: '9101' })).toBeUndefined();
    expect(loadMetricsConfig('GATEWAY_METRICS_PORT', { GATEWAY_METRICS_PORT: '9100' })).toEqual({
      host: '127.0.0.1',
      port: 9100,
    });
    expect(
      loadMetricsConfig('GATEWAY_METRICS_PORT', { GATEWAY_METRICS_PORT: '9100', METRICS_HOST: '0.0.0.0' }),
    ).toEqual({
      host: '0.0.0.0',
      port: 9100,
    });
    expect(() => loadMetricsConfig('GATEWAY_METRICS_PORT', { GATEWAY_METRICS_PORT: '70000' })).toThrow(ConfigError);
  });
});
