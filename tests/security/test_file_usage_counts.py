"""How many times an image or a document is used, as an editor outside a secret document's
group is told: the uses they may see, in every place Wagtail counts them (issue 17).

An image used by a public document and by the secret 105-KL/TU is "used once" for the editor
``bientap`` (as its usage listing shows one row) and twice for a superuser: the listing's
column, its order by usage, the edit view, the delete confirmation and the bulk delete
confirmation. The same for a Wagtail document.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from wagtail.models import ReferenceIndex

from regulations.models import PartyDocumentPage

from .test_assets import PUBLIC, SECRET, document, image  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def _use_in(number: str, asset) -> None:
    """A reference from the document's summary, as the reference index records one."""
    page = PartyDocumentPage.objects.get(number=number).specific
    ReferenceIndex.objects.create(
        content_type=ContentType.objects.get_for_model(page),
        base_content_type=ReferenceIndex._get_base_content_type(page),
        object_id=str(page.pk),
        to_content_type=ReferenceIndex._get_base_content_type(asset),
        to_object_id=str(asset.pk),
        model_path="summary",
        content_path="summary",
        content_path_hash=ReferenceIndex._get_content_path_hash("summary"),
    )


def used(client, url: str, name: str):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context[name]


def listed_count(client, url: str, obj) -> int:
    (row,) = [item for item in used(client, url, "object_list") if item.pk == obj.pk]
    return row.usage_count


@pytest.mark.parametrize("kind", ["image", "document"])
def test_files_count_only_the_uses_one_may_see(request, client_for, kind):
    obj = request.getfixturevalue(kind)
    _use_in(SECRET, obj)
    _use_in(PUBLIC, obj)
    base = "/admin/images/" if kind == "image" else "/admin/documents/"
    edit = f"{base}{obj.pk}/" if kind == "image" else f"{base}edit/{obj.pk}/"
    delete = f"{base}{obj.pk}/delete/" if kind == "image" else f"{base}delete/{obj.pk}/"
    model = "wagtailimages/image" if kind == "image" else "wagtaildocs/document"
    bulk = f"/admin/bulk/{model}/delete/?id={obj.pk}"
    for role, uses in (("editor", 1), ("administrator", 2)):
        client = client_for(role)
        assert listed_count(client, base, obj) == uses, role
        assert listed_count(client, f"{base}?ordering=-usage_count", obj) == uses, role
        assert used(client, edit, "usage_count_val") == uses, role
        assert used(client, delete, "usage_count") == uses, role
        (item,) = used(client, bulk, "items")
        assert item["usage_count"] == uses, role
