/* Progressive enhancement for the portal. Every page works without this file. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Move focus to an error summary or a freshly swapped status, so screen reader users hear it.
  function focusAutofocus(root) {
    var target = (root || document).querySelector("[data-autofocus]");
    if (target) { target.focus(); }
  }
  document.addEventListener("DOMContentLoaded", function () { focusAutofocus(document); });
  document.addEventListener("htmx:afterSwap", function (event) {
    // After an outerHTML swap the old target has left the page: look in the whole page instead.
    var target = event.detail.target;
    focusAutofocus(target && target.isConnected ? target : document);
  });

  // A swapped-in [data-announce] is read out by the page's live region, which stays put while htmx swaps
  // (a live region that is itself replaced is not reliably announced).
  document.addEventListener("htmx:afterSettle", function () {
    var announcer = document.querySelector("[data-live-announcer]");
    var message = document.querySelector("[data-announce]");
    if (!announcer || !message) { return; }
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = message.textContent; message.remove(); }, 50);
  });

  // Drag to reorder: lists marked data-sortable post their new order to data-sortable-url and swap the answer
  // into data-sortable-target. (Keyboard users have the Up and Down buttons, which are ordinary forms.)
  function enableSorting(root) {
    if (typeof Sortable === "undefined" || typeof htmx === "undefined") { return; }
    (root || document).querySelectorAll("[data-sortable]").forEach(function (list) {
      if (list.dataset.sortableReady) { return; }
      list.dataset.sortableReady = "1";
      Sortable.create(list, {
        handle: "[data-drag-handle]",
        animation: 120,
        onEnd: function () {
          var order = Array.prototype.map.call(list.querySelectorAll("[data-id]"), function (row) {
            return row.dataset.id;
          });
          var values = {order: order.join(",")};
          if (list.dataset.agendaVersion) { values.agenda_version = list.dataset.agendaVersion; }
          htmx.ajax("POST", list.dataset.sortableUrl, {
            source: list,
            target: list.dataset.sortableTarget,
            swap: list.dataset.sortableSwap || "outerHTML",
            values: values,
            headers: JSON.parse(document.body.getAttribute("data-hx-headers") || "{}")
          });
        }
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { enableSorting(document); });
  document.addEventListener("htmx:afterSettle", function (event) { enableSorting(event.detail.target); });

  // A failed htmx request must never fail silently: say so where the reader is looking.
  function reportFailure(text) {
    var main = document.getElementById("main-content");
    if (!main) { return; }
    var notice = document.getElementById("request-failed") || document.createElement("div");
    notice.id = "request-failed";
    notice.className = "notice notice--warning";
    notice.setAttribute("role", "alert");
    notice.textContent = text;
    main.insertBefore(notice, main.firstChild);
  }
  document.addEventListener("htmx:responseError", function () {
    reportFailure("Something went wrong and your change may not have been saved. Reload the page and try again.");
  });
  document.addEventListener("htmx:sendError", function () {
    reportFailure("The portal could not be reached. Check your connection; nothing was saved.");
  });

  // Confirm before destructive plain-form actions marked data-confirm (htmx forms use data-hx-confirm).
  // A form that htmx submits asks once, through its data-hx-confirm: asking here too made every Remove ask twice.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (window.htmx && form.dataset.hxConfirm && (form.dataset.hxPost || form.dataset.hxGet)) { return; }
    var message = form.dataset.confirm;
    if (message && !window.confirm(message)) { event.preventDefault(); }
  }, true);
})();
