"""A link from the admin menu to the Office's acknowledgement tables."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from organisation.people import is_office_staff


class OfficeMenuItem(MenuItem):
    def is_shown(self, request):
        return is_office_staff(request.user)


@hooks.register("register_admin_menu_item")
def acknowledgement_menu_item():
    return OfficeMenuItem(
        _("Theo dõi tiếp nhận"), reverse("delivery_overview"), icon_name="tasks", order=320
    )
