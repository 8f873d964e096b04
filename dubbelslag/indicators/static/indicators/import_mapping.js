/* The import page's mapping step: show only the fields a column's role needs (the value of a dimension, the
 * existing indicator, or the new indicator's fields).
 *
 * Progressive enhancement only: without this script every field is shown and the server ignores the ones the role
 * does not use.
 */
(function () {
  "use strict";

  function fieldOf(fieldset, suffix) {
    var control = fieldset.querySelector("[name$='_" + suffix + "']");
    return control ? control.closest(".field") : null;
  }

  function update(fieldset, role) {
    var value = fieldOf(fieldset, "value");
    var indicator = fieldOf(fieldset, "indicator");
    var details = fieldset.querySelector("details.new-indicator");
    if (value) { value.hidden = role !== "dimension"; }
    if (indicator) { indicator.hidden = role !== "indicator"; }
    if (details) {
      details.hidden = role !== "new";
      if (role === "new") { details.open = true; }
    }
  }

  function init() {
    document.querySelectorAll("fieldset.import-column").forEach(function (fieldset) {
      var role = fieldset.querySelector("select[name$='_role']");
      if (!role) {
        return;
      }
      update(fieldset, role.value);
      role.addEventListener("change", function () { update(fieldset, role.value); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
