"""The columns of the task table: what the export writes and what the bulk creation reads.

The same headings in the same order, so a file exported from the dashboard, edited in Excel
and uploaded again creates its new rows (the export's extra columns, status and dates in
force, come after and are ignored on upload). A row is checked by one Django form
(``TaskRowForm``), which the XLSX upload, the pasted list and the import format's ``tasks``
list all use.
"""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.narrowing import narrow
from core.vietnamese import fold
from organisation.models import Unit
from regulations.identity import identity_key
from regulations.models import PartyDocumentPage

from .models import Task

HEADINGS = (
    gettext_lazy("Số văn bản"),
    gettext_lazy("Ngày ban hành"),
    gettext_lazy("Nội dung nhiệm vụ"),
    gettext_lazy("Trích từ"),
    gettext_lazy("Neo"),
    gettext_lazy("Đơn vị chủ trì (mã)"),
    gettext_lazy("Đơn vị phối hợp (mã, cách nhau bởi ;)"),
    gettext_lazy("Ngày giao"),
    gettext_lazy("Hạn hoàn thành"),
    gettext_lazy("Báo cáo định kỳ"),
    gettext_lazy("Ngày báo cáo"),
    gettext_lazy("Lãnh đạo theo dõi (tên đăng nhập)"),
    gettext_lazy("Mức độ ưu tiên"),
)
EXPORT_ONLY = (
    gettext_lazy("Hạn hiện hành"),
    gettext_lazy("Trạng thái"),
    gettext_lazy("Ngày hoàn thành"),
    gettext_lazy("Cụm, khối thi đua"),
)
FIELDS = (
    "number",
    "issued_on",
    "content",
    "source",
    "anchor",
    "lead_unit",
    "support_units",
    "starts_on",
    "deadline",
    "period",
    "period_day",
    "leader",
    "priority",
)


def _choice_key(text: str) -> str:
    return fold(str(text or "")).strip()


def _by_code_or_label(choices) -> dict[str, str]:
    found = {}
    for value, label in choices:
        found[_choice_key(value)] = value
        found[_choice_key(label)] = value
    return found


def task_cells(task: Task) -> list:
    """A task as the first columns of the table (what the upload reads back)."""
    return [
        task.document.number,
        task.document.issued_on,
        task.content,
        task.source,
        task.anchor,
        task.lead_unit.code,
        "; ".join(unit.code for unit in task.support_units.all()),
        task.starts_on,
        task.deadline,
        task.get_period_display() if task.period else "",
        task.period_day if task.period else "",
        task.leader.get_username() if task.leader else "",
        task.get_priority_display(),
    ]


DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]


class TaskRowForm(forms.Form):
    """One row: cells as text (or dates from Excel), the document when it is already known."""

    number = forms.CharField(required=False, max_length=120)
    issued_on = forms.DateField(required=False, input_formats=DATE_FORMATS)
    content = forms.CharField(max_length=4000)
    source = forms.CharField(required=False, max_length=120)
    anchor = forms.SlugField(required=False, max_length=60)
    lead_unit = forms.CharField(max_length=40)
    support_units = forms.CharField(required=False, max_length=2000)
    starts_on = forms.DateField(required=False, input_formats=DATE_FORMATS)
    deadline = forms.DateField(required=False, input_formats=DATE_FORMATS)
    period = forms.CharField(required=False, max_length=40)
    period_day = forms.IntegerField(required=False, min_value=1, max_value=31)
    leader = forms.CharField(required=False, max_length=150)
    priority = forms.CharField(required=False, max_length=40)

    def __init__(self, data, *, user, document=None):
        super().__init__(data)
        self.user, self.document = user, document

    def clean_lead_unit(self):
        unit = Unit.objects.filter(code=self.cleaned_data["lead_unit"].strip(), active=True).first()
        if unit is None:
            raise forms.ValidationError(
                _("Không có đơn vị mã “%(code)s”.") % {"code": self.cleaned_data["lead_unit"]}
            )
        return unit

    def clean_support_units(self):
        codes = [c.strip() for c in self.cleaned_data["support_units"].replace(",", ";").split(";")]
        codes = [c for c in codes if c]
        units = list(Unit.objects.filter(code__in=codes, active=True))
        missing = set(codes) - {unit.code for unit in units}
        if missing:
            raise forms.ValidationError(
                _("Không có đơn vị mã: %(codes)s.") % {"codes": ", ".join(sorted(missing))}
            )
        return units

    def clean_period(self):
        text = self.cleaned_data["period"]
        if not text:
            return ""
        value = _by_code_or_label(Task.Period.choices).get(_choice_key(text))
        if value is None:
            raise forms.ValidationError(_("Kỳ báo cáo “%(value)s” không hợp lệ.") % {"value": text})
        return value

    def clean_priority(self):
        text = self.cleaned_data["priority"]
        if not text:
            return Task.Priority.NORMAL
        value = _by_code_or_label(Task.Priority.choices).get(_choice_key(text))
        if value is None:
            raise forms.ValidationError(
                _("Mức độ ưu tiên “%(value)s” không hợp lệ.") % {"value": text}
            )
        return value

    def clean_leader(self):
        name = self.cleaned_data["leader"].strip()
        if not name:
            return None
        user = get_user_model().objects.filter(username=name, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("Không có tài khoản “%(name)s”.") % {"name": name})
        return user

    def clean(self):
        data = super().clean()
        if self.document is None and not self.errors.get("number"):
            data["document"] = self._document(data.get("number", ""), data.get("issued_on"))
        else:
            data["document"] = self.document
        if not data.get("deadline") and not data.get("period") and "deadline" not in self.errors:
            self.add_error("deadline", _("Cần hạn hoàn thành hoặc kỳ báo cáo định kỳ."))
        starts, deadline = data.get("starts_on"), data.get("deadline")
        if starts and deadline and deadline < starts:
            self.add_error("deadline", _("Hạn hoàn thành trước ngày giao."))
        return data

    def _document(self, number: str, issued_on: datetime.date | None):
        if not number or not issued_on:
            self.add_error("number", _("Cần số và ngày ban hành của văn bản."))
            return None
        documents = PartyDocumentPage.objects.filter(
            number_key=identity_key(number), issued_on=issued_on
        )
        document = narrow(self.user, documents).first()
        if document is None:  # a hidden document reads like a missing one
            self.add_error(
                "number",
                _("Không có văn bản %(number)s ngày %(date)s.")
                % {"number": number, "date": issued_on.strftime("%d/%m/%Y")},
            )
        return document

    def messages(self) -> list[str]:
        labels = dict(zip(FIELDS, HEADINGS, strict=True))
        found = []
        for name, errors in self.errors.items():
            prefix = f"{labels[name]}: " if name in labels else ""
            found.extend(prefix + str(error) for error in errors)
        return found

    def save(self, *, created_by) -> Task:
        data = self.cleaned_data
        task = Task(
            document=data["document"],
            content=data["content"].strip(),
            source=data["source"],
            anchor=data["anchor"],
            lead_unit=data["lead_unit"],
            deadline=data["deadline"],
            period=data["period"],
            period_day=data["period_day"] or 20,
            leader=data["leader"],
            priority=data["priority"],
            created_by=created_by,
        )
        if data["starts_on"]:
            task.starts_on = data["starts_on"]
        task.save()
        task.support_units.set(data["support_units"])
        return task
