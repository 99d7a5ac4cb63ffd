"""Reading an admin form as a browser would, to post it back with one value changed.

``form_data(html)`` returns what submitting the page's main form would send: every input,
checked box, selected option and textarea of the largest ``method="post"`` form, template
rows (``__prefix__``) left out. StreamFields are drawn by JavaScript in the browser, so
their inputs are not in the HTML: ``form_data`` sends them empty (``<name>-count: 0``),
which Wagtail reads as an empty stream.
"""

import json
from html.parser import HTMLParser

from django.http import QueryDict


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self.streams: list[set[str]] = []
        self._fields = None
        self._select = None
        self._option = None
        self._textarea = None
        self._template_depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "template":
            self._template_depth += 1
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._fields, self._streams = [], set()
            self.forms.append(self._fields)
            self.streams.append(self._streams)
        if self._fields is None or self._template_depth:
            return
        if "w-block" in (attrs.get("data-controller") or "").split() and attrs.get("id"):
            self._streams.add(attrs["id"])
        name = attrs.get("name")
        if tag == "input" and name and "__prefix__" not in name:
            kind = (attrs.get("type") or "text").lower()
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self._fields.append((name, attrs.get("value") or "on"))
            elif kind not in {"submit", "button", "file", "image", "reset"}:
                self._fields.append((name, attrs.get("value") or ""))
        elif tag == "select" and name and "__prefix__" not in name:
            self._select = [name, [], "multiple" in attrs, None]
        elif tag == "option" and self._select is not None:
            self._option = attrs
            if self._select[3] is None:
                self._select[3] = attrs.get("value", "")
            if "selected" in attrs:
                self._select[1].append(attrs.get("value", ""))
        elif tag == "textarea" and name and "__prefix__" not in name:
            self._textarea = [name, ""]

    def handle_endtag(self, tag):
        if tag == "template":
            self._template_depth -= 1
        if tag == "form":
            self._fields = None
        if tag == "select" and self._select is not None:
            name, selected, multiple, first = self._select
            if not selected and not multiple and first is not None:
                selected = [first]
            self._fields.extend((name, value) for value in selected)
            self._select = None
        if tag == "textarea" and self._textarea is not None:
            self._fields.append(tuple(self._textarea))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data


def form_data(html: str) -> QueryDict:
    """The main POST form of ``html`` as the browser would submit it (see module)."""
    parser = _FormParser()
    parser.feed(html)
    index = max(range(len(parser.forms)), key=lambda i: len(parser.forms[i]))
    data = QueryDict(mutable=True)
    for name, value in parser.forms[index]:
        data.appendlist(name, value)
    for name in parser.streams[index]:
        data.setdefault(f"{name}-count", "0")
    return data


def link_to_page(page_id, text="liên kết") -> str:
    """A Draftail contentstate with one paragraph linking page ``page_id`` (as typed)."""
    return json.dumps(
        {
            "blocks": [
                {
                    "key": "a1b2c",
                    "type": "unstyled",
                    "depth": 0,
                    "text": text,
                    "inlineStyleRanges": [],
                    "entityRanges": [{"offset": 0, "length": len(text), "key": 0}],
                    "data": {},
                }
            ],
            "entityMap": {"0": {"type": "LINK", "mutability": "MUTABLE", "data": {"id": page_id}}},
        }
    )


def add_relation_row(data, target) -> None:
    """Add to a document's form data a relation row "based on" page ``target``."""
    total = int(data["outgoing_relations-TOTAL_FORMS"])
    data["outgoing_relations-TOTAL_FORMS"] = str(total + 1)
    row = f"outgoing_relations-{total}"
    data.update(
        {
            f"{row}-relation_type": "based_on",
            f"{row}-target": str(target),
            f"{row}-target_number": "",
            f"{row}-target_issued_on": "",
            f"{row}-id": "",
            f"{row}-ORDER": str(total + 1),
        }
    )
