"""A many-to-many choice an editor can search: ticked boxes under a filter box.

Wagtail renders a ``ParentalManyToManyField`` as a ``<select multiple>``: to choose two
issuers one must hold Ctrl, and a wrong click drops the others. Here every choice is a
checkbox (what is chosen stays visible and a click changes one choice only), and a search box
above them hides the choices that do not match what is typed, accents or not
(``static/js/filter_choices.js``, a few lines of our own). Without JavaScript the list is
simply all the checkboxes.
"""

from django import forms


class SearchableCheckboxes(forms.CheckboxSelectMultiple):
    template_name = "core/widgets/searchable_checkboxes.html"

    def __init__(self, *args, group_label: str = "", search_label: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.group_label = group_label
        self.search_label = search_label

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["group_label"] = self.group_label
        context["widget"]["search_label"] = self.search_label
        return context

    class Media:
        js = ["js/filter_choices.js"]
