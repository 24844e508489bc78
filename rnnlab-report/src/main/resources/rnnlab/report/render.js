// Draws every chart described in #report-data with ECharts, then tells window.reportStatus
// (status.js) how many points each one drew. A chart that fails is reported and the rest drawn.
(function () {
  'use strict';
  const status = window.reportStatus;
  const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
  // Viridis: ordered in lightness, readable in grey and by colour-blind readers.
  const VIRIDIS = ['#440154', '#482878', '#3e4989', '#31688e', '#26828e',
                   '#1f9e89', '#35b779', '#6ece58', '#b5de2b', '#fde725'];
  const INK = '#1d2330';
  const MUTED = '#5b6475';
  const RULE = '#e3e6ec';
  const FONT = '12px sans-serif';
  // Room around a heatmap's plot: axis labels and names below and left, the colour bar right.
  const HEATMAP_MARGIN = { top: 30, right: 92, bottom: 58, labelCharWidth: 7, left: 18 };
  // Legend icons for lines drawn without dots: ECharts would draw a dot on them anyway.
  const SOLID_ICON = 'path://M0,0h26v2.4h-26z';
  const DASHED_ICON = 'path://M0,0h7v2.4h-7z M9.5,0h7v2.4h-7z M19,0h7v2.4h-7z';
  const MAX_DOTTED_POINTS = 40;
  const SUPERSCRIPT = { '-': '\u207b', '0': '\u2070', '1': '\u00b9', '2': '\u00b2', '3': '\u00b3',
                        '4': '\u2074', '5': '\u2075', '6': '\u2076', '7': '\u2077', '8': '\u2078', '9': '\u2079' };

  function powerOfTen(exponent) {
    return '10' + String(exponent).replace(/[-0-9]/g, (c) => SUPERSCRIPT[c]);
  }

  // Plain digits for moderate numbers, otherwise mantissa × power of ten (never "1e-12").
  function formatNumber(value) {
    if (typeof value !== 'number' || value === 0 || !isFinite(value)) {
      return String(value);
    }
    const magnitude = Math.abs(value);
    if (magnitude >= 1e-3 && magnitude < 1e5) {
      return String(Number(value.toPrecision(4)));
    }
    let exponent = Math.floor(Math.log10(magnitude));
    let mantissa = Number((value / Math.pow(10, exponent)).toPrecision(3));
    if (Math.abs(mantissa) >= 10) {
      mantissa /= 10;
      exponent += 1;
    }
    return (mantissa === 1 ? '' : mantissa + '\u00d7') + powerOfTen(exponent);
  }

  // Labels for an axis of log10 values: whole exponents as 10ⁿ.
  function formatExponent(exponent) {
    const rounded = Math.round(exponent);
    return Math.abs(exponent - rounded) < 1e-9 ? powerOfTen(rounded) : formatNumber(Math.pow(10, exponent));
  }

  // One label per decade while they fit, else every second, fifth, ... decade.
  function decadeStep(decades) {
    return [1, 2, 5, 10, 20, 50, 100].find((step) => decades / step <= 8) || Math.ceil(decades / 8);
  }

  // Every nth category labelled, n from 1, 2, 5, 10, 20, ...: about a dozen labels at most.
  function categoryStep(count) {
    let step = 1;
    for (let decade = 1; count / step > 12; decade *= 10) {
      step = [1, 2, 5, 10].map((m) => m * decade).find((s) => count / s <= 12) || 10 * decade;
    }
    return step;
  }

  function xSpread(spec) {
    const xs = new Set(spec.series.flatMap((series) => series.points.map((point) => point[0])));
    return xs.size > 1;
  }

  // Dots on each point only where there are few.
  function dotted(series) {
    return series.points.length <= MAX_DOTTED_POINTS;
  }

  // Log-scale values arrive as log10 (ChartSpec), so a log axis is a value axis of exponents
  // labelled 10ⁿ: ECharts' own log axis would label only every tenth decade over 13 of them.
  function lineOption(spec) {
    const yAxis = {
      type: 'value',
      scale: true,
      name: spec.yLabel,
      nameLocation: 'end',
      nameGap: 12,
      nameTextStyle: { color: MUTED, align: 'left' },
      axisLine: { show: true },
      axisTick: { show: true },
      axisLabel: { formatter: spec.logY ? formatExponent : formatNumber, color: INK },
      splitLine: { lineStyle: { color: RULE } }
    };
    if (spec.yMin !== null) {
      yAxis.min = spec.yMin;
    }
    if (spec.yMax !== null) {
      yAxis.max = spec.yMax;
    }
    if (spec.logY && spec.yMin !== null && spec.yMax !== null) {
      // Ends on multiples of the step, so that no label crowds the one next to it.
      const step = decadeStep(spec.yMax - spec.yMin);
      yAxis.interval = step;
      yAxis.min = Math.floor(spec.yMin / step) * step;
      yAxis.max = Math.ceil(spec.yMax / step) * step;
    }
    const shownValue = spec.logY ? (v) => formatNumber(Math.pow(10, v)) : formatNumber;
    return {
      animation: false,
      color: PALETTE,
      grid: { left: 8, right: 20, top: 34, bottom: 46, containLabel: true },
      legend: {
        bottom: 0,
        type: 'scroll',
        itemWidth: 26,
        textStyle: { color: INK },
        data: spec.series.map((series) => (dotted(series) ? { name: series.name }
          : { name: series.name, icon: series.dashed ? DASHED_ICON : SOLID_ICON }))
      },
      tooltip: { trigger: 'axis', valueFormatter: (v) => (v === null || v === undefined ? 'none' : shownValue(v)) },
      xAxis: {
        type: 'value',
        // The data's own ends (0 to 99 lags, not 0 to 100), unless one x would make them meet.
        min: xSpread(spec) ? 'dataMin' : null,
        max: xSpread(spec) ? 'dataMax' : null,
        name: spec.xLabel,
        nameLocation: 'middle',
        nameGap: 26,
        nameTextStyle: { color: MUTED },
        axisLine: { onZero: false }, // at the bottom, not at y = 0 (which is 10⁰ on a log axis)
        axisLabel: { formatter: formatNumber, color: INK },
        splitLine: { show: false }
      },
      yAxis: yAxis,
      series: spec.series.map((series) => ({
        type: 'line',
        name: series.name,
        data: series.points,
        connectNulls: false, // an unplottable value is a gap, not a straight line over it
        symbol: dotted(series) ? 'circle' : 'none',
        symbolSize: 5,
        lineStyle: { width: series.dashed ? 1.6 : 2, type: series.dashed ? 'dashed' : 'solid' }
      }))
    };
  }

  // Tick values for the colour bar: whole decades on a log scale, 1-2-5 steps on a linear one.
  function colourTicks(spec) {
    const min = spec.colourMin;
    const max = spec.colourMax;
    let step;
    if (spec.logColour) {
      step = Math.max(1, Math.ceil((max - min) / 8));
    } else {
      const rough = (max - min) / 5;
      const decade = Math.pow(10, Math.floor(Math.log10(rough)));
      step = [1, 2, 5, 10].map((m) => m * decade).find((s) => s >= rough);
    }
    const ticks = [];
    for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) {
      ticks.push(Number(t.toPrecision(12)));
    }
    return ticks;
  }

  // ECharts' own continuous legend labels only its two ends, so the bar is drawn here with a
  // label at every tick; it spans the plot's height at the right edge of the chart.
  // Canvas anti-aliasing lets the background show through where two cells meet at a fractional
  // pixel, drawing faint lines across the map; whole-pixel cells on a whole-pixel grid avoid it.
  function heatmapGrid(spec, width, height) {
    const longestLabel = Math.max(...spec.yCategories.map((label) => label.length), 1);
    const left = HEATMAP_MARGIN.left + HEATMAP_MARGIN.labelCharWidth * longestLabel;
    const top = HEATMAP_MARGIN.top;
    const cellWidth = Math.floor((width - left - HEATMAP_MARGIN.right) / spec.xCategories.length);
    const cellHeight = Math.floor((height - top - HEATMAP_MARGIN.bottom) / spec.yCategories.length);
    const grid = { left: left, top: top, right: HEATMAP_MARGIN.right, bottom: HEATMAP_MARGIN.bottom };
    if (cellWidth >= 1) {
      // The pixels left over go half to each side, so map and colour bar stay centred.
      const spare = width - left - HEATMAP_MARGIN.right - cellWidth * spec.xCategories.length;
      grid.left = left + Math.floor(spare / 2);
      grid.right = width - grid.left - cellWidth * spec.xCategories.length;
    }
    if (cellHeight >= 1) {
      grid.bottom = height - top - cellHeight * spec.yCategories.length;
    }
    return grid;
  }

  function colourBar(spec, grid, width, height) {
    const x = width - grid.right + 18;
    const barWidth = 14;
    const top = grid.top;
    const bottom = height - grid.bottom;
    const stops = VIRIDIS.map((color, i) => ({ offset: i / (VIRIDIS.length - 1), color: VIRIDIS[VIRIDIS.length - 1 - i] }));
    const elements = [{
      type: 'rect',
      silent: true,
      shape: { x: x, y: top, width: barWidth, height: bottom - top },
      style: { fill: new echarts.graphic.LinearGradient(0, 0, 0, 1, stops), stroke: MUTED, lineWidth: 0.5 }
    }, {
      type: 'text',
      silent: true,
      x: x + barWidth / 2,
      y: top - 8,
      style: { text: spec.colourLabel, fill: MUTED, font: FONT, align: 'center', verticalAlign: 'bottom' }
    }];
    for (const tick of colourTicks(spec)) {
      const y = bottom - (tick - spec.colourMin) / (spec.colourMax - spec.colourMin) * (bottom - top);
      elements.push({
        type: 'line',
        silent: true,
        shape: { x1: x + barWidth, y1: y, x2: x + barWidth + 4, y2: y },
        style: { stroke: MUTED }
      }, {
        type: 'text',
        silent: true,
        x: x + barWidth + 7,
        y: y,
        style: { text: spec.logColour ? powerOfTen(tick) : formatNumber(tick), fill: INK, font: FONT, verticalAlign: 'middle' }
      });
    }
    return elements;
  }

  function everyNth(count) {
    const step = categoryStep(count);
    return (index) => index % step === 0;
  }

  function heatmapOption(spec, width, height) {
    const encode = echarts.format.encodeHTML;
    const shownValue = (v) => formatNumber(spec.logColour ? Math.pow(10, v) : v);
    const grid = heatmapGrid(spec, width, height);
    return {
      animation: false,
      grid: grid,
      tooltip: {
        formatter: (p) => encode(spec.xLabel || 'x') + ' ' + encode(spec.xCategories[p.value[0]]) + '<br>'
          + encode(spec.yLabel || 'y') + ' ' + encode(spec.yCategories[p.value[1]]) + '<br>'
          + '<b>' + encode(shownValue(p.value[2])) + '</b>'
      },
      xAxis: {
        type: 'category',
        data: spec.xCategories,
        name: spec.xLabel,
        nameLocation: 'middle',
        nameGap: 26,
        nameTextStyle: { color: MUTED },
        axisLabel: { color: INK, interval: everyNth(spec.xCategories.length) },
        axisTick: { alignWithLabel: true, interval: everyNth(spec.xCategories.length) }
      },
      yAxis: {
        type: 'category',
        data: spec.yCategories,
        name: spec.yLabel,
        nameLocation: 'end',
        nameGap: 10,
        nameTextStyle: { color: MUTED, align: 'left' },
        axisLabel: { color: INK, interval: everyNth(spec.yCategories.length) },
        axisTick: { alignWithLabel: true, interval: everyNth(spec.yCategories.length) }
      },
      visualMap: {
        show: false, // drawn by colourBar instead
        type: 'continuous',
        dimension: 2,
        min: spec.colourMin,
        max: spec.colourMax,
        inRange: { color: VIRIDIS }
      },
      graphic: { elements: colourBar(spec, grid, width, height) },
      series: [{ type: 'heatmap', data: spec.cells, progressive: 0 }]
    };
  }

  function optionFor(spec, chart) {
    return spec.kind === 'heatmap' ? heatmapOption(spec, chart.getWidth(), chart.getHeight()) : lineOption(spec);
  }

  // Counted from the option ECharts holds after drawing: points whose last value is a number.
  function pointsDrawn(chart) {
    let points = 0;
    for (const series of chart.getOption().series) {
      for (const point of series.data) {
        const value = Array.isArray(point) ? point[point.length - 1] : point;
        if (typeof value === 'number' && isFinite(value)) {
          points++;
        }
      }
    }
    return points;
  }

  function drawAll() {
    if (typeof echarts === 'undefined') {
      throw new Error('the chart library did not load');
    }
    const specs = JSON.parse(document.getElementById('report-data').textContent).charts;
    const drawn = [];
    for (const spec of specs) {
      try {
        const element = document.getElementById(spec.id);
        if (!element) {
          throw new Error('no element with id ' + spec.id);
        }
        const chart = echarts.init(element, null, { renderer: 'canvas' });
        chart.setOption(optionFor(spec, chart));
        drawn.push({ spec: spec, chart: chart });
        status.drawn(spec.id, pointsDrawn(chart));
      } catch (error) {
        status.error(spec.id, error);
      }
    }
    window.addEventListener('resize', () => {
      for (const { spec, chart } of drawn) {
        try {
          chart.resize();
          if (spec.kind === 'heatmap') {
            const resized = heatmapOption(spec, chart.getWidth(), chart.getHeight());
            chart.setOption({ grid: resized.grid, graphic: resized.graphic }, { replaceMerge: ['graphic'] });
          }
        } catch (error) {
          status.error(spec.id, error);
        }
      }
    });
  }

  try {
    drawAll();
  } catch (error) {
    status.error('page', error);
  }
  status.finish();
})();
