import { BarChart, FunnelChart, LineChart } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  FunnelChart,
  LineChart,
  AriaComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;

/**
 * A chart in `host`, created once and redrawn with each new option; it follows the host's size,
 * and ECharts' aria support gives screen readers a description of the data.
 */
export function chart(host: HTMLElement): (option: ChartOption) => void {
  const instance = echarts.init(host, undefined, { renderer: 'canvas' });
  new ResizeObserver(() => instance.resize()).observe(host);
  return (option) =>
    instance.setOption({ aria: { enabled: true }, animation: false, ...option }, true);
}
