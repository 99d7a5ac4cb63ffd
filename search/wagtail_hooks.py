from wagtail import hooks

from .admin_search import VietnamesePageViewSet


@hooks.register("register_admin_viewset")
def register_vietnamese_page_search():
    """Registered after ``core``'s page viewset (apps are read in order), so it replaces it."""
    return VietnamesePageViewSet()
