"""Wagtail's page views that read *other* pages for an editor, narrowed by the rule.

The views about a hidden page itself answer 404 already (``core.admin_visibility``). These
are the views about a page the editor may see that name other pages, and so could name a
hidden one:

* copy: the new parent is a page id in the POST. Wagtail reads it with ``Page.objects.get``
  before validating (a hidden id passes and its title comes back in the "no permission"
  error; a missing one is a server error). Here it is read through the rule, and the form's
  field is narrowed like every other form's (``core.admin_forms.narrow_choices``);
* choose parent (adding a page of a type from the type's listing): the same for its form,
  and for the shortcut taken when one parent only is possible;
* revisions compare: the two versions are compared as the editor may see them
  (``core.narrowing.without_hidden``), so a relation or choice of a hidden document reads
  as an empty one rather than its number and title;
* usage ("used by"): pages, snippets, images and documents list the objects that use them;
  rows of pages the editor may not see are left out, where Wagtail showed
  "(Private page)" and so told that a hidden page uses the object. The delete confirmation
  of pages and snippets counts the same rows.

Registered as the page viewset of every page type (``register_admin_viewset``, for
``Page``); the usage views of images, documents and snippets use ``VisibleUsageMixin``.
"""

from django.views.generic.edit import FormView
from wagtail.admin.views.pages.choose_parent import GenericChooseParentView
from wagtail.admin.views.pages.copy import CopyView
from wagtail.admin.views.pages.delete import DeleteView
from wagtail.admin.views.pages.revisions import RevisionsCompareView
from wagtail.admin.views.pages.usage import UsageView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page, ReferenceIndex, get_default_page_content_type

from .admin_forms import narrow_choices
from .admin_moderation import SharedTaskIndexView
from .narrowing import without_hidden
from .visibility import admin_visible_pages, hidden_page_ids


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class VisibleCopyView(CopyView):
    def post(self, request, page_id, *args, **kwargs):
        # Wagtail's post reads the new parent with Page.objects.get (a hidden id passes, a
        # missing one is a server error). Read it through the rule instead, falling back to
        # the page's own parent as the form's GET does; the narrowed form then refuses a
        # hidden id exactly as a missing one.
        chosen = admin_visible_pages(
            request.user, Page.objects.filter(pk=_int(request.POST.get("new_parent_page")))
        ).first()
        self.parent_page = chosen or self.page.get_parent()
        return FormView.post(self, request, page_id, *args, **kwargs)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        narrow_choices(form, self.request.user)
        return form


class VisibleChooseParentView(GenericChooseParentView):
    def get_valid_parent_pages(self, user):
        return admin_visible_pages(user, super().get_valid_parent_pages(user))

    def get_form(self):
        form = super().get_form()
        narrow_choices(form, self.request.user)
        return form


class VisibleRevisionsCompareView(RevisionsCompareView):
    def _get_comparison(self, revision_a, revision_b):
        user = self.request.user
        versions = []
        for version in (revision_a, revision_b):
            if version is self.object:  # "live": a fresh copy, the page itself stays intact
                version = type(version).objects.get(pk=version.pk)
            versions.append(without_hidden(user, version))
        return super()._get_comparison(*versions)


def visible_references(user, references):
    """``ReferenceIndex`` rows of ``references`` whose source ``user`` may see."""
    if user.is_superuser:
        return references
    hidden = [str(pk) for pk in hidden_page_ids(user).values_list("pk", flat=True)]
    return references.exclude(
        base_content_type=get_default_page_content_type(), object_id__in=hidden
    )


class VisibleUsageMixin:
    """A usage listing without the rows of pages the editor may not see."""

    def get_queryset(self):
        references = ReferenceIndex.get_references_to(self.object)
        return visible_references(self.request.user, references).group_by_source_object()


class VisiblePageUsageView(VisibleUsageMixin, UsageView):
    pass


class VisibleUsageCountMixin:
    """A delete confirmation counting only the uses the editor may see (its listing's rows).

    Whether a use protects the object from deletion still counts every use.
    """

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "usage_count" in context:
            obj = getattr(self, "page", None) or self.object
            references = ReferenceIndex.get_references_to(obj)
            visible = visible_references(self.request.user, references)
            context["usage_count"] = visible.group_by_source_object().count()
        return context


class VisiblePageDeleteView(VisibleUsageCountMixin, DeleteView):
    pass


class VisiblePageViewSet(PageViewSet):
    """The views of every page type, with the rule where they read other pages."""

    index_view_class = SharedTaskIndexView
    copy_view_class = VisibleCopyView
    choose_parent_view_class = VisibleChooseParentView
    revisions_compare_view_class = VisibleRevisionsCompareView
    usage_view_class = VisiblePageUsageView
    delete_view_class = VisiblePageDeleteView
