// The calendar: drag a post chip to another day (month) or day and hour (week), or use
// its ⇄ button and the Move dialog (keyboard). Both send the same htmx POST; the
// server answers with the grid re-rendered, or 422 and a message (the grid stays).
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var dragged = null;

  function grid() {
    return document.getElementById("calendar-grid");
  }

  function move(chip, date, time) {
    var g = grid();
    if (!g || !chip || !chip.dataset.moveUrl || !window.htmx) return;
    var values = { date: date, view: g.dataset.view, period: g.dataset.period };
    if (time) values.time = time;
    new URLSearchParams(g.dataset.filters || "").forEach(function (value, key) {
      values[key] = value;
    });
    var token = document.querySelector("[name=csrfmiddlewaretoken]");
    if (token) values.csrfmiddlewaretoken = token.value;
    chip.classList.add("moving");
    window.htmx
      .ajax("POST", chip.dataset.moveUrl, {
        source: g,
        target: "#calendar-grid",
        swap: "outerHTML",
        values: values,
      })
      .finally(function () {
        chip.classList.remove("moving");
      });
  }

  // A refusal comes back as 422: show its message (the server retargets it).
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr && event.detail.xhr.status === 422) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // A move that never got an answer (server error, no network): say so; nothing moved.
  document.addEventListener("htmx:responseError", failed);
  document.addEventListener("htmx:sendError", failed);
  function failed(event) {
    var status = document.getElementById("calendar-status");
    if (!status || !event.detail.elt || event.detail.elt.id !== "calendar-grid") return;
    var p = document.createElement("p");
    p.className = "msg error";
    p.textContent = status.getAttribute("data-failed");
    status.replaceChildren(p);
  }

  // Drag and drop (HTML5).
  document.addEventListener("dragstart", function (event) {
    var chip = event.target.closest && event.target.closest(".chip[data-move-url]");
    if (!chip) return;
    dragged = chip;
    chip.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", chip.id);
  });
  document.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("dragging");
    dragged = null;
    document.querySelectorAll(".drop-over").forEach(function (el) {
      el.classList.remove("drop-over");
    });
  });
  document.addEventListener("dragover", function (event) {
    if (!dragged) return;
    var cell = event.target.closest && event.target.closest("[data-drop-date]");
    if (!cell) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    if (!cell.classList.contains("drop-over")) {
      document.querySelectorAll(".drop-over").forEach(function (el) {
        el.classList.remove("drop-over");
      });
      cell.classList.add("drop-over");
    }
  });
  document.addEventListener("drop", function (event) {
    if (!dragged) return;
    var cell = event.target.closest && event.target.closest("[data-drop-date]");
    if (!cell) return;
    event.preventDefault();
    cell.classList.remove("drop-over");
    var chip = dragged;
    var date = cell.dataset.dropDate;
    var time = null;
    if (cell.dataset.dropTime) {
      // Week view: the slot's hour, the post's own minutes.
      time = cell.dataset.dropTime.slice(0, 3) + (chip.dataset.time || "00:00").slice(3);
    }
    var same = date === chip.dataset.date && (!time || time === chip.dataset.time);
    if (!same) move(chip, date, time);
  });

  // The keyboard's way: the chip's ⇄ button opens the Move dialog.
  var current = null;
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-move]");
    var dialog = document.getElementById("move-dialog");
    if (button && dialog) {
      current = button.closest(".chip");
      dialog.querySelector("[name=date]").value = current.dataset.date || "";
      dialog.querySelector("[name=time]").value = current.dataset.time || "10:00";
      var title = current.querySelector(".chip-title");
      dialog.querySelector("[data-move-name]").textContent = title ? title.textContent : "";
      dialog.showModal();
      dialog.querySelector("[name=date]").focus();
      return;
    }
    if (event.target.closest && event.target.closest("[data-move-cancel]")) {
      event.target.closest("dialog").close();
    }
  });
  document.addEventListener("submit", function (event) {
    if (event.target.id !== "move-form") return;
    event.preventDefault();
    var dialog = document.getElementById("move-dialog");
    var form = event.target;
    dialog.close();
    if (current) {
      var id = current.id;
      move(current, form.date.value, form.time.value);
      current = null;
      // Give the focus back to the moved post once the grid is back.
      document.addEventListener(
        "htmx:afterSettle",
        function () {
          var chip = document.getElementById(id);
          var back = chip && chip.querySelector(".chip-move, .chip-body");
          if (back) back.focus();
        },
        { once: true }
      );
    }
  });
})();
