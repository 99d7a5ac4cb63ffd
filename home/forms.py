from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa, chữ thường."
        ),
        "inactive": _("Tài khoản này đã bị khóa."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Tên đăng nhập")
        self.fields["password"].label = _("Mật khẩu")
        self.fields["username"].widget.attrs.update({"autocomplete": "username"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})
