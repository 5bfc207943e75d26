// Site behaviour without inline scripts (the CSP allows scripts from our origin only).
(function () {
  "use strict";

  // A button with data-confirm asks before it submits its form.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    // A long flowchart scrolls inside its frame: bring the case's current step into view.
    var frame = document.querySelector(".case-flowchart");
    var current = frame && frame.querySelector(".current");
    if (current) {
      var box = current.getBoundingClientRect(), outer = frame.getBoundingClientRect();
      frame.scrollTop += box.top - outer.top - (frame.clientHeight - box.height) / 2;
      frame.scrollLeft += box.left - outer.left - (frame.clientWidth - box.width) / 2;
    }
    // Print buttons exist only where scripts run (they are hidden in the markup).
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
    });
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) window.print();
  });

  // Tell assistive technology when htmx is replacing a region.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var target = event.detail.target;
    if (target) target.setAttribute("aria-busy", "true");
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    if (target) target.removeAttribute("aria-busy");
  });
  document.addEventListener("htmx:responseError", function (event) {
    var target = event.detail.target;
    if (target) target.removeAttribute("aria-busy");
  });
})();
