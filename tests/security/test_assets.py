"""Images and Wagtail documents follow the pages that use them."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import ReferenceIndex

from regulations.models import PartyDocumentPage

pytestmark = pytest.mark.django_db
SECRET = "105-KL/TU"
PUBLIC = "01-QC/TU"


def _png() -> ImageFile:
    buffer = io.BytesIO()
    PILImage.new("RGB", (8, 8), (200, 0, 0)).save(buffer, format="PNG")
    return ImageFile(io.BytesIO(buffer.getvalue()), name="bieu-do.png")


def _use_in(document_page, asset, field: str) -> None:
    """Reference the asset from the page's body, as an editor's chooser would."""
    specific = PartyDocumentPage.objects.get(number=document_page).specific
    specific.summary = f"{specific.summary} [{field}:{asset.pk}]"
    specific.save()
    ReferenceIndex.objects.create(
        content_type=ReferenceIndex._get_base_content_type(specific),
        base_content_type=ReferenceIndex._get_base_content_type(specific),
        object_id=str(specific.pk),
        to_content_type=ReferenceIndex._get_base_content_type(asset),
        to_object_id=str(asset.pk),
        model_path="body",
        content_path="body",
        content_path_hash=ReferenceIndex._get_content_path_hash("body"),
    )


@pytest.fixture
def image():
    return get_image_model().objects.create(title="Biểu đồ", file=_png())


@pytest.fixture
def document():
    return get_document_model().objects.create(
        title="Phụ lục", file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="phu-luc.pdf")
    )


def test_an_image_used_only_by_the_secret_document_is_hidden(client_for, image):
    _use_in(SECRET, image, "image")
    url = f"/media/{image.file.name}"
    assert client_for("member").get(url).status_code == 404
    assert client_for("standing_committee").get(url).status_code == 200


def test_an_image_used_by_a_public_document_is_served(client_for, image):
    _use_in(SECRET, image, "image")
    _use_in(PUBLIC, image, "image")
    assert client_for("member").get(f"/media/{image.file.name}").status_code == 200


def test_an_unused_image_is_served_to_members_only(client_for, image):
    url = f"/media/{image.file.name}"
    assert client_for("member").get(url).status_code == 200
    assert client_for("anonymous").get(url).status_code == 302


def test_a_document_used_only_by_the_secret_document_is_hidden(client_for, document):
    _use_in(SECRET, document, "document")
    url = document.url
    assert client_for("member").get(url).status_code == 404
    response = client_for("standing_committee").get(url)
    assert response.status_code == 200
