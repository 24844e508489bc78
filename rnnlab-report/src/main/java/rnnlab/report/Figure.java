package rnnlab.report;

/** What a section shows: one line chart, a row of line charts, a heatmap or a table. */
public sealed interface Figure permits LineChart, ChartRow, Heatmap, Table {}
