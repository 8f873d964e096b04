/* The import page's confirm step: while the import runs, show a progress bar fed by the progress endpoint.
 *
 * Progressive enhancement only: without this script the form posts and the user waits for the result page.
 */
(function () {
  "use strict";

  function init() {
    var form = document.querySelector("form[data-import-progress]");
    if (!form) {
      return;
    }
    form.addEventListener("submit", function () {
      var box = form.querySelector(".import-progress");
      var bar = box.querySelector("progress");
      var text = box.querySelector("[data-progress-text]");
      var button = form.querySelector("button[type=submit]");
      box.hidden = false;
      // Disabled after the submit has been sent, so the one click still posts; a second one cannot.
      window.setTimeout(function () { button.disabled = true; }, 0);
      window.setInterval(function () {
        fetch(form.dataset.importProgress, {credentials: "same-origin"})
          .then(function (response) { return response.ok ? response.json() : null; })
          .then(function (data) {
            if (!data || !data.total) {
              return;
            }
            bar.max = data.total;
            bar.value = data.done;
            text.textContent = text.dataset.template.replace("%(done)s", data.done).replace("%(total)s", data.total);
          })
          .catch(function () {});
      }, 500);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
