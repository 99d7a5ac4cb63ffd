"""Admin create and edit views that survive two identical posts at once.

A form checks a unique constraint (an issuer's name and code, one membership per user and
unit) by reading the database, so two posts that arrive together (a double click, two
editors) both pass the check and the second INSERT fails: an IntegrityError, a server error
(issue 17). Wagtail saves inside ``transaction.atomic()``, so the failed save leaves nothing
behind; this mixin then answers the second post with its form again, validated against what
the first one committed (Django names the duplicate when the form can see it; otherwise a
general message says that the same data was just saved).
"""

from django.db import IntegrityError
from django.utils.translation import gettext_lazy as _

RACE_MESSAGE = _(
    "Dữ liệu trùng với bản vừa được lưu cùng lúc (có thể do bấm lưu hai lần). "
    "Hãy xem lại rồi lưu nếu cần."
)


class RaceSafeSaveMixin:
    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except IntegrityError:
            if getattr(self, "object", None) is not None and self.object.pk:
                self.object = self.get_object()  # as committed, not as the failed save left it
            form = self.get_form()
            if self.is_valid(form):  # Wagtail's: sets the error message it shows on failure
                form.add_error(None, RACE_MESSAGE)
                self.produced_error_code = "validation_error"
                self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)
