from django import forms
from django.utils.translation import gettext_lazy as _

from .models import TITLES

MAX_COMMITMENTS = 5000


class RegistrationForm(forms.Form):
    titles = forms.MultipleChoiceField(
        label=_("Danh hiệu, hình thức khen thưởng đăng ký"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Chọn ít nhất một danh hiệu đăng ký.")},
    )
    commitments = forms.CharField(
        label=_("Nội dung cam kết, chỉ tiêu phấn đấu"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=MAX_COMMITMENTS,
        error_messages={
            "required": _("Ghi nội dung cam kết của đơn vị."),
            "max_length": _("Nội dung cam kết dài quá %(limit_value)d ký tự."),
        },
    )

    def __init__(self, *args, movement, **kwargs):
        super().__init__(*args, **kwargs)
        offered = movement.titles or list(TITLES)
        self.fields["titles"].choices = [(title, title) for title in offered]
