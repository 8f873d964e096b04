// Progressive enhancement of the editorial pages; everything works without it.
// - New product: the web address field suggests one made from the title (as the server would) while empty.
// - Record picker: a "Copy" button next to each marker copies it to the clipboard.
(function () {
  "use strict";

  function slugify(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^a-z0-9_\s-]/g, "").trim().replace(/[\s-]+/g, "-").slice(0, 116).replace(/-+$/, "");
  }

  var source = document.querySelector("[data-slug-source]");
  var target = document.querySelector("[data-slug-target]");
  if (source && target) {
    var update = function () { target.placeholder = slugify(source.value); };
    source.addEventListener("input", update);
    update();
  }

  // The button's words come translated from the page: data-copy-label and data-copied-label on the picker.
  var picker = document.querySelector("[data-copy-label]");
  if (navigator.clipboard && picker) {
    var label = picker.dataset.copyLabel;
    var done = picker.dataset.copiedLabel;
    picker.querySelectorAll("[data-copy]").forEach(function (marker) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "link-button copy-button";
      button.textContent = label;
      button.setAttribute("aria-label", label + " " + marker.textContent);
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(marker.textContent).then(function () {
          button.textContent = done;
          setTimeout(function () { button.textContent = label; }, 1500);
        });
      });
      marker.after(button);
    });
  }
})();
