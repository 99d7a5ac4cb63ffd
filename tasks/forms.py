"""Forms of the site's task screens: a unit's report, a review, an extension, the filters."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.params import NumberParam, QueryForm, ValueParam

from .models import TaskReport
from .status import Status


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class ReportForm(forms.ModelForm):
    files = MultipleFileField(
        label=_("Tệp đính kèm (PDF, DOCX)"),
        required=False,
        help_text=_("Có thể chọn nhiều tệp."),
    )

    class Meta:
        model = TaskReport
        fields = ["progress", "percent", "stage", "proposes_completion"]
        widgets = {"progress": forms.Textarea(attrs={"rows": 8})}

    def clean_files(self):
        from core.files.uploads import validate_attachment

        files = self.cleaned_data.get("files") or []
        for upload in files:
            validate_attachment(upload)
        return files


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("accept", pgettext_lazy("báo cáo nhiệm vụ", "Tiếp nhận")),
            ("return", pgettext_lazy("báo cáo nhiệm vụ", "Trả lại")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ExtensionRequestForm(forms.Form):
    until = forms.DateField(
        label=_("Xin gia hạn đến"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}))


class ExtensionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("grant", _("Đồng ý gia hạn")), ("refuse", _("Không đồng ý"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class TaskFilters(QueryForm):
    """``?unit=&status=&document=&page=``: the list, the exports and the API read these."""

    unit = ValueParam()
    status = ValueParam()
    document = NumberParam(default=None)
    leader = NumberParam(default=None)
    cluster = ValueParam()
    review = ValueParam()  # "1": tasks with a report or an extension awaiting the Office
    page = NumberParam(default=1, max_value=100_000)

    def clean_status(self):
        value = self.cleaned_data["status"]
        if value and value not in Status.values:
            raise forms.ValidationError(
                _("Trạng thái “%(value)s” không hợp lệ; dùng: %(values)s."),
                params={"value": value[:30], "values": ", ".join(Status.values)},
            )
        return value
