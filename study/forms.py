from django import forms
from django.utils.translation import gettext_lazy as _

from .models import REFLECTION_MAX_LENGTH


class ConfirmationForm(forms.Form):
    reflection = forms.CharField(
        label=_("Thu hoạch (không bắt buộc)"),
        required=False,
        max_length=REFLECTION_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": REFLECTION_MAX_LENGTH}),
        help_text=_("Vài dòng về điều bạn tâm đắc và sẽ vận dụng vào công việc."),
        error_messages={
            "max_length": _(
                "Thu hoạch dài quá: tối đa %(limit_value)d ký tự (đang có %(show_value)d)."
            )
        },
    )
