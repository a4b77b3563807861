// Draws the report's charts with uPlot from the JSON in #report-data; marks each chart as rendered for tests.
(function () {
  var COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"];
  var data = JSON.parse(document.getElementById("report-data").textContent);
  Object.keys(data).forEach(function (id) {
    var chart = data[id];
    var el = document.getElementById(id);
    if (!el) return;
    var width = Math.max(360, Math.min(960, (el.clientWidth || 960)));
    var opts = {
      title: chart.title,
      width: width,
      height: 280,
      scales: { x: { time: false } },
      // Stages are whole numbers: no ticks between them.
      axes: [chart.xLabel === "Stage" ? { label: chart.xLabel, incrs: [1, 2, 5, 10, 20, 50] } : { label: chart.xLabel },
        { label: chart.yLabel, size: 60 }],
      series: [{ label: chart.xLabel }].concat(chart.series.map(function (s, i) {
        return { label: s.label, stroke: COLORS[i % COLORS.length], width: 2, points: { show: chart.x.length < 60 } };
      }))
    };
    new uPlot(opts, [chart.x].concat(chart.series.map(function (s) { return s.values; })), el);
    el.setAttribute("data-rendered", "true");
    el.setAttribute("data-points", String(chart.x.length));
  });
  // What the page fetched: stays 0 (everything is inline; the page's CSP forbids fetching).
  document.body.setAttribute("data-resources", String(performance.getEntriesByType("resource").length));
  document.body.setAttribute("data-ready", "true");
})();
