/**
 * The ECharts build the dashboard uses: bar and graph charts (lines are graphs on a grid) with the
 * canvas renderer (no SVG/innerHTML paths). Tooltips, legends, range selection and shaded bands
 * are the dashboard's own DOM (see chartPanel.ts): smaller than ECharts' components, and they
 * only ever put text into the page.
 */
import { init, use, type ECharts, type EChartsCoreOption } from 'echarts/core';
import { BarChart, GraphChart } from 'echarts/charts';
import { GridSimpleComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([BarChart, GraphChart, GridSimpleComponent, CanvasRenderer]);

export { init, type ECharts, type EChartsCoreOption };
