// The live session's turn timer. The server stores when the turn started and how long
// it lasts (so the page survives a reload); this only counts down what the page says.
// Loaded as a file: the Content Security Policy allows no inline script.
(function () {
  "use strict";

  function pad(n) {
    return n < 10 ? "0" + n : String(n);
  }

  function format(seconds) {
    return Math.floor(seconds / 60) + ":" + pad(seconds % 60);
  }

  function tick() {
    var turns = document.querySelectorAll("[data-turn-ends]");
    for (var i = 0; i < turns.length; i++) {
      var el = turns[i];
      if (!el.hasAttribute("data-offset")) {
        // The server's clock at render time minus ours: keeps every screen in step.
        var serverNow = parseInt(el.getAttribute("data-server-now"), 10) || Date.now();
        el.setAttribute("data-offset", String(serverNow - Date.now()));
      }
      var offset = parseInt(el.getAttribute("data-offset"), 10) || 0;
      var ends = parseInt(el.getAttribute("data-turn-ends"), 10);
      var left = Math.max(0, Math.round((ends - (Date.now() + offset)) / 1000));
      var out = el.querySelector("[data-timer-text]");
      if (out) {
        out.textContent = left > 0 ? format(left) : out.getAttribute("data-time-up") || "time is up";
      }
      el.classList.toggle("pc-turn--over", left === 0);
    }
  }

  document.documentElement.classList.add("pc-live-js");
  tick();
  window.setInterval(tick, 1000);
  document.addEventListener("htmx:afterSwap", tick);

  // A control the server rejects (400) answers with the live status and the error in
  // it: show that, as the page does without scripts (htmx does not swap 4xx by itself).
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (event.detail.xhr.status === 400 && target && target.id === "live-status") {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
