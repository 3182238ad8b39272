import { describe, expect, it } from 'vitest';
import { parsePrometheusText } from './prometheus-text.js';

describe('parsePrometheusText', () => {
  it('reads samples, labels (escapes included) and types', () => {
    const scrape = parsePrometheusText(
      [
        '# HELP http_requests_total Requests',
        '# TYPE http_requests_total counter',
        'http_requests_total{route="/v1/leads",path="a\\"b"} 3',
        'up 1 1700000000000',
        'le_bucket{le="+Inf"} +Inf',
      ].join('\n'),
    );
    expect(scrape.types.get('http_requests_total')).toBe('counter');
    expect(scrape.value('http_requests_total', { route: '/v1/leads' })).toBe(3);
    expect(scrape.samples[0]?.labels.path).toBe('a"b');
    expect(scrape.value('up')).toBe(1);
    expect(scrape.value('le_bucket', { le: '+Inf' })).toBe(Infinity);
  });

  it('refuses what Prometheus would refuse', () => {
    expect(() => parsePrometheusText('not a metric line')).toThrow(/bad sample/);
    expect(() => parsePrometheusText('x{a=b} 1')).toThrow(/bad labels/);
    expect(() => parsePrometheusText('x 1.2.3')).toThrow(/bad value/);
    expect(() => parsePrometheusText('# TYPE x bogus')).toThrow(/bad comment/);
  });
});
