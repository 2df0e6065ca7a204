// Site-wide behaviour without inline scripts (the Content-Security-Policy allows scripts from this site only).

// <details data-open-flag> keeps the hidden input just before it at "1" while open, "0" while closed.
document.addEventListener("toggle", function (event) {
  var details = event.target;
  if (details && details.hasAttribute && details.hasAttribute("data-open-flag")) {
    var flag = details.previousElementSibling;
    if (flag) {
      flag.value = details.open ? "1" : "0";
    }
  }
}, true);

// <button data-print> prints the page.
document.addEventListener("click", function (event) {
  var button = event.target && event.target.closest && event.target.closest("[data-print]");
  if (button) {
    window.print();
  }
});
