"""StreamField blocks shared by the general pages (news, standard pages, study materials)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Tiêu đề"), required=False)
    text = blocks.RichTextBlock(label=_("Nội dung"), features=["bold", "italic", "link"])

    class Meta:
        icon = "warning"
        label = _("Khung lưu ý")
        template = "components/streamfield/blocks/callout_block.html"
        description = _("Một khung nổi bật để nhắc việc hoặc lưu ý")
        preview_value = {"title": "Lưu ý", "text": "<p>Hạn đăng ký trước ngày 15/3.</p>"}


class AttachmentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Tệp"))
    caption = blocks.CharBlock(label=_("Chú thích"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("Tệp đính kèm")
        template = "components/streamfield/blocks/attachment_block.html"
        description = _("Một tệp tải về (PDF, DOCX)")


class BodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("Tiêu đề mục"),
        form_classname="title",
        template="components/streamfield/blocks/heading_block.html",
        icon="title",
        preview_value="Mục đích, yêu cầu",
        description=_("Tiêu đề một mục của bài"),
    )
    paragraph = blocks.RichTextBlock(
        label=_("Đoạn văn"),
        features=["bold", "italic", "link", "ol", "ul", "h3"],
        icon="pilcrow",
        preview_value="<p>Văn phòng Tỉnh ủy thông báo ...</p>",
        description=_("Văn bản có định dạng"),
    )
    image = ImageBlock(
        label=_("Hình ảnh"),
        template="components/streamfield/blocks/image_block.html",
        description=_("Ảnh với văn bản thay thế"),
    )
    callout = CalloutBlock()
    attachment = AttachmentBlock()

    class Meta:
        block_counts = {}
