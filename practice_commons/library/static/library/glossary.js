// Glossary terms in posts and library text: without JavaScript each is a link to the
// glossary; here it becomes a disclosure button (aria-expanded) showing the definition.
(function () {
  "use strict";
  function enhance(root) {
    root.querySelectorAll(".pc-term").forEach(function (term) {
      var link = term.querySelector(".pc-term__link");
      var button = term.querySelector(".pc-term__button");
      var definition = term.querySelector(".pc-term__definition");
      if (!link || !button || !definition || button.dataset.ready) return;
      button.dataset.ready = "1";
      link.hidden = true;
      button.hidden = false;
      button.addEventListener("click", function () {
        var open = button.getAttribute("aria-expanded") === "true";
        button.setAttribute("aria-expanded", open ? "false" : "true");
        definition.hidden = open;
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  } else {
    enhance(document);
  }
  document.addEventListener("htmx:afterSwap", function (event) { enhance(event.target); });
})();
