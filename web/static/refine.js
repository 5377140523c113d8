// The facets sit in a <details> panel that the page sends open. On a
// narrow screen, where the panel comes above the results, it starts
// closed so the results show first, and opens with a tap on its summary;
// on a wide screen, where the summary is hidden, it is always open.
// Without this script the panel simply stays open.
(function () {
  "use strict";
  var panel = document.querySelector("details.refine");
  if (!panel || !window.matchMedia) {
    return;
  }
  var narrow = window.matchMedia("(max-width: 52rem)");
  function fit() {
    panel.open = !narrow.matches;
  }
  fit();
  if (narrow.addEventListener) {
    narrow.addEventListener("change", fit);
  }
})();
