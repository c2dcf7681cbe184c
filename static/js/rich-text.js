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
