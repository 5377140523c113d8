// Place suggestions for the search form's place field: as the user types,
// the names the gazetteer knows (any spelling or script) are fetched from
// /api/v1/places and offered in the field's <datalist>, each qualified by
// the places above it ("Lyman (Donetsk Oblast, Ukraine)") so that the
// server can tell same-named places apart. The form works without this
// script: the server resolves whatever is typed.
(function () {
  "use strict";
  var input = document.getElementById("where");
  var list = document.getElementById("place-options");
  if (!input || !list || !window.fetch) {
    return;
  }
  var timer = 0;
  var asked = "";

  function label(p) {
    var above = (p.hierarchy || []).map(function (h) { return h.name; });
    return above.length ? p.name + " (" + above.join(", ") + ")" : p.name;
  }

  function show(places) {
    var options = places.map(function (p) {
      var o = document.createElement("option");
      o.value = label(p);
      o.textContent = p.articles + (p.articles === 1 ? " article" : " articles");
      return o;
    });
    list.replaceChildren.apply(list, options);
  }

  function suggest() {
    var prefix = input.value.trim();
    if (prefix.length < 2 || prefix === asked || prefix.indexOf("(") >= 0) {
      return;
    }
    asked = prefix;
    var url = input.getAttribute("data-suggest") + "?limit=8&prefix=" + encodeURIComponent(prefix);
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (res) { return res.ok ? res.json() : { places: [] }; })
      .then(function (data) {
        if (input.value.trim() === prefix) {
          show(data.places || []);
        }
      })
      .catch(function () { /* suggestions are a convenience; typing still works */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(suggest, 150);
  });
})();
