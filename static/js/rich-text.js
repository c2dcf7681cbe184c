/* The report editor: Trix on top of the plain <textarea>, which stays the field that is submitted.
   Without JavaScript (or if Trix fails to load) the textarea is used as it is. */
(function () {
  "use strict";
  function enhance() {
    document.querySelectorAll("textarea.rich-text").forEach(function (textarea) {
      if (textarea.hidden) { return; }
      var input = document.createElement("input");
      input.type = "hidden";
      input.id = textarea.id + "-trix-input";
      input.value = textarea.value;
      var editor = document.createElement("trix-editor");
      editor.setAttribute("input", input.id);
      editor.classList.add("trix-content", "rich-text-editor");
      var label = document.querySelector("label[for='" + textarea.id + "']");
      if (label) { label.id = label.id || textarea.id + "-label"; editor.setAttribute("aria-labelledby", label.id); }
      editor.addEventListener("trix-initialize", function () { keyboardToolbar(editor.toolbarElement); });
      var hint = textarea.getAttribute("aria-describedby");
      if (hint) { editor.setAttribute("aria-describedby", hint); }
      textarea.insertAdjacentElement("afterend", input);
      input.insertAdjacentElement("afterend", editor);
      textarea.hidden = true;
      editor.addEventListener("trix-change", function () { textarea.value = input.value; });
      // Files are uploaded as PDF papers, not pasted into reports.
      editor.addEventListener("trix-file-accept", function (event) { event.preventDefault(); });
    });
  }
  // Trix takes its toolbar buttons out of the Tab order (tabindex="-1"): put them back, so keyboard users can
  // reach every one (WCAG 2.1.1), and let the arrow keys move along the toolbar as well.
  function keyboardToolbar(toolbar) {
    if (!toolbar) { return; }
    toolbar.setAttribute("aria-label", "Formatting");
    // Files are uploaded as PDF papers, never attached to a report: no button that cannot work.
    var fileTools = toolbar.querySelector(".trix-button-group--file-tools");
    if (fileTools) { fileTools.remove(); }
    toolbar.querySelectorAll(".trix-button-row button[tabindex='-1']").forEach(function (button) {
      button.removeAttribute("tabindex");
    });
    toolbar.addEventListener("keydown", function (event) {
      if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") { return; }
      var buttons = Array.prototype.filter.call(toolbar.querySelectorAll(".trix-button-row button"), function (b) {
        return !b.disabled && b.offsetParent !== null;
      });
      var index = buttons.indexOf(document.activeElement);
      if (index < 0) { return; }
      event.preventDefault();
      var next = event.key === "ArrowRight" ? index + 1 : index - 1;
      buttons[(next + buttons.length) % buttons.length].focus();
    });
  }
  if (!window.customElements) { return; }
  // Trix registers its elements when it starts, which may be after this script runs.
  window.customElements.whenDefined("trix-editor").then(function () {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", enhance);
    } else {
      enhance();
    }
  });
})();
