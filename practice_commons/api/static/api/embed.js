/* Tells the page that frames this embed how tall it is, so the page can size the frame
   (see "Embed on your website"). Posts {type: "practice-commons:embed-height", height}
   on load and whenever the content's height changes. */
(function () {
  "use strict";
  if (window.parent === window) return;
  var last = 0;
  function post() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: "practice-commons:embed-height", height: height }, "*");
  }
  if ("ResizeObserver" in window) {
    new ResizeObserver(post).observe(document.documentElement);
  } else {
    window.addEventListener("resize", post);
  }
  window.addEventListener("load", post);
  post();
})();
