// Dragging across the timeline's bars chooses a date range: press on one
// bar, move to another, release, and the search reloads limited to the
// days from the first bar to the last. A press and release on one bar is
// a click on its link. Without this script every bar is still a link.
(function () {
  "use strict";
  var chart = document.querySelector(".timeline-chart");
  if (!chart) {
    return;
  }
  var bars = Array.prototype.slice.call(chart.querySelectorAll("a.bar"));
  var start = -1;
  var end = -1;

  function barAt(x, y) {
    var el = document.elementFromPoint(x, y);
    var bar = el && el.closest ? el.closest("a.bar") : null;
    return bar ? bars.indexOf(bar) : -1;
  }

  function mark() {
    var lo = Math.min(start, end);
    var hi = Math.max(start, end);
    bars.forEach(function (b, i) {
      b.classList.toggle("selecting", start >= 0 && i >= lo && i <= hi);
    });
  }

  chart.addEventListener("pointerdown", function (e) {
    var i = barAt(e.clientX, e.clientY);
    if (i < 0 || e.button !== 0) {
      return;
    }
    start = end = i;
    chart.classList.add("dragging");
    if (chart.setPointerCapture) {
      chart.setPointerCapture(e.pointerId);
    }
    mark();
    e.preventDefault();
  });

  chart.addEventListener("pointermove", function (e) {
    if (start < 0) {
      return;
    }
    var i = barAt(e.clientX, e.clientY);
    if (i >= 0 && i !== end) {
      end = i;
      mark();
    }
  });

  chart.addEventListener("pointerup", function (e) {
    if (start < 0) {
      return;
    }
    var i = barAt(e.clientX, e.clientY);
    if (i >= 0) {
      end = i;
    }
    var lo = bars[Math.min(start, end)];
    var hi = bars[Math.max(start, end)];
    start = end = -1;
    chart.classList.remove("dragging");
    if (lo === hi) {
      window.location.assign(lo.getAttribute("href"));
      return;
    }
    var url = new URL(chart.getAttribute("data-range"), window.location.href);
    url.searchParams.set("from", lo.getAttribute("data-from"));
    url.searchParams.set("to", hi.getAttribute("data-to"));
    window.location.assign(url.pathname + url.search);
  });

  chart.addEventListener("pointercancel", function () {
    start = end = -1;
    chart.classList.remove("dragging");
    mark();
  });

  // The links are followed on release (above), not on click, so that a
  // drag does not also follow the bar it started on.
  chart.addEventListener("click", function (e) {
    if (e.target.closest && e.target.closest("a.bar") && e.detail > 0) {
      e.preventDefault();
    }
  });
})();
