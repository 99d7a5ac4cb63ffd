// A filter box over a list of checkboxes (core.admin_widgets.SearchableCheckboxes): typing
// hides the choices whose label does not contain the words typed, with or without accents.
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }

  function setup(container) {
    var filter = container.querySelector(".searchable-choices__filter");
    var count = container.querySelector(".searchable-choices__count");
    var options = Array.prototype.slice.call(
      container.querySelectorAll(".searchable-choices__option"));
    filter.hidden = false;
    filter.addEventListener("input", function () {
      var words = fold(filter.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      options.forEach(function (option) {
        var text = fold(option.textContent);
        var match = words.every(function (word) { return text.indexOf(word) !== -1; });
        // A ticked choice stays in sight: what is chosen is never hidden.
        var keep = match || option.querySelector("input").checked;
        option.hidden = !keep;
        if (keep) shown += 1;
      });
      count.hidden = !words.length;
      count.textContent = words.length ? shown + " / " + options.length : "";
    });
    filter.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault();  // never submits the page form
    });
  }

  function init() {
    document.querySelectorAll("[data-searchable-choices]").forEach(function (container) {
      if (!container.dataset.ready) {
        container.dataset.ready = "1";
        setup(container);
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
