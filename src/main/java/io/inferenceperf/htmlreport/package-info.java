/**
 * The self-contained {@code report.html} of a run: the headline, per-stage tables with the reports' exact numbers,
 * failures by label, server metrics, the config used, and interactive charts (uPlot 1.6.32, vendored with its MIT
 * licence in the resources and inlined into the page) of latency and throughput by stage and per second of the run.
 * {@link io.inferenceperf.htmlreport.Timeline} bins the results per second as they are recorded or replayed;
 * {@link io.inferenceperf.htmlreport.HtmlReport} renders the page; {@link io.inferenceperf.htmlreport.CompareHtml}
 * renders {@code compare}'s page. No page loads anything from the network.
 *
 * <p>May import: analysis, common, config, metrics, record, report, results.
 */
package io.inferenceperf.htmlreport;
