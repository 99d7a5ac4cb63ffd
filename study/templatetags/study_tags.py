from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def so_tay_dang_vien_url() -> str:
    """The national "Sổ tay đảng viên điện tử" (configurable: ``SO_TAY_DANG_VIEN_URL``)."""
    return getattr(settings, "SO_TAY_DANG_VIEN_URL", "")
