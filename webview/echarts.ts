/**
 * The ECharts build the dashboard uses: only bar charts, a cartesian grid, tooltips, a plain
 * legend, inside zoom for long timelines, and the canvas renderer (no SVG/innerHTML paths).
 */
import { init, use, type ECharts, type EChartsCoreOption } from 'echarts/core';
import { BarChart } from 'echarts/charts';
import {
  DataZoomInsideComponent,
  GridComponent,
  LegendPlainComponent,
  TooltipComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, GridComponent, TooltipComponent, LegendPlainComponent, DataZoomInsideComponent, CanvasRenderer]);

export { init, type ECharts, type EChartsCoreOption };
