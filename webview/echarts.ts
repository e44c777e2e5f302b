/**
 * The ECharts build the dashboard uses: bar, line and graph charts, a cartesian grid, tooltips, a
 * plain legend, zoom (inside and slider), a brush for selecting time ranges, marked areas, and
 * the canvas renderer (no SVG/innerHTML paths).
 */
import { init, use, type ECharts, type EChartsCoreOption } from 'echarts/core';
import { BarChart, GraphChart, LineChart } from 'echarts/charts';
import {
  BrushComponent,
  DataZoomInsideComponent,
  DataZoomSliderComponent,
  GridComponent,
  LegendPlainComponent,
  MarkAreaComponent,
  TooltipComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([
  BarChart,
  LineChart,
  GraphChart,
  GridComponent,
  TooltipComponent,
  LegendPlainComponent,
  DataZoomInsideComponent,
  DataZoomSliderComponent,
  BrushComponent,
  MarkAreaComponent,
  CanvasRenderer,
]);

export { init, type ECharts, type EChartsCoreOption };
