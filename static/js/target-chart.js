// A target's actual values against its planned path. Data comes from a JSON block
// rendered by the server (json_script), so the page needs no inline script.
(function () {
  "use strict";
  var holder = document.getElementById("target-chart");
  var source = document.getElementById("target-chart-data");
  if (!holder || !source || !window.echarts) { return; }
  var data = JSON.parse(source.textContent);
  var today = new Date().toISOString().slice(0, 10);
  var chart = window.echarts.init(holder);
  chart.setOption({
    animation: false,
    color: ["#8c959f", "#1d4e89", "#d4a72c"],
    tooltip: { trigger: "axis", valueFormatter: function (v) { return v == null ? "—" : v + " " + data.unit; } },
    legend: { top: 0, data: [data.labels.planned, data.labels.actual, data.labels.pending] },
    grid: { left: 56, right: 24, top: 36, bottom: 32 },
    xAxis: { type: "time", min: data.planned[0][0], max: data.planned[1][0] },
    yAxis: { type: "value", name: data.unit, min: 0 },
    series: [
      { name: data.labels.planned, type: "line", data: data.planned, symbol: "none", lineStyle: { type: "dashed" },
        markLine: { symbol: "none", label: { formatter: data.labels.today }, lineStyle: { color: "#cf222e" }, data: [{ xAxis: today }] } },
      { name: data.labels.actual, type: "line", step: false, data: data.actual, symbolSize: 7 },
      { name: data.labels.pending, type: "scatter", data: data.pending, symbolSize: 10 }
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
}());
