import { describe, expect, it } from 'vitest';
import { renderMetrics } from './metrics-text.js';

describe('renderMetrics', () => {
  it('writes the Prometheus text format, escaping help and label values', () => {
    const text = renderMetrics([
      {
        name: 'dealflow_x_total',
        help: 'Things\ncounted \\ here',
        type: 'counter',
        samples: [
          { labels: { projection: 'read-models@v1', reason: 'say "hi"\n' }, value: 3 },
          { value: Number.NaN },
        ],
      },
    ]);
    expect(text).toBe(
      [
        '# HELP dealflow_x_total Things\\ncounted \\\\ here',
        '# TYPE dealflow_x_total counter',
        'dealflow_x_total{projection="read-models@v1",reason="say \\"hi\\"\\n"} 3',
        'dealflow_x_total NaN',
        '',
      ].join('\n'),
    );
  });
});
