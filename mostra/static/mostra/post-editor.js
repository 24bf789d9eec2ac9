// The post editor: variants follow the chosen networks, the tactic pre-selects its
// networks, slot suggestions fill the date and time. Everything works without it.
(function () {
  "use strict";
  function form() { return document.getElementById("post-form"); }

  // Show the fieldset of each chosen network, hide the others (their text is kept).
  function syncVariants() {
    var f = form();
    if (!f) return;
    f.querySelectorAll("input[name=networks]").forEach(function (box) {
      var fieldset = document.getElementById("variant-" + box.value);
      if (!fieldset) return;
      var shown = fieldset.hidden && box.checked;
      fieldset.hidden = !box.checked;
      // A network just chosen: check its variant as it stands.
      var text = document.getElementById("id_v-" + box.value + "-text");
      if (shown && text && window.htmx && text.hasAttribute("hx-post")) {
        window.htmx.trigger(text, "check-variant");
      }
      if (box.checked) fieldset.removeAttribute("data-off");
      else fieldset.setAttribute("data-off", "");
    });
    var everywhere = f.querySelector("input[name=upload_everywhere]");
    var only = f.querySelector(".upload-network");
    if (everywhere && only) only.hidden = everywhere.checked;
  }

  // A new tactic: its networks become the chosen ones (variants with text stay).
  function applyTactic(select) {
    var option = select.options[select.selectedIndex];
    var networks = ((option && option.getAttribute("data-networks")) || "").split(" ").filter(Boolean);
    if (!networks.length) return;
    form().querySelectorAll("input[name=networks]").forEach(function (box) {
      var text = document.getElementById("id_v-" + box.value + "-text");
      box.checked = networks.indexOf(box.value) !== -1 || !!(text && text.value.trim());
    });
    syncVariants();
  }

  // A file over the limit is refused before it is sent (the server refuses it too).
  function checkSizes(input) {
    var max = parseInt(input.getAttribute("data-max-bytes") || "0", 10);
    var note = document.getElementById("upload-too-large");
    if (!note) {
      note = document.createElement("p");
      note.id = "upload-too-large";
      note.className = "alert err";
      note.setAttribute("role", "alert");
      input.insertAdjacentElement("afterend", note);
    }
    var refused = Array.prototype.filter.call(input.files || [], function (file) {
      return max && file.size > max;
    });
    note.hidden = !refused.length;
    note.textContent = refused.map(function (file) {
      return input.getAttribute("data-too-large").replace("%(name)s", file.name);
    }).join(" ");
    if (refused.length) input.value = "";
  }

  document.addEventListener("change", function (event) {
    var el = event.target;
    if (!form() || !form().contains(el)) return;
    if (el.name === "upload") checkSizes(el);
    if (el.name === "networks" || el.name === "upload_everywhere") syncVariants();
    if (el.name === "tactic") {
      applyTactic(el);
      // Refresh the slot suggestions of the new tactic (keeps the typed date and time).
      var when = document.getElementById("post-when");
      var button = document.getElementById("next-slot");
      if (when && button && window.htmx) {
        window.htmx.ajax("GET", button.getAttribute("hx-get"), {
          target: "#post-when", swap: "outerHTML", source: "#id_tactic",
          values: { tactic: el.value, date: document.getElementById("id_date").value,
                    time: document.getElementById("id_time").value },
        });
      }
    }
  });

  // A slot suggestion fills the date and time.
  document.addEventListener("click", function (event) {
    var slot = event.target.closest && event.target.closest("[data-slot-date]");
    if (slot) {
      document.getElementById("id_date").value = slot.getAttribute("data-slot-date");
      document.getElementById("id_time").value = slot.getAttribute("data-slot-time");
      document.getElementById("id_time").focus();
    }
  });

  document.addEventListener("DOMContentLoaded", syncVariants);
})();
