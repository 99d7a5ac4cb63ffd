"""Snippets, images and documents in the admin: the rule wherever they are listed or chosen.

``VisibleSnippetViewSet`` is the base of every snippet viewset of ours (``core.checks``
fails otherwise). For a model ruled in ``core.narrowing`` (an issuer is hidden when only
hidden documents use it) its listing, its filters and counts, its chooser and the "chosen"
answers read through ``narrow``; the URLs naming one object (edit, delete, usage,
history...) answer 404 for a hidden one, like a missing one
(``core.admin_visibility.AdminPageVisibilityMiddleware``). For every snippet, the usage
listing and the delete confirmation's count leave out the pages the editor may not see.
Images and documents get the same usage listing (wired in ``core.admin_urls``).
"""

from wagtail.documents.views.documents import UsageView as DocumentUsageView
from wagtail.images.views.images import UsageView as ImageUsageView
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)
from wagtail.snippets.views.snippets import CreateView as SnippetCreateView
from wagtail.snippets.views.snippets import DeleteView as SnippetDeleteView
from wagtail.snippets.views.snippets import EditView as SnippetEditView
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail.snippets.views.snippets import UsageView as SnippetUsageView

from .admin_page_views import VisibleUsageCountMixin, VisibleUsageMixin
from .admin_writes import RaceSafeSaveMixin
from .narrowing import narrow


class _NarrowedListMixin:
    def get_object_list(self):
        return narrow(self.request.user, super().get_object_list())


class VisibleChooseView(_NarrowedListMixin, ChooseView):
    pass


class VisibleChooseResultsView(_NarrowedListMixin, ChooseResultsView):
    pass


class VisibleChosenView(SnippetChosenView):
    def get_object(self, pk):
        return narrow(self.request.user, self.model_class.objects.all()).get(pk=pk)


class VisibleChosenMultipleView(SnippetChosenMultipleView):
    def get_objects(self, pks):
        return narrow(self.request.user, super().get_objects(pks))


class VisibleSnippetChooserViewSet(SnippetChooserViewSet):
    choose_view_class = VisibleChooseView
    choose_results_view_class = VisibleChooseResultsView
    chosen_view_class = VisibleChosenView
    chosen_multiple_view_class = VisibleChosenMultipleView


class VisibleSnippetUsageView(VisibleUsageMixin, SnippetUsageView):
    pass


class VisibleSnippetDeleteView(VisibleUsageCountMixin, SnippetDeleteView):
    pass


class RaceSafeSnippetCreateView(RaceSafeSaveMixin, SnippetCreateView):
    """Two identical posts at once give one row and no server error (``core.admin_writes``)."""


class RaceSafeSnippetEditView(RaceSafeSaveMixin, SnippetEditView):
    """The same for an edit (a membership added twice at once)."""


class VisibleSnippetViewSet(SnippetViewSet):
    """The base of our snippet viewsets: listing, chooser and usage through the rule, and
    create/edit views that survive a double post."""

    add_view_class = RaceSafeSnippetCreateView
    edit_view_class = RaceSafeSnippetEditView
    chooser_viewset_class = VisibleSnippetChooserViewSet
    usage_view_class = VisibleSnippetUsageView
    delete_view_class = VisibleSnippetDeleteView

    def get_queryset(self, request):
        return narrow(request.user, self.model._default_manager.all())


class VisibleImageUsageView(VisibleUsageMixin, ImageUsageView):
    pass


class VisibleDocumentUsageView(VisibleUsageMixin, DocumentUsageView):
    pass
