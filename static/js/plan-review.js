// 核对草稿: say when edits are not saved yet, and ask before leaving the page with them.
// Both buttons (保存, 保存并发布) submit the one form, so nothing typed is thrown away.
(function () {
  "use strict";
  var form = document.querySelector("[data-review-form]");
  var banner = document.querySelector("[data-unsaved]");
  if (!form) { return; }
  var dirty = false;
  function changed() {
    if (dirty) { return; }
    dirty = true;
    if (banner) { banner.hidden = false; }
  }
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });
})();
