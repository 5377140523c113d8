// Drawing a box on the results map searches inside it: dragging across the
// map draws a rectangle and, on release, loads the same search with
// bbox=minLon,minLat,maxLon,maxLat (the map is an equirectangular frame of
// data-width × data-height units). Without this script the map's points
// still link to their places.
(function () {
  "use strict";
  var svg = document.querySelector(".map svg[data-box-url]");
  if (!svg || !svg.createSVGPoint) {
    return;
  }
  var width = parseFloat(svg.getAttribute("data-width"));
  var height = parseFloat(svg.getAttribute("data-height"));
  var hint = document.querySelector(".map .box-hint");
  if (hint) {
    hint.hidden = false;
  }
  var ns = "http://www.w3.org/2000/svg";
  var start = null;
  var rect = null;

  function toMap(ev) {
    var p = svg.createSVGPoint();
    p.x = ev.clientX;
    p.y = ev.clientY;
    var m = p.matrixTransform(svg.getScreenCTM().inverse());
    return { x: Math.min(Math.max(m.x, 0), width), y: Math.min(Math.max(m.y, 0), height) };
  }

  function round(v) {
    return Math.round(v * 100) / 100;
  }

  svg.addEventListener("pointerdown", function (ev) {
    if (ev.button !== 0 || ev.target.closest("a")) {
      return; // a point: its link filters by that place
    }
    start = toMap(ev);
    rect = document.createElementNS(ns, "rect");
    rect.setAttribute("class", "box drawn");
    svg.appendChild(rect);
    svg.classList.add("drawing");
    svg.setPointerCapture(ev.pointerId);
    ev.preventDefault();
  });

  svg.addEventListener("pointermove", function (ev) {
    if (!start) {
      return;
    }
    var p = toMap(ev);
    rect.setAttribute("x", Math.min(start.x, p.x));
    rect.setAttribute("y", Math.min(start.y, p.y));
    rect.setAttribute("width", Math.abs(p.x - start.x));
    rect.setAttribute("height", Math.abs(p.y - start.y));
  });

  svg.addEventListener("pointerup", function (ev) {
    if (!start) {
      return;
    }
    var p = toMap(ev);
    var a = start;
    start = null;
    svg.classList.remove("drawing");
    if (Math.abs(p.x - a.x) < 1 || Math.abs(p.y - a.y) < 1) {
      rect.remove(); // a click, not a box
      return;
    }
    var minLon = round(Math.min(a.x, p.x) / width * 360 - 180);
    var maxLon = round(Math.max(a.x, p.x) / width * 360 - 180);
    var maxLat = round(90 - Math.min(a.y, p.y) / height * 180);
    var minLat = round(90 - Math.max(a.y, p.y) / height * 180);
    var base = svg.getAttribute("data-box-url");
    location.href = base + (base.indexOf("?") >= 0 ? "&" : "?") +
      "bbox=" + [minLon, minLat, maxLon, maxLat].join(",");
  });
})();
