// What every chart shares: the status colours, read from the CSS custom properties that
// css/status.css defines (the one definition), and resizing with the window, the phone's
// rotation and printing.
(function () {
  "use strict";
  var STATUSES = ["done", "on_track", "late", "severe", "overdue", "unreported"];

  function cssColour(name) {
    return window.getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  }

  function statusColours() {
    var colours = {};
    STATUSES.forEach(function (key) { colours[key] = cssColour("--status-" + key); });
    return colours;
  }

  var charts = [];
  function resizeAll() { charts.forEach(function (chart) { chart.resize(); }); }
  window.addEventListener("resize", resizeAll);
  window.addEventListener("orientationchange", resizeAll);
  window.addEventListener("beforeprint", resizeAll);
  window.addEventListener("afterprint", resizeAll);
  if (window.matchMedia) {
    var print = window.matchMedia("print");
    if (print.addEventListener) { print.addEventListener("change", resizeAll); }
  }

  window.worktrackerCharts = {
    cssColour: cssColour,
    statusColours: statusColours,
    // A chart that follows its container's size; `narrow` is true on a phone.
    init: function (holder) {
      var chart = window.echarts.init(holder);
      charts.push(chart);
      return chart;
    },
    narrow: function () { return window.innerWidth < 600; }
  };
}());
