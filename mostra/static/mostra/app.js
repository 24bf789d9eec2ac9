// mostra's small amount of JavaScript: progressive enhancements only.
(function () {
  "use strict";
  // Submit a form as soon as a marked control changes (language switcher).
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("[data-autosubmit]")) {
      el.form.submit();
    }
  });
  // RACI cells: colour follows the letter while editing.
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches(".raci select")) {
      el.className = "letter-" + el.value;
    }
  });
  // Copy buttons: <button data-copy="#id">.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-copy]");
    if (!button) return;
    var source = document.querySelector(button.getAttribute("data-copy"));
    if (!source) return;
    source.select && source.select();
    if (navigator.clipboard) {
      navigator.clipboard.writeText(source.value || source.textContent);
    } else {
      document.execCommand("copy");
    }
    button.setAttribute("data-copied", "1");
  });
  // Confirmations: <button data-confirm="Delete…?"> (or on its form) asks before acting.
  document.addEventListener("click", function (event) {
    var confirmed = event.target.closest && event.target.closest("[data-confirm]");
    if (confirmed && !window.confirm(confirmed.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
  // Print buttons.
  document.addEventListener("click", function (event) {
    if (event.target.matches && event.target.matches("[data-print]")) {
      window.print();
    }
  });
  // Crisis triggers: the window (hours) only matters for windowed kinds.
  function syncWindow(select) {
    var row = select.closest("[data-trigger-row]");
    if (!row) return;
    var windowed = (row.getAttribute("data-windowed") || "").split(" ");
    var input = row.querySelector("[name=trigger_window]");
    if (!input) return;
    input.readOnly = select.value !== "" && windowed.indexOf(select.value) === -1;
    if (input.readOnly) input.value = "";
  }
  document.addEventListener("change", function (event) {
    if (event.target.name === "trigger_kind") syncWindow(event.target);
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[name=trigger_kind]").forEach(syncWindow);
  });
})();
