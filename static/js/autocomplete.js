// Suggestions of document titles and numbers as the user types (an ARIA 1.2 combobox).
(function () {
  "use strict";

  // Letters without their marks, one for one (so positions stay those of the text).
  function fold(text) {
    return Array.prototype.map.call(text, function (ch) {
      var bare = ch.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
      bare = bare.length === 1 ? bare : ch;
      return bare === "đ" || bare === "Đ" ? "d" : bare.toLowerCase();
    }).join("");
  }

  // ``text`` as [piece, matched] pairs: the words typed in full, the last one also as the
  // start of a word (what is being typed), found without regard to marks.
  function matchedParts(text, typed) {
    var words = fold(typed).match(/[\p{L}\p{N}]+/gu) || [];
    if (!words.length) return [[text, false]];
    var complete = words.slice(0, -1), last = words[words.length - 1];
    var folded = fold(text), parts = [], position = 0, match;
    var pattern = /[\p{L}\p{N}]+/gu;
    while ((match = pattern.exec(folded)) !== null) {
      var word = match[0], length = 0;
      if (complete.indexOf(word) !== -1 || word === last) length = word.length;
      else if (word.indexOf(last) === 0) length = last.length;
      if (!length) continue;
      if (match.index > position) parts.push([text.slice(position, match.index), false]);
      parts.push([text.slice(match.index, match.index + length), true]);
      position = match.index + length;
    }
    if (position < text.length) parts.push([text.slice(position), false]);
    return parts;
  }

  function appendParts(parent, parts) {
    parts.forEach(function (part) {
      if (part[1]) {
        var mark = document.createElement("mark");
        mark.textContent = part[0];
        parent.appendChild(mark);
      } else {
        parent.appendChild(document.createTextNode(part[0]));
      }
    });
  }

  function setup(container) {
    var input = container.querySelector("input");
    var list = container.querySelector("[role=listbox]");
    var url = container.getAttribute("data-autocomplete-url");
    var timer = null;
    var active = -1;
    var controller = null;

    function close() {
      list.hidden = true;
      list.innerHTML = "";
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function options() {
      return list.querySelectorAll("[role=option]");
    }

    function highlight(index) {
      var items = options();
      if (!items.length) return;
      active = (index + items.length) % items.length;
      items.forEach(function (item, i) {
        item.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", items[active].id);
    }

    function render(results) {
      list.innerHTML = "";
      results.forEach(function (result, i) {
        var item = document.createElement("li");
        item.id = list.id + "-" + i;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        var link = document.createElement("a");
        link.href = result.url;
        link.tabIndex = -1;
        // The part matching what was typed in <mark>, built as nodes (never as HTML).
        var typed = input.value;
        if (result.number) {
          appendParts(link, matchedParts(result.number, typed));
          link.appendChild(document.createTextNode(" – "));
        }
        appendParts(link, matchedParts(result.title, typed));
        item.appendChild(link);
        list.appendChild(item);
      });
      list.hidden = results.length === 0;
      input.setAttribute("aria-expanded", results.length ? "true" : "false");
    }

    function fetchSuggestions() {
      var value = input.value.trim();
      if (value.length < 2) { close(); return; }
      if (controller) controller.abort();
      controller = new AbortController();
      fetch(url + "?q=" + encodeURIComponent(value), {
        credentials: "same-origin", signal: controller.signal,
        headers: { "Accept": "application/json" }
      })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { render(data.results || []); })
        .catch(function () { /* aborted or offline: keep the form usable */ });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) return;
      if (event.key === "ArrowDown") { event.preventDefault(); highlight(active + 1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
      else if (event.key === "Escape") { close(); }
      else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        window.location.href = options()[active].querySelector("a").href;
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 200); });
  }

  document.querySelectorAll(".autocomplete[data-autocomplete-url]").forEach(setup);
})();
