"""Admin endpoints that answer with pages or their data: only what the editor may see.

Wired in ``core.admin_urls`` before Wagtail's own URLs (same paths, Wagtail's URL names):

* ``/admin/tag-autocomplete/`` (and per tag model): a tag is suggested only when at least
  one object the editor may see uses it (pages through the rule, other models as they
  are). Wagtail suggested every tag, so "phương án nhân sự" typed on a secret document
  came back to any editor typing "ph";
* ``/admin/choose-page/chosen-multiple/?id=…``: the title, address and parent of each page
  chosen, read by id. Only pages the editor may see answer; a hidden id answers like a
  missing one (not at all);
* ``/admin/choose-external-link/``: an address typed as an external link that matches a
  page is turned into a link to that page, with its title. A page the editor may not see
  is not matched: the address stays an external link, as for an address of no page.
"""

import json

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import Http404, JsonResponse
from taggit.models import ItemBase, Tag, TagBase
from wagtail.admin.views import chooser, tags
from wagtail.models import Page

from .narrowing import is_narrowed, narrow
from .visibility import admin_visible_pages


def _visible_rows(user, through):
    """The tagged-item rows of ``through`` whose object ``user`` may see."""
    rows = through._default_manager.all()
    fields = {field.name: field for field in through._meta.get_fields()}
    target = fields.get("content_object")
    if target is not None and target.is_relation and target.concrete:
        model = target.related_model
        if is_narrowed(model):
            rows = rows.filter(content_object__in=narrow(user, model._default_manager.all()))
        return rows
    if "content_type" in fields and "object_id" in fields:
        for content_type_id in rows.values_list("content_type", flat=True).distinct():
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            if model is not None and is_narrowed(model):
                visible = narrow(user, model._default_manager.all()).values("pk")
                rows = rows.exclude(Q(content_type=content_type_id) & ~Q(object_id__in=visible))
    return rows


def visible_tags(user, tag_model=Tag):
    """Tags of ``tag_model`` used by at least one object ``user`` may see."""
    if user.is_superuser:
        return tag_model.objects.all()
    used = Q(pk__in=[])
    for through in apps.get_models():
        if not issubclass(through, ItemBase):
            continue
        tag_field = through._meta.get_field("tag")
        if not issubclass(tag_field.related_model, tag_model):
            continue
        used |= Q(pk__in=_visible_rows(user, through).values("tag_id"))
    return tag_model.objects.filter(used)


def tag_autocomplete(request, app_name=None, model_name=None):
    """Wagtail's tag autocomplete (same answers, same 404s) over ``visible_tags``."""
    if request.user.is_superuser:
        return tags.autocomplete(request, app_name, model_name)
    tag_model = Tag
    if app_name and model_name:
        try:
            content_type = ContentType.objects.get_by_natural_key(app_name, model_name)
        except ContentType.DoesNotExist as error:
            raise Http404 from error
        tag_model = content_type.model_class()
        if tag_model is None or not issubclass(tag_model, TagBase):
            raise Http404
    term = request.GET.get("term", None)
    names = []
    if term:
        names = list(
            visible_tags(request.user, tag_model)
            .filter(name__istartswith=term)
            .order_by("name")
            .values_list("name", flat=True)[: tags.TAGS_AUTOCOMPLETE_LIMIT]
        )
    return JsonResponse(names, safe=False)


class VisibleChosenMultipleView(chooser.ChosenMultipleView):
    def get(self, request):
        # Wagtail's view reads the ids from the query: hand it only the visible ones, so its
        # answer keeps Wagtail's shape (a hidden id is left out, like a missing one).
        visible = admin_visible_pages(
            request.user, Page.objects.filter(pk__in=_ints(request.GET.getlist("id")))
        ).values_list("pk", flat=True)
        request.GET = request.GET.copy()
        request.GET.setlist("id", [str(pk) for pk in visible])
        return super().get(request)


def _ints(values) -> list[int]:
    result = []
    for value in values:
        try:
            result.append(int(value))
        except (TypeError, ValueError):
            continue
    return result


class VisibleExternalLinkView(chooser.ExternalLinkView):
    def post(self, request):
        response = super().post(request)
        try:
            data = json.loads(response.content)
        except ValueError:
            return response
        matched = [data.get(key) for key in ("result", "internal")]
        ids = [item["id"] for item in matched if isinstance(item, dict) and "id" in item]
        if ids and not admin_visible_pages(request.user, Page.objects.filter(pk__in=ids)).exists():
            # What an address of no page gets: the external link as typed.
            return self.render_chosen_response(self.get_result_data())
        return response
