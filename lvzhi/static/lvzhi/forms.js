/* Two behaviours of the product's forms, declared with data attributes (no inline script, so the pages work under
   a Content Security Policy without 'unsafe-inline'):

   - data-confirm="问题?" on a form or on its submit button: ask before sending (submitting a self-assessment,
     closing a stage, recording the committee's decision, publishing). Cancel sends nothing.
   - data-keep="FORM-ID" on a form (adding or removing evidence): what is typed but not saved in the form FORM-ID
     (scores, notes) is kept in the tab's sessionStorage when this form is sent, and put back when the page comes
     back, so uploading a file does not lose it. */
(function () {
  "use strict";
  var PREFIX = "lvzhi-keep:";

  function keptFields(form) {
    var fields = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled || el.type === "hidden" || el.type === "file" || el.type === "submit" ||
          el.type === "button" || el.name === "csrfmiddlewaretoken") {
        return;
      }
      fields.push(el);
    });
    return fields;
  }

  function remember(formId) {
    var form = document.getElementById(formId);
    if (!form) { return; }
    var values = {};
    keptFields(form).forEach(function (el) {
      values[el.name] = (el.type === "checkbox" || el.type === "radio") ? (el.checked ? el.value : null) : el.value;
    });
    try {
      sessionStorage.setItem(PREFIX + location.pathname + "#" + formId, JSON.stringify(values));
    } catch (e) { /* storage full or disabled: nothing kept */ }
  }

  function restore() {
    var forms = document.querySelectorAll("form[id]");
    Array.prototype.forEach.call(forms, function (form) {
      var key = PREFIX + location.pathname + "#" + form.id;
      var raw = null;
      try { raw = sessionStorage.getItem(key); sessionStorage.removeItem(key); } catch (e) { raw = null; }
      if (!raw) { return; }
      var values = JSON.parse(raw);
      keptFields(form).forEach(function (el) {
        if (!Object.prototype.hasOwnProperty.call(values, el.name)) { return; }
        if (el.type === "checkbox" || el.type === "radio") {
          el.checked = values[el.name] === el.value;
        } else {
          el.value = values[el.name];
        }
      });
      form.setAttribute("data-restored", "1");
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    var question = (button && button.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      event.stopImmediatePropagation();
      return;
    }
    var keep = form.getAttribute("data-keep");
    if (keep) { remember(keep); }
  }, true);

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", restore);
  } else {
    restore();
  }
})();
