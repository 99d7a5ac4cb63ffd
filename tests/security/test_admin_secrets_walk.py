"""The admin, walked as each editor outside the secret documents' groups: no secret shows.

As ``bientap``, ``lanhdaophong``, ``chanhvanphong`` and the unit editor
``bientap.truongvinh`` (none of them in "Ban Thường vụ Tỉnh ủy"), with the world of
``admin_walk_helpers.secret_world`` (secret documents, a secret draft, an issuer and tags only
they use, public pages pointing at a secret document):

* every add form of every page type (under a parent where the editor may create it), the
  "choose a parent" step, the edit form of existing pages of each type (the ones pointing at
  the secret first), every snippet's listing, add, edit, usage and chooser, and every admin
  endpoint that lists pages or their data (explorer and admin search, page chooser browse,
  search and "chosen" answer, external-link matching, tag autocomplete, the admin API,
  usage listings, revision comparisons, drafts' previews) never contain a secret number,
  title, address, summary, body line, issuer or tag (``admin_walk_helpers.secret_markers``,
  read from the database);
* crafted POSTs naming a secret page by id (a relation's target, a movement's result
  decision, a study plan's documents, a copy's new parent, the preview, rich text links in a
  RichTextField and in a StreamField) answer exactly what the same POST with a missing id
  answers (status and body, the ids set aside) and change nothing.
"""

import os

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Page, get_page_models
from wagtail.snippets.models import get_snippet_models

from core.narrowing import narrow
from regulations.models import DocumentLibraryPage, DocumentRelation, Issuer
from tests.factories import logged_in

from .admin_forms_helpers import add_relation_row, form_data, link_to_page
from .admin_walk_helpers import (  # noqa: F401  (factory_sequences_kept: a fixture)
    MISSING_ID,
    OUTSIDERS,
    add_parent,
    factory_sequences_kept,
    leaks,
    normalised,
    pages_of,
    secret_markers,
    secret_world,
)
from .conftest import text_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("factory_sequences_kept")]


@pytest.fixture
def world(docs):
    world = secret_world(docs)
    # Later versions, saved by a member of the group: compare views show both sides.
    world.movement.result_decision = None
    world.movement.save_revision()
    world.plan.documents.set([world.public])
    world.plan.save_revision()
    return world


def _queries() -> list[str]:
    """Parts of secret numbers and titles to search for (never a whole marker)."""
    from regulations.models import PartyDocumentPage

    queries = set()
    for doc in PartyDocumentPage.objects.exclude(confidentiality=""):
        queries.add(doc.number.split("/")[0])
        queries.add(" ".join(doc.title.split()[-3:-1]))
    return sorted(queries)


def _tag_prefixes(markers) -> list[str]:
    return sorted({word[:2] for marker in markers for word in marker.split()[:1]})


def form_urls(user, world) -> list[str]:
    """Add forms, parent choices and edit forms of every page type; snippets' forms."""
    urls = []
    for model in get_page_models():
        if model is Page:
            continue
        label = f"{model._meta.app_label}/{model._meta.model_name}"
        parent = add_parent(model, user)
        if parent is not None:
            urls.append(f"/admin/pages/add/{label}/{parent.pk}/")
            urls.append(f"/admin/pages/create/{label}")
        urls += [f"/admin/pages/{page.pk}/edit/" for page in pages_of(model, user)]
    for page in (world.public, world.movement, world.plan, world.unit_page, world.news):
        if page.permissions_for_user(user).can_edit():
            urls.append(f"/admin/pages/{page.pk}/edit/")
    for model in get_snippet_models():
        viewset = model.snippet_viewset
        urls += [reverse(viewset.get_url_name(name)) for name in ("list", "add")]
        for obj in narrow(user, model.objects.all())[:3]:
            urls += [
                reverse(viewset.get_url_name(name), args=[obj.pk]) for name in ("edit", "usage")
            ]
        chooser = viewset.chooser_viewset
        urls += [reverse(chooser.get_url_name(name)) for name in ("choose", "choose_results")]
    return list(dict.fromkeys(urls))


def endpoint_urls(world, markers) -> list[str]:
    """Every admin endpoint listing pages or their data, asked about the secrets."""
    library = DocumentLibraryPage.objects.get()
    shared_issuer = Issuer.objects.get(code="TU", name="Ban Thường vụ Tỉnh ủy")  # + secrets
    secret_ids = "&".join(f"id={pk}" for pk in [world.secret.pk, world.movement.pk])
    urls = [
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{library.pk}/",
        "/admin/choose-page/",
        f"/admin/choose-page/chosen-multiple/?{secret_ids}",
        f"/admin/api/main/pages/?child_of={library.pk}&for_explorer=1",
        *(f"/admin/api/main/pages/{page.pk}/" for page in (world.public, world.movement)),
        *(f"/admin/api/main/pages/{page.pk}/" for page in (world.plan, world.news)),
        f"/admin/pages/{world.public.pk}/usage/",
        f"/admin/pages/{world.movement.pk}/revisions/compare/earliest...latest/",
        f"/admin/pages/{world.plan.pk}/revisions/compare/earliest...latest/",
        f"/admin/pages/{world.movement.pk}/revisions/compare/live...latest/",
        f"/admin/pages/{world.movement.pk}/view_draft/",
        f"/admin/pages/{world.news.pk}/view_draft/",
        "/admin/pages/usage/regulations/circularpage/",
        "/admin/pages/usage/regulations/regulationpage/",
        f"/admin/snippets/regulations/issuer/usage/{shared_issuer.pk}/",
    ]
    urls += [f"/admin/choose-page/{page.pk}/" for page in Page.objects.filter(depth__lte=3)]
    for offset in range(0, Page.objects.count() + 20, 20):  # the admin API's pages of 20
        urls += [
            f"/admin/api/main/pages/?offset={offset}&fields=*",
            f"/admin/api/main/pages/?child_of={library.pk}&offset={offset}&fields=*",
            f"/admin/api/main/pages/?type=regulations.PartyDocumentPage&offset={offset}",
        ]
    for query in _queries():
        urls += [
            f"/admin/pages/search/?q={query}",
            f"/admin/choose-page/search/?q={query}",
            f"/admin/api/main/pages/?search={query}",
            f"/admin/snippets/regulations/issuer/?q={query}",
        ]
    for prefix in _tag_prefixes(markers):
        urls += [
            f"/admin/tag-autocomplete/?term={prefix}",
            f"/admin/tag-autocomplete/taggit/tag/?term={prefix}",
        ]
    return urls


def _check(client, url, markers, found, method="get", data=None, echo="") -> int:
    """Ask ``url``; note in ``found`` any marker in the answer (what was typed set aside)."""
    response = getattr(client, method)(url, data or {})
    text = text_of(response)
    for typed in (echo, url.partition("q=")[2], url.partition("search=")[2]):
        if typed:
            text = text.replace(typed, "")
    if hits := leaks(text, markers):
        found.append((url, response.status_code, hits))
    if os.environ.get("WALK_DEBUG"):
        print(response.status_code, url)
    return response.status_code


@pytest.mark.parametrize("username", OUTSIDERS)
def test_no_admin_form_or_endpoint_shows_a_secret(username, world):
    user = get_user_model().objects.get(username=username)
    assert not any("Thường vụ" in group.name for group in user.groups.all())
    markers = secret_markers()
    client, found = logged_in(user), []
    forms = form_urls(user, world)
    statuses = [_check(client, url, markers, found) for url in forms]
    endpoints = endpoint_urls(world, markers)
    statuses += [_check(client, url, markers, found) for url in endpoints]
    assert found == []
    shown = statuses.count(200)
    # Coverage: the library's editors open every form; the unit editor its unit's ones.
    assert shown >= (20 if username == "bientap.truongvinh" else 60), (shown, len(statuses))


# --------------------------------------------------------------------------------------------
# Crafted POSTs: a secret id answers exactly as a missing one


def _paragraph_link(data, target):
    data.update(
        {
            "body-count": "1",
            "body-0-type": "paragraph",
            "body-0-value": link_to_page(target),
            "body-0-deleted": "",
            "body-0-order": "0",
            "body-0-id": "4d1a2b3c-0000-4000-8000-000000000001",
        }
    )


def _cases(world):
    """(username, form page url, post url, how the secret or missing id is put in)."""
    public, movement, plan = world.public, world.movement, world.plan
    news_index = Page.objects.get(slug="tin-tuc")
    edit = "/admin/pages/{}/edit/".format
    return {
        "relation target": ("bientap", edit(public.pk), None, add_relation_row),
        "relation target, preview": (
            "lanhdaophong",
            edit(public.pk),
            f"/admin/pages/{public.pk}/edit/preview/",
            add_relation_row,
        ),
        "result decision": (
            "chanhvanphong",
            edit(movement.pk),
            None,
            lambda data, target: data.__setitem__("result_decision", str(target)),
        ),
        "study plan documents": (
            "bientap",
            edit(plan.pk),
            None,
            lambda data, target: data.appendlist("documents", str(target)),
        ),
        "rich text link (unit editor)": (
            "bientap.truongvinh",
            edit(world.unit_page.pk),
            None,
            lambda data, target: data.__setitem__("intro", link_to_page(target)),
        ),
        "rich text link in a result summary": (
            "bientap",
            edit(movement.pk),
            None,
            lambda data, target: data.__setitem__("result_summary", link_to_page(target)),
        ),
        "StreamField link in a new news item": (
            "bientap",
            f"/admin/pages/add/home/newspage/{news_index.pk}/",
            None,
            _paragraph_link,
        ),
        "copy to a new parent": (
            "chanhvanphong",
            f"/admin/pages/{public.pk}/copy/",
            None,
            lambda data, target: data.__setitem__("new_parent_page", str(target)),
        ),
        "choose a parent": (
            "bientap",
            "/admin/pages/create/home/standardpage",
            None,
            lambda data, target: data.__setitem__("parent_page", str(target)),
        ),
        "page chosen by id": (
            "bientap",
            None,
            "/admin/choose-page/chosen-multiple/?id={}",
            None,
        ),
    }


def _state(world):
    """What a POST could have changed: relations, the movement's and the plan's versions."""
    return (
        DocumentRelation.objects.filter(target=world.secret).count(),
        world.movement.revisions.count(),
        world.plan.revisions.count(),
        world.unit_page.revisions.count(),
        Page.objects.count(),
    )


@pytest.mark.parametrize(
    "case",
    [
        "relation target",
        "relation target, preview",
        "result decision",
        "study plan documents",
        "rich text link (unit editor)",
        "rich text link in a result summary",
        "StreamField link in a new news item",
        "copy to a new parent",
        "choose a parent",
        "page chosen by id",
    ],
)
def test_a_secret_id_answers_exactly_as_a_missing_id(case, world):
    username, form_url, post_url, put = _cases(world)[case]
    client = logged_in(get_user_model().objects.get(username=username))
    markers, before = secret_markers(), _state(world)
    answers = []
    for target in (world.secret.pk, MISSING_ID):
        if put is None:
            response = client.get(post_url.format(target))
        else:
            data = form_data(client.get(form_url).content.decode())
            put(data, target)
            response = client.post(post_url or form_url, data)
        assert not leaks(text_of(response), markers), case
        answers.append(normalised(response, world.secret.pk, MISSING_ID))
    assert answers[0] == answers[1], case
    assert _state(world) == before


@pytest.mark.parametrize("typed", ["{}", "http://localhost{}", "{}?a=1"])
def test_an_address_of_a_secret_page_stays_an_external_link(typed, world):
    """Typed as an external link, a secret page's address is not turned into a link to it
    (with its title): the answer is the one for an address of no page."""
    client = logged_in(get_user_model().objects.get(username="bientap"))
    answers = []
    for path in (world.secret.url, "/van-ban/khong-co-van-ban-nay/"):
        address = typed.format(path)
        data = {"external-link-chooser-url": address}
        response = client.post("/admin/choose-external-link/", data)
        status, text = normalised(response)
        answers.append((status, text.replace(address, "ADDRESS")))
    assert answers[0] == answers[1]
    assert '"step": "external_link_chosen"' in answers[0][1]
