/* Coding view of a log entry: selecting a passage in the raw text fills the excerpt form.
 *
 * Progressive enhancement only: without this script the user pastes the passage into the form. The offsets sent are
 * counted in Unicode code points (as Python counts) in the text as the page holds it; the server maps them to the
 * stored text (which may have \r\n line ends: the HTML parser turns those into \n before any script sees them).
 */
(function () {
  "use strict";

  function codePoints(text) {
    return Array.from(text).length;
  }

  function offsetWithin(container, node, offset) {
    // The number of UTF-16 code units of the container's text before (node, offset).
    var range = document.createRange();
    range.selectNodeContents(container);
    range.setEnd(node, offset);
    return range.toString().length;
  }

  function init() {
    var container = document.querySelector("[data-coding-text]");
    var form = document.getElementById("excerpt-form");
    if (!container || !form) {
      return;
    }
    var startInput = form.querySelector("input.excerpt-start");
    var endInput = form.querySelector("input.excerpt-end");
    var quoteInput = form.querySelector("textarea.excerpt-quote");
    var status = form.querySelector(".selection-status");
    if (!startInput || !endInput || !quoteInput) {
      return;
    }

    function clearOffsets() {
      startInput.value = "";
      endInput.value = "";
      if (status) {
        status.hidden = true;
        status.textContent = "";
      }
    }

    function takeSelection() {
      var selection = window.getSelection();
      if (!selection || selection.rangeCount === 0 || selection.isCollapsed) {
        return;
      }
      var range = selection.getRangeAt(0);
      if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) {
        return;
      }
      var text = container.textContent;
      var start = offsetWithin(container, range.startContainer, range.startOffset);
      var end = offsetWithin(container, range.endContainer, range.endOffset);
      if (end <= start) {
        return;
      }
      var quote = text.slice(start, end);
      startInput.value = String(codePoints(text.slice(0, start)));
      endInput.value = String(codePoints(text.slice(0, end)));
      quoteInput.value = quote;
      if (status) {
        var template = status.getAttribute("data-template") || "%s";
        status.textContent = template.replace("%s", String(codePoints(quote)));
        status.hidden = false;
      }
    }

    container.addEventListener("mouseup", takeSelection);
    container.addEventListener("keyup", takeSelection);
    container.addEventListener("touchend", takeSelection);
    var pending = null;
    document.addEventListener("selectionchange", function () {
      window.clearTimeout(pending);
      pending = window.setTimeout(takeSelection, 250);
    });
    // Typing in the quote means the user chose the passage by hand: the server then finds it by its text.
    quoteInput.addEventListener("input", clearOffsets);

    // Highlight the marks of an excerpt while the user is at it in the list.
    document.querySelectorAll(".excerpt-item").forEach(function (item) {
      var id = item.id.replace("excerpt-", "");
      var marks = Array.prototype.filter.call(container.querySelectorAll("mark[data-excerpts]"), function (mark) {
        return mark.getAttribute("data-excerpts").split(" ").indexOf(id) !== -1;
      });
      function toggle(on) {
        marks.forEach(function (mark) { mark.classList.toggle("is-active", on); });
      }
      item.addEventListener("mouseenter", function () { toggle(true); });
      item.addEventListener("mouseleave", function () { toggle(false); });
      item.addEventListener("focusin", function () { toggle(true); });
      item.addEventListener("focusout", function () { toggle(false); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
