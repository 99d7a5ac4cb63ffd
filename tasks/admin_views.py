"""The admin's bulk creation of tasks: an XLSX file or rows pasted from a spreadsheet."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .bulk import BulkFileError, create_from_rows, rows_from_text, rows_from_xlsx
from .columns import HEADINGS


class BulkForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp Excel (.xlsx)"), required=False)
    rows = forms.CharField(
        label=gettext_lazy("Hoặc dán các dòng từ bảng tính"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
    )

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("rows") or "").strip():
            raise forms.ValidationError(_("Chọn tệp Excel hoặc dán các dòng."))
        return data


def bulk_create(request):
    if not request.user.has_perm("tasks.add_task"):
        raise PermissionDenied
    form = BulkForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            upload = form.cleaned_data.get("file")
            rows = rows_from_xlsx(upload) if upload else rows_from_text(form.cleaned_data["rows"])
        except BulkFileError as error:
            form.add_error("file", str(error))
        else:
            result = create_from_rows(rows, user=request.user)
            if result.created:
                messages.success(
                    request, _("Đã tạo %(count)s nhiệm vụ.") % {"count": len(result.created)}
                )
                return redirect("wagtailsnippets_tasks_task:list")
            errors = result.errors
    return TemplateResponse(
        request,
        "tasks/admin/bulk_create.html",
        {
            "form": form,
            "errors": errors,
            "headings": HEADINGS,
            "page_title": _("Tạo nhiều nhiệm vụ"),
        },
    )
