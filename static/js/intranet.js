// The few behaviours of our own pages (no framework): labelled table cards on phones, and
// filter panels open on wide screens (folded behind one button on phones).
(function () {
  "use strict";

  // Each cell of a table with column headings carries its heading, which the stylesheet
  // shows before the value when the table becomes a list of cards (under 600 px).
  function labelCells(table) {
    var headings = Array.prototype.map.call(
      table.querySelectorAll("thead th"), function (th) { return th.textContent.trim(); });
    if (!headings.length) return;
    table.classList.add("has-labels");
    table.querySelectorAll("tbody tr").forEach(function (row) {
      Array.prototype.forEach.call(row.children, function (cell, index) {
        if (!cell.hasAttribute("data-label") && headings[index]) {
          cell.setAttribute("data-label", headings[index]);
        }
      });
    });
  }

  function openFiltersOnWideScreens() {
    var wide = window.matchMedia("(min-width: 48rem)");
    document.querySelectorAll("details.filters-fold").forEach(function (details) {
      if (wide.matches) details.open = true;
    });
  }

  function printButtons() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  }

  // The table of contents beside the text is open on wide screens, folded on phones.
  function foldContentsOnPhones() {
    if (window.matchMedia("(max-width: 37.5rem)").matches) {
      document.querySelectorAll("details.toc-fold").forEach(function (details) { details.open = false; });
    }
  }

  function init() {
    document.querySelectorAll("main table").forEach(labelCells);
    openFiltersOnWideScreens();
    printButtons();
    foldContentsOnPhones();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
