"""Query-string parameters of listings, read by a Django form: each parameter declared once,
with its limits and its Vietnamese message.

The document filters (``regulations.filters``: the library, the search page and the API) and
the emulation section's news filters are forms of these fields. The form says what is valid;
each page keeps its own way with an invalid value (the API answers 400 with the messages, a
page leaves the value out or lists nothing), and that way is the same for every value the
form refuses, where hand-written checks used to let some through to a server error
(``?year=²``, a NUL, which PostgreSQL refuses in a string).
"""

from collections.abc import Iterable

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The longest stored value a listing filters on (a document's field, 200 characters): a
# longer one cannot match anything.
MAX_VALUE_LENGTH = 200


class Param(forms.Field):
    """One optional query-string parameter; its messages name it, since the API joins them.

    Reading goes through the widget, so a repeated key counts as its last value, like
    ``QueryDict.get``; ``type[]=`` is another key, and ignored.
    """

    widget = forms.TextInput

    def __init__(self, *, default=None, **kwargs):
        super().__init__(required=False, **kwargs)
        self.default = default
        self.name = ""  # set by ``QueryForm`` for each form

    def refuse(self, code: str, **params) -> ValidationError:
        return ValidationError(
            self.error_messages[code], code=code, params={"name": self.name, **params}
        )


class TextParam(Param):
    """Free text as typed, cut at ``max_length`` (a search box: the search reads less)."""

    def __init__(self, *, max_length: int, **kwargs):
        super().__init__(default="", **kwargs)
        self.max_length = max_length

    def to_python(self, value) -> str:
        return "" if value is None else str(value)[: self.max_length]


class ValueParam(Param):
    """A value compared exactly with stored ones (a type or unit code, a field, a cluster).

    Trimmed; refused when it holds a NUL (PostgreSQL refuses them in a string) or is longer
    than any stored value.
    """

    default_error_messages = {
        "nul": _("Tham số “%(name)s” không được chứa ký tự NUL."),
        "too_long": _("Tham số “%(name)s” dài quá %(max)s ký tự."),
    }

    def __init__(self, **kwargs):
        super().__init__(default="", **kwargs)

    def to_python(self, value) -> str:
        return "" if value is None else str(value).strip()

    def validate(self, value: str) -> None:
        if "\x00" in value:
            raise self.refuse("nul")
        if len(value) > MAX_VALUE_LENGTH:
            raise self.refuse("too_long", max=MAX_VALUE_LENGTH)


class NumberParam(Param):
    """A whole number read as ``int()`` reads it (spaces around it, a sign), from 1 to
    ``max_value`` when there is one (a page, a page size); empty is the default."""

    default_error_messages = {
        "invalid": _("Tham số “%(name)s” phải là một số nguyên dương."),
        "out_of_range": _("Tham số “%(name)s” phải từ 1 đến %(max)s."),
    }

    def __init__(self, *, default: int | None, max_value: int | None = None, **kwargs):
        super().__init__(default=default, **kwargs)
        self.max_value = max_value

    def to_python(self, value) -> int | None:
        if value in (None, ""):
            return self.default
        try:
            return int(value)
        except (TypeError, ValueError):  # "abc", "1.5", "²", thousands of digits
            raise self.refuse("invalid") from None

    def validate(self, value: int | None) -> None:
        if self.max_value is not None and value is not None and not 1 <= value <= self.max_value:
            raise self.refuse("out_of_range", max=self.max_value)


class SortParam(Param):
    """One of ``choices``, exactly as written; empty is the default."""

    default_error_messages = {
        "invalid": _("Cách sắp xếp “%(sort)s” không hợp lệ; dùng: %(values)s."),
    }

    def __init__(self, *, choices: Iterable[str], default: str, **kwargs):
        super().__init__(default=default, **kwargs)
        self.choices = tuple(choices)

    def to_python(self, value) -> str:
        return str(value) if value else self.default

    def validate(self, value: str) -> None:
        if value not in self.choices:
            raise self.refuse("invalid", sort=value[:30], values=", ".join(self.choices))


class QueryForm(forms.Form):
    """The parameters of one query string, checked when the form is made."""

    def __init__(self, data):
        super().__init__(data)
        for name, field in self.fields.items():
            field.name = name
        self.full_clean()

    def value(self, name: str):
        """The parameter's value, or its default when it is invalid (a page corrects it)."""
        if name in self.errors:
            return self.fields[name].default
        return self.cleaned_data[name]

    def given(self, names: Iterable[str]) -> dict[str, str]:
        """The non-empty values of ``names`` as typed (trimmed), invalid ones too."""
        given = {name: self.fields[name].to_python(self[name].data) for name in names}
        return {name: value for name, value in given.items() if value}

    def messages(self) -> dict[str, str]:
        """The first message for each invalid parameter, in the order they are declared."""
        return {name: str(errors[0]) for name, errors in self.errors.items()}
