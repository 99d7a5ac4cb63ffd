"""Every admin form offers, accepts and shows only what its editor may see.

The rule is applied once, in the base form of every page model and snippet
(``VisibleAdminPageForm``, ``VisibleAdminModelForm``; ``core.checks`` fails when a model lacks
it), rather than screen by screen, so a field added tomorrow is covered without naming it:

* every model-choice field whose model is ruled (pages, and models registered in
  ``core.narrowing``) gets its queryset narrowed for the form's user. Listing options never
  show a hidden object, and a POSTed hidden id gets Django's own "invalid_choice" error,
  exactly the error a missing id gets. Chooser widgets show a hidden value as empty, as
  they show a missing one;
* a value already saved that the editor may not see (a relation to a secret document that a
  member of its group chose) is shown as empty and kept as it is on save. The editor can
  neither read nor erase what they may not see;
* inline panels (child formsets): their forms get the same rule and user
  (``visible_form_class``: Wagtail builds their classes itself, from
  ``WagtailAdminModelForm``). Rows that point at a hidden object are left
  out of the formset and kept on save, since a row such as "based on 105-KL/TU" would
  otherwise show the number copied from the hidden document;
* rich text and StreamField values may not link a page the editor could not choose: a new
  link to a hidden page gets the same error as a link to a missing page
  (``new_page_links``; how such links render: ``core.admin_richtext``). Links saved
  before are kept.
"""

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm
from wagtail.admin.widgets.chooser import BaseChooser
from wagtail.blocks import StreamBlockValidationError
from wagtail.fields import StreamField
from wagtail.models import Page

from .narrowing import hidden_pks, is_narrowed, may_see, narrow, ruled_foreign_keys
from .visibility import admin_visible_pages

BROKEN_LINK = _(
    "Có liên kết tới một trang không tồn tại hoặc không chọn được. Hãy chọn lại trang đó."
)


class VisibleChooserMixin:
    """A chooser widget that shows an object only to an editor who may see it."""

    visible_to = None

    def get_instance(self, value):
        instance = super().get_instance(value)
        if instance is None or not may_see(self.visible_to, instance):
            return None
        return instance


_chooser_classes: dict[type, type] = {}


def _visible_chooser(widget: BaseChooser, user) -> None:
    """Make ``widget`` (a copy owned by one form) show only what ``user`` may see."""
    base = type(widget)
    if not isinstance(widget, VisibleChooserMixin):
        if base not in _chooser_classes:
            name = f"Visible{base.__name__}"
            attrs = {"__module__": __name__}
            _chooser_classes[base] = type(name, (VisibleChooserMixin, base), attrs)
        widget.__class__ = _chooser_classes[base]
    widget.visible_to = user


def narrow_choices(form, user) -> list[str]:
    """Narrow every model-choice field of ``form`` for ``user``; the names narrowed.

    Works on any Django form (Wagtail's copy and parent-chooser forms use it too).
    """
    narrowed = []
    for name, field in form.fields.items():
        if not isinstance(field, forms.ModelChoiceField) or not is_narrowed(field.queryset.model):
            continue
        field.queryset = narrow(user, field.queryset)
        if isinstance(field.widget, BaseChooser):
            _visible_chooser(field.widget, user)
        narrowed.append(name)
    return narrowed


def _current_pks(instance, name) -> tuple[object, list]:
    """The model field ``name`` of ``instance`` and the pks it holds now (saved data)."""
    try:
        model_field = instance._meta.get_field(name)
    except FieldDoesNotExist:
        return None, []
    if model_field.many_to_many:
        try:
            related = getattr(instance, name).all()
        except ValueError:  # a plain many-to-many of an unsaved object: no rows yet
            return model_field, []
        return model_field, [obj.pk for obj in related]
    if model_field.many_to_one or model_field.one_to_one:
        return model_field, [getattr(instance, model_field.attname)]
    return model_field, []


def _hide_rows(formset, user) -> None:
    """Leave out of ``formset`` the rows pointing at hidden objects (kept on save)."""
    foreign_keys = ruled_foreign_keys(formset.model, skip={getattr(formset, "fk", None)})
    if not foreign_keys or formset.queryset is None:
        return
    for field in foreign_keys:
        values = {getattr(row, field.attname) for row in formset.queryset}
        hidden = hidden_pks(user, field.related_model, values)
        if hidden:
            formset.queryset = formset.queryset.exclude(**{f"{field.attname}__in": hidden})


def page_link_ids(model_field, value) -> set[str]:
    """The ids of the pages a rich text or StreamField ``value`` links or chooses."""
    if value is None:
        return set()
    return {
        str(object_id)
        for model, object_id, _model_path, _content_path in model_field.extract_references(value)
        if isinstance(model, type) and issubclass(model, Page)
    }


def new_page_links(user, model_field, before, after) -> bool:
    """Whether ``after`` links a page that ``before`` did not and ``user`` may not choose.

    Missing and hidden pages answer alike; so do ids that are not numbers.
    """
    new = page_link_ids(model_field, after) - page_link_ids(model_field, before)
    if not new:
        return False
    try:
        pks = {int(value) for value in new}
    except (TypeError, ValueError):
        return True
    user = user if user is not None else AnonymousUser()
    return admin_visible_pages(user, Page.objects.filter(pk__in=pks)).count() != len(pks)


_form_classes: dict[type, type] = {}


def visible_form_class(form_class: type) -> type:
    """``form_class`` with the rule (for inline panels' rows, whatever built their class)."""
    if issubclass(form_class, VisibleChoicesMixin):
        return form_class
    if form_class not in _form_classes:
        name = f"Visible{form_class.__name__}"
        bases, attrs = (VisibleChoicesMixin, form_class), {"__module__": __name__}
        _form_classes[form_class] = type(form_class)(name, bases, attrs)
    return _form_classes[form_class]


class VisibleChoicesMixin:
    """The rule in a Wagtail admin model form (see the module's docstring)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        self._kept_hidden = {}
        for name in narrow_choices(self, user):
            model_field, pks = _current_pks(self.instance, name)
            hidden = hidden_pks(user, self.fields[name].queryset.model, pks) if pks else set()
            if model_field is not None and hidden:
                self._kept_hidden[name] = hidden
                self.fields[name].required = False  # filled in from the saved value
        for formset in getattr(self, "formsets", {}).values():
            formset.form = visible_form_class(formset.form)
            formset.form_kwargs = {**formset.form_kwargs, "for_user": user}
            _hide_rows(formset, user)

    def clean(self):
        cleaned = super().clean()
        self._keep_hidden_values()
        self._check_rich_text_links()
        return cleaned

    def _keep_hidden_values(self) -> None:
        for name, hidden in self._kept_hidden.items():
            if name not in self.cleaned_data:
                continue  # the field has its own error
            model = self.fields[name].queryset.model
            value = self.cleaned_data[name]
            if isinstance(self.fields[name], forms.ModelMultipleChoiceField):
                pks = [obj.pk for obj in value] + sorted(hidden)
                self.cleaned_data[name] = model._default_manager.filter(pk__in=pks)
            elif value is None:
                self.cleaned_data[name] = model._default_manager.get(pk=next(iter(hidden)))

    def _check_rich_text_links(self) -> None:
        for name in list(self.cleaned_data):
            try:
                model_field = self.instance._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if not hasattr(model_field, "extract_references"):
                continue
            before = getattr(self.instance, name, None)
            if new_page_links(self.for_user, model_field, before, self.cleaned_data[name]):
                error = ValidationError(BROKEN_LINK, code="invalid_link")
                if isinstance(model_field, StreamField):
                    error = StreamBlockValidationError(non_block_errors=[error])
                self.add_error(name, error)


class VisibleAdminModelForm(VisibleChoicesMixin, WagtailAdminModelForm):
    """The base form of snippets (``base_form_class``)."""


class VisibleAdminPageForm(VisibleChoicesMixin, WagtailAdminPageForm):
    """The base form of every page model (``base_form_class``)."""


def narrows_choices(form_class) -> bool:
    """Whether forms of ``form_class`` apply the rule (used by ``core.checks`` and tests)."""
    return issubclass(form_class, VisibleChoicesMixin)
