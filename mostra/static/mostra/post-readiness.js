// The composer's readiness: choosing a network shows whether the strategy answers every
// question for it; "Answer these questions" opens a dialog where the missing answers are
// given in place, then the line refreshes. Without it, the links lead to the network's
// readiness page and back.
(function () {
  "use strict";
  function panel() { return document.getElementById("post-readiness"); }
  function slot(network) {
    var p = panel();
    return p && p.querySelector('.readiness-slot[data-network="' + network + '"]');
  }
  function get(url) {
    return fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (r) { return r.text(); });
  }
  function withParam(url, name, value) {
    return url + (url.indexOf("?") === -1 ? "?" : "&") + name + "=" + encodeURIComponent(value);
  }
  function here() { return window.location.pathname + window.location.search; }

  // A network's line, fetched again (after it is chosen, after answers are saved).
  function refresh(network) {
    var s = slot(network);
    if (!s) return Promise.resolve();
    var url = withParam(withParam(s.getAttribute("data-url"), "fragment", "status"), "next", here());
    return get(url).then(function (html) { s.innerHTML = html; });
  }

  function dialog() {
    var d = document.getElementById("readiness-dialog");
    if (d) return d;
    d = document.createElement("dialog");
    d.id = "readiness-dialog";
    d.className = "readiness-dialog";
    var close = document.createElement("button");
    close.type = "button";
    close.className = "secondary readiness-close";
    close.textContent = panel().getAttribute("data-close-label");
    close.addEventListener("click", function () { d.close(); });
    var body = document.createElement("div");
    body.className = "readiness-dialog-content";
    d.appendChild(close);
    d.appendChild(body);
    document.body.appendChild(d);
    return d;
  }

  function open(url, network) {
    var d = dialog();
    var body = d.querySelector(".readiness-dialog-content");
    body.textContent = panel().getAttribute("data-loading-label");
    d.setAttribute("data-network", network);
    if (!d.open) d.showModal();
    get(withParam(withParam(url.split("?")[0], "fragment", "dialog"), "next", here()))
      .then(function (html) { body.innerHTML = html; });
  }

  // The networks chosen when the page opens: their readiness, in place of the links.
  document.addEventListener("DOMContentLoaded", function () {
    var p = panel();
    if (!p) return;
    p.querySelectorAll(".readiness-slot:not([hidden])").forEach(function (s) {
      refresh(s.getAttribute("data-network"));
    });
  });

  document.addEventListener("change", function (event) {
    var el = event.target;
    var form = document.getElementById("post-form");
    if (!form || !form.contains(el) || el.name !== "networks") return;
    var s = slot(el.value);
    if (!s) return;
    s.hidden = !el.checked;
    if (el.checked) refresh(el.value);
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("#post-readiness [data-readiness-open]");
    if (!link || typeof HTMLDialogElement === "undefined") return;
    event.preventDefault();
    open(link.getAttribute("href"), link.closest(".readiness-slot").getAttribute("data-network"));
  });

  // The dialog's form is sent in the background; its answer replaces the dialog's content.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var d = document.getElementById("readiness-dialog");
    if (!d || !d.contains(form)) return;
    event.preventDefault();
    var data = new FormData(form);
    data.set("fragment", "dialog");
    fetch(form.getAttribute("action"), {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    }).then(function (r) { return r.text(); }).then(function (html) {
      d.querySelector(".readiness-dialog-content").innerHTML = html;
      refresh(d.getAttribute("data-network"));
    });
  });
})();
