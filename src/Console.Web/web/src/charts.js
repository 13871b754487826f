// Apache ECharts, only the parts the console draws with (tree-shaken by vite), on canvas.
// Colours: the Okabe-Ito palette, told apart by people with colour-blindness; large text.
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart, ScatterChart, TreemapChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, MarkPointComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, HeatmapChart, LineChart, ScatterChart, TreemapChart, AriaComponent, GridComponent, LegendComponent, MarkPointComponent,
  TooltipComponent, VisualMapComponent, CanvasRenderer]);

export const palette = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#f0e442', '#000000'];

/** Draws option into element; returns the chart (dispose it when the page goes). */
export function chart(element, option, label) {
  element.setAttribute('role', 'img');
  element.setAttribute('aria-label', label);
  const instance = echarts.init(element, null, { renderer: 'canvas' });
  instance.setOption({
    color: palette,
    textStyle: { fontSize: 16, color: '#000' },
    aria: { enabled: true, label: { description: label } },
    animation: false,
    ...option,
  });
  element.esChart = instance;
  return instance;
}

export function disposeAll(root) {
  for (const element of root.querySelectorAll('.chart')) element.esChart?.dispose();
}

export const axisText = { fontSize: 16, color: '#000' };
