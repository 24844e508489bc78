/**
 * Self-contained HTML reports: a title, a table of settings, and sections that each show one
 * chart, row of charts or table with a paragraph saying what to see.
 *
 * <p>{@link rnnlab.report.Report} is the entry point. The page it writes carries its data as
 * JSON and the charting library (Apache ECharts, from a WebJar) inline, so it opens offline and
 * makes no network request; its Content-Security-Policy forbids any. After drawing, the page
 * writes {@code <pre id="render-status">}: one line per chart ({@code chart-2-1 points=100}),
 * any script error, the number of resources loaded, and {@code done}. Tests read it.
 *
 * <p>This package knows nothing about recurrent networks; callers map their results onto it.
 */
package rnnlab.report;
