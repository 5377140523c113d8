// A filter box for long facet lists: typing keeps the values whose name
// contains the text and opens the folded "show more" part. Without this
// script the box stays hidden and "show more" still unfolds the list.
(function () {
  "use strict";
  var boxes = document.querySelectorAll(".facet .facet-filter");
  Array.prototype.forEach.call(boxes, function (input) {
    var facet = input.closest(".facet");
    var items = facet.querySelectorAll("li");
    var more = facet.querySelector("details.more");
    input.hidden = false;
    input.addEventListener("input", function () {
      var text = input.value.trim().toLocaleLowerCase();
      Array.prototype.forEach.call(items, function (li) {
        var a = li.querySelector("a, span");
        var name = a ? a.textContent.toLocaleLowerCase() : "";
        li.hidden = text !== "" && name.indexOf(text) < 0;
      });
      if (more && text !== "") {
        more.open = true;
      }
    });
  });
})();
