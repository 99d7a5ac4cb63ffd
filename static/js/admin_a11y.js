// The admin's edit pages without unlabelled fields (axe "label", WCAG 4.1.2) and with a
// keyboard-reachable minimap (axe "scrollable-region-focusable"): Wagtail renders a
// StreamField's simple blocks and the tag box's typing field without a <label>, and the
// minimap's list scrolls without being focusable. Loaded by home.wagtail_hooks on editors.
(function () {
  "use strict";

  var FIELDS = "input:not([type=hidden]):not([type=submit]):not([type=button]), textarea, select";

  function hasLabel(field) {
    if (field.getAttribute("aria-label") || field.getAttribute("aria-labelledby")) return true;
    if (field.closest("label")) return true;
    return Boolean(field.id && document.querySelector('label[for="' + CSS.escape(field.id) + '"]'));
  }

  function nameFor(field) {
    var block = field.closest("[data-contentpath]");
    var blockType = block && block.closest(".w-panel, [data-streamfield-child]");
    var heading = blockType && blockType.querySelector("[data-panel-heading-text], .c-sf-block__type");
    if (heading && heading.textContent.trim()) return heading.textContent.trim();
    var wrapper = field.closest(".w-field__wrapper");
    var label = wrapper && wrapper.querySelector(".w-field__label");
    if (label && label.textContent.trim()) return label.textContent.replace("*", "").trim();
    return field.getAttribute("placeholder") || "";
  }

  function fix(root) {
    root.querySelectorAll(FIELDS).forEach(function (field) {
      if (hasLabel(field)) return;
      var name = nameFor(field);
      if (name) field.setAttribute("aria-label", name);
    });
    document.querySelectorAll(".w-minimap__list:not([tabindex])").forEach(function (list) {
      list.setAttribute("tabindex", "0");
    });
  }

  function start() {
    fix(document);
    var pending = false;
    new MutationObserver(function () {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        fix(document);
      });
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
