"""The blocks of study materials: the shared body blocks plus a video played on the page.

Videos are files uploaded to the media library (MP4 or WebM, checked by content), played by
the browser's own ``<video>`` element from ``study.media.serve_video``, which applies the
same visibility rule as every other file: no external player, no third-party host.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock

from core.blocks import BodyBlock
from core.files.uploads import VIDEO_TYPES


class VideoBlock(blocks.StructBlock):
    video = DocumentChooserBlock(
        label=_("Tệp video (MP4, WebM)"),
        help_text=_("Tải tệp video lên thư viện tài liệu rồi chọn ở đây."),
    )
    title = blocks.CharBlock(label=_("Tiêu đề video"))
    transcript = blocks.RichTextBlock(
        label=_("Tóm tắt nội dung, lời thoại"),
        features=["bold", "italic", "ol", "ul"],
        required=False,
        help_text=_("Cho người không xem hoặc không nghe được video; cũng được dùng để tìm kiếm."),
    )

    class Meta:
        icon = "media"
        label = _("Video")
        template = "components/streamfield/blocks/video_block.html"
        description = _("Một video tải lên thư viện, xem ngay trên trang")

    def clean(self, value):
        value = super().clean(value)
        document = value.get("video")
        if document is not None and document.file_extension.lower() not in VIDEO_TYPES:
            raise StructBlockValidationError(
                block_errors={"video": ValidationError(_("Hãy chọn một tệp video MP4 hoặc WebM."))}
            )
        return value


class StudyBodyBlock(BodyBlock):
    """Rich text, headings, images, callouts, attachments (the materials) and videos."""

    video = VideoBlock()
