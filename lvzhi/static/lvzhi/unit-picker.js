/* A unit picker for <select data-unit-picker="/api/registry/units"> (lvzhi.core.widgets): the page carries only
   the chosen units; typing in the search box asks the API (?q=…, 20 at a time) and a click adds the unit. Works on a
   phone (one column, large touch targets) and under a Content Security Policy (a static file, no inline script). */
(function () {
  "use strict";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function setUp(select) {
    var url = select.getAttribute("data-unit-picker");
    var multiple = select.multiple;
    var box = el("div", "unit-picker");
    var chosen = el("div", "unit-picker-chosen d-flex flex-wrap gap-1 mb-1");
    var search = el("input", "form-control");
    search.type = "search";
    search.placeholder = select.getAttribute("data-placeholder") || "";
    var label = select.id ? document.querySelector('label[for="' + select.id + '"]') : null;
    search.setAttribute("aria-label", (label ? label.textContent.trim() + ":" : "") + search.placeholder);
    search.autocomplete = "off";
    var results = el("div", "list-group unit-picker-results");
    results.setAttribute("role", "listbox");
    var status = el("div", "visually-hidden");
    status.setAttribute("aria-live", "polite");
    select.classList.add("d-none");
    select.parentNode.insertBefore(box, select);
    box.appendChild(chosen);
    box.appendChild(search);
    box.appendChild(results);
    box.appendChild(status);
    box.appendChild(select);

    function render() {
      chosen.innerHTML = "";
      Array.prototype.forEach.call(select.options, function (option) {
        if (!option.selected || !option.value) { return; }
        var chip = el("button", "btn btn-sm btn-outline-secondary", option.textContent + " ×");
        chip.type = "button";
        chip.setAttribute("aria-label", (select.getAttribute("data-remove-label") || "") + " " + option.textContent);
        chip.addEventListener("click", function () {
          option.selected = false;
          if (multiple) { option.remove(); } else { select.value = ""; }
          render();
        });
        chosen.appendChild(chip);
      });
    }

    function pick(unit) {
      var value = String(unit.id);
      var option = Array.prototype.find.call(select.options, function (o) { return o.value === value; });
      if (!multiple) {
        Array.prototype.slice.call(select.options).forEach(function (o) { if (o.value) { o.remove(); } });
        option = null;
      }
      if (!option) {
        option = new Option(unit.code + " " + unit.name, value, true, true);
        select.appendChild(option);
      }
      option.selected = true;
      search.value = "";
      results.innerHTML = "";
      render();
    }

    var timer = null;
    var asked = 0;
    search.addEventListener("input", function () {
      clearTimeout(timer);
      var q = search.value.trim();
      if (!q) { results.innerHTML = ""; return; }
      timer = setTimeout(function () {
        var mine = ++asked;
        fetch(url + "?limit=20&is_active=true&q=" + encodeURIComponent(q), {
          credentials: "same-origin", headers: { Accept: "application/json" }
        }).then(function (r) { return r.json(); }).then(function (page) {
          if (mine !== asked) { return; }
          results.innerHTML = "";
          (page.items || []).forEach(function (unit) {
            var item = el("button", "list-group-item list-group-item-action py-2", unit.code + " " + unit.name);
            item.type = "button";
            item.setAttribute("role", "option");
            item.addEventListener("click", function () { pick(unit); });
            results.appendChild(item);
          });
          if (!(page.items || []).length) {
            results.appendChild(el("div", "list-group-item text-muted small", select.getAttribute("data-none-label")));
          }
          status.textContent = String((page.items || []).length) + " / " + String(page.count || 0);
        });
      }, 250);
    });
    render();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("select[data-unit-picker]"), setUp);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
