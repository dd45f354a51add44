// Charts and sortable tables of the 驾驶舱. Data comes from JSON blocks (json_script).
(function () {
  "use strict";
  var charts = window.worktrackerCharts;
  function data(id) { var node = document.getElementById(id); return node ? JSON.parse(node.textContent) : null; }

  var status = data("status-chart-data");
  var statusHolder = document.getElementById("status-chart");
  if (status && statusHolder && window.echarts && charts) {
    var colors = charts.statusColours();
    var narrow = charts.narrow();
    var chart = charts.init(statusHolder);
    chart.setOption({
      animation: false,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      // On a phone the legend takes two short lines above the plot, which starts below them,
      // and the rotated unit names keep a margin on the left.
      legend: { top: 0, itemWidth: narrow ? 14 : 25, itemGap: narrow ? 8 : 10 },
      grid: { left: narrow ? 64 : 8, right: 16, top: narrow ? 84 : 56, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: status.labels,
               axisLabel: { interval: 0, rotate: status.labels.length > (narrow ? 3 : 8) ? 40 : 0 } },
      yAxis: { type: "value", name: "指标数", nameTextStyle: { align: "left" } },
      series: status.series.map(function (s) {
        return { name: s.name, type: "bar", stack: "status", data: s.data, itemStyle: { color: colors[s.key] } };
      })
    });
  }

  var ranking = data("ranking-chart-data");
  var rankingHolder = document.getElementById("ranking-chart");
  if (ranking && rankingHolder && window.echarts && charts) {
    rankingHolder.style.height = Math.max(240, ranking.labels.length * 28 + 60) + "px";
    var bars = charts.init(rankingHolder);
    bars.setOption({
      animation: false,
      tooltip: { valueFormatter: function (v) { return v + "%"; } },
      grid: { left: 8, right: 40, top: 16, bottom: charts.narrow() ? 40 : 24, containLabel: true },
      // On a phone the axis name goes under the axis, where it has room.
      xAxis: { type: "value", name: "完成率%", nameLocation: charts.narrow() ? "middle" : "end", nameGap: charts.narrow() ? 28 : 15,
               max: function (v) { return Math.max(100, Math.ceil(v.max)); } },
      yAxis: { type: "category", data: ranking.labels,
               axisLabel: { width: charts.narrow() ? 96 : 180, overflow: "truncate" } },
      series: [{ type: "bar", data: ranking.values, itemStyle: { color: "#1d4e89" }, label: { show: true, position: "right", formatter: "{c}%" },
                 markLine: { symbol: "none", data: [{ xAxis: 100 }], lineStyle: { color: charts.cssColour("--status-done") } } }]
    });
  }

  // Click a header of a .sortable table to sort by that column.
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    Array.prototype.forEach.call(table.querySelectorAll("th[data-sort]"), function (th, index) {
      th.style.cursor = "pointer";
      th.title = "点击排序";
      th.addEventListener("click", function () {
        var body = table.tBodies[0];
        var numeric = th.getAttribute("data-sort") === "num";
        var descending = th.getAttribute("aria-sort") !== "descending";
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[index], y = b.cells[index];
          var vx = x.getAttribute("data-value") || x.textContent.trim(), vy = y.getAttribute("data-value") || y.textContent.trim();
          var order = numeric ? parseFloat(vx) - parseFloat(vy) : vx.localeCompare(vy, "zh-CN");
          return descending ? -order : order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
        Array.prototype.forEach.call(table.querySelectorAll("th"), function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", descending ? "descending" : "ascending");
      });
    });
  });
}());
