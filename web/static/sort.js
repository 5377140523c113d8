// Choosing a sort order applies it at once: a change of a select marked
// data-autosubmit submits its form, as pressing "Apply" does. Without this
// script the form's Apply and Search buttons still submit it.
(function () {
  "use strict";
  var selects = document.querySelectorAll("select[data-autosubmit]");
  Array.prototype.forEach.call(selects, function (select) {
    select.addEventListener("change", function () {
      var form = select.form;
      if (!form) {
        return;
      }
      if (form.requestSubmit) {
        form.requestSubmit();
      } else {
        form.submit();
      }
    });
  });
})();
