"""Study videos: uploaded files checked by content, played by <video> from our own
permission-checking view (with byte ranges), never from an external player."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.models import Collection, ReferenceIndex

from study.blocks import VideoBlock

from .helpers import MP4_BYTES, WEBM_BYTES, new_plan, video_document

pytestmark = pytest.mark.django_db
HTML = b"<!DOCTYPE html><html><script>alert(1)</script></html>"


def _upload(client, name: str, data: bytes, title: str):
    return client.post(
        "/admin/documents/add/",
        {
            "title": title,
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile(name, data),
        },
    )


@pytest.mark.parametrize(
    ("name", "data", "ok"),
    [
        ("bai-giang.mp4", MP4_BYTES, True),
        ("bai-giang.webm", WEBM_BYTES, True),
        ("gia-mao.mp4", HTML, False),  # HTML renamed .mp4
        ("doi-ten.webm", MP4_BYTES, False),  # an MP4 named .webm
        ("anh.mp4", b"\x00\x00\x00\x18ftypheic" + b"\0" * 64, False),  # a HEIC image
    ],
)
def test_video_uploads_are_checked_by_content(name, data, ok, client_for):
    title = f"Video thử {name}"
    response = _upload(client_for("editor"), name, data, title)
    assert get_document_model().objects.filter(title=title).exists() is ok
    if not ok:
        assert response.status_code == 200  # the form again, with its error


def _plan_with_video(document, **kwargs):
    body = [("video", {"video": document, "title": "Bài giảng chuyên đề", "transcript": ""})]
    study_plan = new_plan(title=kwargs.pop("title", "Kế hoạch có video"), body=body, **kwargs)
    assert ReferenceIndex.get_references_to(document).exists()  # files follow their pages
    return study_plan


def test_the_plan_plays_the_video_from_our_server(client_for):
    document = video_document()
    study_plan = _plan_with_video(document)
    html = client_for("member").get(study_plan.url).content.decode()
    assert f'<video controls preload="metadata" src="/video-hoc-tap/{document.pk}/"' in html
    assert "<iframe" not in html
    assert "Bài giảng chuyên đề" in html


def test_a_member_streams_the_video_whole_or_by_ranges(client_for):
    document = video_document()
    _plan_with_video(document)
    member = client_for("member")
    whole = member.get(f"/video-hoc-tap/{document.pk}/")
    assert whole.status_code == 200
    assert whole["Content-Type"] == "video/mp4"
    assert whole["Accept-Ranges"] == "bytes"
    assert whole["X-Content-Type-Options"] == "nosniff"
    assert b"".join(whole.streaming_content) == MP4_BYTES

    part = member.get(f"/video-hoc-tap/{document.pk}/", HTTP_RANGE="bytes=4-11")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 4-11/{len(MP4_BYTES)}"
    assert b"".join(part.streaming_content) == MP4_BYTES[4:12] == b"ftypmp42"

    tail = member.get(f"/video-hoc-tap/{document.pk}/", HTTP_RANGE="bytes=-5")
    assert b"".join(tail.streaming_content) == MP4_BYTES[-5:]
    beyond = member.get(f"/video-hoc-tap/{document.pk}/", HTTP_RANGE=f"bytes={len(MP4_BYTES)}-")
    assert beyond.status_code == 416
    assert beyond["Content-Range"] == f"bytes */{len(MP4_BYTES)}"


def test_webm_is_served_as_webm(client_for):
    document = video_document(WEBM_BYTES, "bai-giang.webm")
    _plan_with_video(document)
    response = client_for("member").get(f"/video-hoc-tap/{document.pk}/")
    assert response["Content-Type"] == "video/webm"


def test_a_video_of_a_secret_plan_is_hidden_from_those_who_may_not_see_it(client_for):
    document = video_document()
    _plan_with_video(document, title="Kế hoạch mật có video", secret_for="Ban Thường vụ Tỉnh ủy")
    assert client_for("member").get(f"/video-hoc-tap/{document.pk}/").status_code == 404
    assert client_for("standing_committee").get(f"/video-hoc-tap/{document.pk}/").status_code == 200
    response = Client(HTTP_HOST="localhost").get(f"/video-hoc-tap/{document.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


def test_the_video_view_serves_videos_only(client_for):
    docx_document = get_document_model().objects.filter(file__endswith=".docx").first()
    assert client_for("member").get(f"/video-hoc-tap/{docx_document.pk}/").status_code == 404
    assert client_for("member").get("/video-hoc-tap/999999/").status_code == 404


def test_the_video_block_refuses_a_document_that_is_not_a_video():
    from django.core.exceptions import ValidationError

    pdf = get_document_model().objects.filter(file__endswith=".docx").first()
    block = VideoBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"video": pdf.pk, "title": "Không phải video"}))
    video = video_document()
    cleaned = block.clean(block.to_python({"video": video.pk, "title": "Video"}))
    assert cleaned["video"].pk == video.pk
