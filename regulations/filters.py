"""The one reader of the document filters in a query string.

The library (``/van-ban/``), the search page (``/tim-kiem/``) and the search API
(``/api/v1/search/``) take the same facets, ``type``, ``issuer``, ``field``, ``year`` and
``validity``, then each its own ``sort`` and ``page``; the library also takes ``system``
(``party``: Đảng, ``state``: Nhà nước), which search reads as its sections (``state``, or
``regulation`` and ``circular``) (search adds ``q``, ``section`` and
``per_page`` in ``search.params``). They used to be read by near-copies that disagreed: the
library's had no guard, so ``?year=²`` (``"²".isdigit()`` is true, ``int("²")`` fails) and
``?year=10000`` were server errors. The facets are declared here once, with the parameter
fields of ``core.params``; this module sits in ``regulations`` because search, above it in
the layers, uses it too.

A Django form, not a django-filter ``FilterSet``: a FilterSet is bound to one model and
applies its filters through the ORM, but these parameters filter two different tables (the
library's ``PartyDocumentPage``, with issuers in a link table; search's ``SearchEntry``,
counted in raw SQL over a common table expression and matched by Elasticsearch when there
is a cluster). What the channels share is reading and checking the parameters; each applies
them to its own storage. With an invalid value each keeps its way: the API answers 400 with
the messages, the search page leaves the value out, the library lists nothing (as it always
did for ``?year=abc``) and falls back on its default sort and first or last page.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.params import QueryForm, ValueParam

FACETS = ("type", "issuer", "field", "year", "validity")
# The systems of documents: Party documents (regulations and circulars) and state ones.
SYSTEMS = {"party": _("Đảng"), "state": _("Nhà nước")}
LIBRARY_FACETS = ("system", *FACETS)
# ASCII digits only: "²" and "٣" are digits to str.isdigit() but not years here, and five
# digits or more would overflow the date a year filter builds.
YEAR = re.compile(r"[0-9]{1,4}")


def as_year(value: str) -> int | None:
    """``value`` as the year the filters compare, or None when it is not one they accept."""
    return int(value) if YEAR.fullmatch(value) else None


class YearParam(ValueParam):
    """A year of one to four ASCII digits (0 to 9999), kept as typed: "2024"."""

    default_error_messages = {"invalid": _("Năm phải là số, ví dụ 2024.")}

    def validate(self, value: str) -> None:
        if value and as_year(value) is None:
            raise self.refuse("invalid")


class SystemParam(ValueParam):
    """``party`` or ``state`` (``SYSTEMS``)."""

    default_error_messages = {"invalid": _("Hệ thống văn bản phải là “party” hoặc “state”.")}

    def validate(self, value: str) -> None:
        super().validate(value)
        if value and value not in SYSTEMS:
            raise self.refuse("invalid")


class DocumentFilterForm(QueryForm):
    """The document facets. Channels add their ``sort`` (their own orders) and ``page``."""

    facets = LIBRARY_FACETS

    system = SystemParam()
    type = ValueParam()
    issuer = ValueParam()
    field = ValueParam()
    year = YearParam()
    validity = ValueParam()

    def filters(self) -> dict[str, str]:
        """The chosen facet values, the invalid ones left out (what the search reads)."""
        return {
            name: self.cleaned_data[name]
            for name in self.facets
            if name not in self.errors and self.cleaned_data[name]
        }

    def chosen(self) -> dict[str, str]:
        """Every chosen facet value as typed, invalid ones too: the library keeps a refused
        value in its links and lists nothing for it (``accepts``)."""
        return self.given(self.facets)


def accepts(name: str, value: str) -> bool:
    """Whether the form takes ``value`` for facet ``name``; a value it refuses matches nothing."""
    field = DocumentFilterForm.base_fields.get(name, ValueParam())
    try:
        field.clean(value)
    except ValidationError:
        return False
    return True
