// 待审核: "全选本页" ticks every report's box on the page.
(function () {
  "use strict";
  var all = document.getElementById("select-all");
  if (!all) { return; }
  var picks = document.querySelectorAll("input.pick");
  all.addEventListener("change", function () {
    Array.prototype.forEach.call(picks, function (box) { box.checked = all.checked; });
  });
}());
