// The strategy pages: small enhancements over htmx; everything works without them.
(function () {
  "use strict";
  // A form with errors comes back as 422: show it in place instead of ignoring it.
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr && event.detail.xhr.status === 422) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  // After a form opens in place, put the cursor in its first field.
  document.addEventListener("htmx:load", function (event) {
    var el = event.detail.elt;
    if (el && el.matches && el.matches("form.editing")) {
      var first = el.querySelector("input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea");
      if (first) first.focus({ preventScroll: true });
    }
  });
  // A link to a cell's sources (from the heatmap) opens the target's table if closed.
  function openTarget() {
    if (!location.hash) return;
    var el = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    var details = el && el.closest && el.closest("details");
    if (details && !details.open) {
      details.open = true;
      el.scrollIntoView();
    }
  }
  window.addEventListener("hashchange", openTarget);
  document.addEventListener("DOMContentLoaded", openTarget);
})();
