// The few behaviours every page shares; served as a file because the CSP forbids inline scripts. Each one is
// progressive enhancement: without this script every page still works.
(function () {
  "use strict";

  // The main menu folds away behind a "Menu" button on narrow screens (see app.css). Without the script the menu
  // stays open and the button hidden, so every link is always reachable.
  var header = document.querySelector("[data-menu]");
  var button = header && header.querySelector(".menu-toggle");
  if (button) {
    var menu = document.getElementById(button.getAttribute("aria-controls"));
    var setOpen = function (open) {
      button.setAttribute("aria-expanded", String(open));
      menu.classList.toggle("is-open", open);
    };
    header.classList.add("menu-enhanced");
    button.hidden = false;
    button.addEventListener("click", function () {
      setOpen(button.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        button.focus();
      }
    });
  }

  // A form that came back with errors: move the focus to its error summary, so that a screen reader announces the
  // problems and a keyboard user can follow the links to the fields.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
})();
