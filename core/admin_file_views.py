"""The image and document listings, edit views and delete confirmations, counting only the
uses an editor may see.

Wagtail shows how many times a file is used (the listing's column, its ordering and filter,
"Used N times" on the edit view, the delete confirmations, single and bulk, of files and
snippets): counted over every page, so a
file used by a secret document said one more use than the editor could find in its usage
listing (which already leaves hidden pages out: ``core.admin_page_views``). Here every count
is the number of sources the usage listing shows (``visible_references``).
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, OuterRef, Subquery
from django.db.models.functions import Cast, Coalesce
from wagtail.documents.views.bulk_actions.delete import DeleteBulkAction as DocumentBulkDelete
from wagtail.documents.views.documents import DeleteView as DocumentDeleteView
from wagtail.documents.views.documents import EditView as DocumentEditView
from wagtail.documents.views.documents import IndexView as DocumentIndexView
from wagtail.images.views.bulk_actions.delete import DeleteBulkAction as ImageBulkDelete
from wagtail.images.views.images import DeleteView as ImageDeleteView
from wagtail.images.views.images import EditView as ImageEditView
from wagtail.images.views.images import IndexView as ImageIndexView
from wagtail.models import ReferenceIndex
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction as SnippetBulkDelete

from .admin_page_views import VisibleUsageCountMixin, visible_references


def visible_usage_count(user, obj) -> int:
    """How many objects the editor may see use ``obj`` (the rows of its usage listing)."""
    references = visible_references(user, ReferenceIndex.get_references_to(obj))
    return references.group_by_source_object().count()


def visible_usage_count_subquery(user, model):
    """``visible_usage_count`` for every row of a listing of ``model``, as an annotation."""
    references = ReferenceIndex.objects.filter(
        to_content_type=ContentType.objects.get_for_model(model),
        to_object_id=Cast(OuterRef("pk"), output_field=CharField()),
    )
    counted = (
        visible_references(user, references)
        .values("to_object_id")
        .annotate(count=Count("object_id", distinct=True))
        .values("count")
    )
    return Coalesce(Subquery(counted), 0)


class VisibleUsageCountListingMixin:
    """The listing's usage column, ordering and filter over the uses the editor may see."""

    def get_base_queryset(self):
        files = super().get_base_queryset()
        if self.needs_usage_count_subquery:
            # annotating the same name again replaces Wagtail's count of every use
            count = visible_usage_count_subquery(self.request.user, self.model)
            files = files.annotate(usage_count=count)
        return files

    def decorate_paginated_queryset(self, object_list):
        if self.needs_usage_count_subquery:
            return object_list  # annotated above
        for obj in object_list:
            obj.usage_count = visible_usage_count(self.request.user, obj)
        return object_list


class VisibleUsageCountEditMixin:
    """ "Used N times" on the edit view: the uses the editor may see."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["usage_count_val"] = visible_usage_count(self.request.user, self.object)
        return context


class VisibleImageIndexView(VisibleUsageCountListingMixin, ImageIndexView):
    pass


class VisibleDocumentIndexView(VisibleUsageCountListingMixin, DocumentIndexView):
    pass


class VisibleImageEditView(VisibleUsageCountEditMixin, ImageEditView):
    pass


class VisibleDocumentEditView(VisibleUsageCountEditMixin, DocumentEditView):
    pass


class VisibleImageDeleteView(VisibleUsageCountMixin, ImageDeleteView):
    pass


class VisibleDocumentDeleteView(VisibleUsageCountMixin, DocumentDeleteView):
    pass


class VisibleUsageCountBulkMixin:
    """The bulk delete confirmation: each item's uses as its usage listing shows them."""

    def object_context(self, item):
        context = super().object_context(item)
        context["usage_count"] = visible_usage_count(self.request.user, item)
        return context


class VisibleImageBulkDelete(VisibleUsageCountBulkMixin, ImageBulkDelete):
    pass


class VisibleDocumentBulkDelete(VisibleUsageCountBulkMixin, DocumentBulkDelete):
    pass


class VisibleSnippetBulkDelete(VisibleUsageCountBulkMixin, SnippetBulkDelete):
    pass
