// A target's actual values against its planned path. Data comes from a JSON block
// rendered by the server (json_script), so the page needs no inline script.
(function () {
  "use strict";
  var holder = document.getElementById("target-chart");
  var source = document.getElementById("target-chart-data");
  var charts = window.worktrackerCharts;
  if (!holder || !source || !window.echarts || !charts) { return; }
  var data = JSON.parse(source.textContent);
  var today = new Date().toISOString().slice(0, 10);
  var chart = charts.init(holder);
  var narrow = charts.narrow();
  chart.setOption({
    animation: false,
    color: [charts.cssColour("--muted"), charts.cssColour("--brand"), charts.cssColour("--status-late")],
    tooltip: { trigger: "axis", valueFormatter: function (v) { return v == null ? "—" : v + " " + data.unit; } },
    legend: { top: 0, type: narrow ? "scroll" : "plain", data: [data.labels.planned, data.labels.actual, data.labels.pending] },
    grid: { left: 8, right: 24, top: 48, bottom: 8, containLabel: true },
    xAxis: { type: "time", min: data.planned[0][0], max: data.planned[1][0] },
    yAxis: { type: "value", name: data.unit, min: 0 },
    series: [
      { name: data.labels.planned, type: "line", data: data.planned, symbol: "none", lineStyle: { type: "dashed" },
        markLine: { symbol: "none", label: { formatter: data.labels.today }, lineStyle: { color: charts.cssColour("--status-severe") }, data: [{ xAxis: today }] } },
      { name: data.labels.actual, type: "line", step: false, data: data.actual, symbolSize: 7 },
      { name: data.labels.pending, type: "scatter", data: data.pending, symbolSize: 10 }
    ]
  });
}());
