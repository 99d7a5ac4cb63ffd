"""A list of strings edited as checkboxes whose choices are computed when the form is built.

Used for the emulation clusters an announcement is sent to (clusters are data on the
units, so the choices change with them) and the titles a movement offers.
"""

from django import forms
from django.db import models
from django.utils.module_loading import import_string


class StringListFormField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def prepare_value(self, value):
        return list(value or [])


class StringListField(models.JSONField):
    """JSON list of strings; ``choices_function`` is the dotted path of a callable."""

    def __init__(self, *args, choices_function: str = "", **kwargs):
        self.choices_function = choices_function
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["choices_function"] = self.choices_function
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        choices = import_string(self.choices_function)
        return StringListFormField(
            choices=lambda: [(value, value) for value in choices()],
            required=not self.blank,
            label=self.verbose_name[:1].upper() + self.verbose_name[1:],
            help_text=self.help_text,
        )
