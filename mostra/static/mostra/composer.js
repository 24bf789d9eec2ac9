// The composer's main text: the networks that do not customise their text follow it.
// Their own fields are hidden and kept equal to the main text and link as it is typed,
// so the charter's live check reads what will go out. Without this script the fields
// stay visible and the server applies the same rule when the post is saved.
(function () {
  "use strict";
  function byId(id) { return document.getElementById(id); }

  function variants() {
    return Array.prototype.slice.call(document.querySelectorAll("#post-form fieldset.variant"));
  }

  function fieldsOf(fieldset) {
    var network = fieldset.getAttribute("data-network");
    return {
      box: byId("id_v-" + network + "-overridden"),
      text: byId("id_v-" + network + "-text"),
      link: byId("id_v-" + network + "-link"),
      note: fieldset.querySelector(".follows-note")
    };
  }

  function copy(field, value) {
    if (!field || field.value === value) return;
    field.value = value;
    field.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function sync(fieldset) {
    var f = fieldsOf(fieldset);
    if (!f.box) return;
    var follows = !f.box.checked;
    [f.text, f.link].forEach(function (field) {
      var group = field && field.closest(".field");
      if (group) group.hidden = follows;
    });
    if (f.note) f.note.hidden = !follows;
    fieldset.classList.toggle("follows-main", follows);
    if (follows) {
      var main = byId("id_main_text"), link = byId("id_main_link");
      copy(f.text, main ? main.value : "");
      copy(f.link, link ? link.value : "");
    }
  }

  function syncAll() { variants().forEach(sync); }

  document.addEventListener("DOMContentLoaded", function () {
    if (!byId("id_main_text")) return;
    syncAll();
    ["id_main_text", "id_main_link"].forEach(function (id) {
      var field = byId(id);
      if (field) field.addEventListener("input", syncAll);
    });
    variants().forEach(function (fieldset) {
      var f = fieldsOf(fieldset);
      if (f.box) f.box.addEventListener("change", function () {
        sync(fieldset);
        if (f.box.checked && f.text) f.text.focus();
      });
    });
  });
})();
