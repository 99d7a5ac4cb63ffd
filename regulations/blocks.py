"""Blocks of a Party document's body: the parts of its structured text.

The same blocks are written by editors in the admin and produced by
``body_parser.parse_body`` from imported plain text. Headings carry stable anchors
(``#dieu-5``, ``#chuong-ii``) computed by ``body_parser.assign_anchors``.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class NumberedHeadingBlock(blocks.StructBlock):
    number = blocks.CharBlock(label=_("Số"), max_length=20)
    title = blocks.CharBlock(label=_("Tên"), required=False, max_length=500)

    class Meta:
        abstract = True


class PartBlock(NumberedHeadingBlock):
    class Meta:
        icon = "folder-open-inverse"
        label = _("Phần")
        template = "components/streamfield/document/heading.html"
        description = _("Phần (Phần I, Phần thứ nhất)")
        preview_value = {"number": "I", "title": "NHỮNG VẤN ĐỀ CHUNG"}
        form_classname = "struct-block document-part"


class ChapterBlock(NumberedHeadingBlock):
    class Meta:
        icon = "folder-inverse"
        label = _("Chương")
        template = "components/streamfield/document/heading.html"
        description = _("Chương (Chương I, II ...)")
        preview_value = {"number": "I", "title": "NHỮNG QUY ĐỊNH CHUNG"}


class SectionBlock(NumberedHeadingBlock):
    class Meta:
        icon = "folder"
        label = _("Mục")
        template = "components/streamfield/document/heading.html"
        description = _("Mục trong một chương")
        preview_value = {"number": "1", "title": "Chế độ hội nghị"}


class ArticleBlock(NumberedHeadingBlock):
    class Meta:
        icon = "title"
        label = _("Điều")
        template = "components/streamfield/document/heading.html"
        description = _("Điều (có liên kết riêng #dieu-N)")
        preview_value = {"number": "1", "title": "Phạm vi điều chỉnh"}


class GuidanceHeadingBlock(NumberedHeadingBlock):
    class Meta:
        icon = "list-ol"
        label = _("Mục La Mã (I-, II-)")
        template = "components/streamfield/document/heading.html"
        description = _("Mục lớn của hướng dẫn, kế hoạch, thông tri (I-, II-)")
        preview_value = {"number": "I", "title": "MỤC ĐÍCH, YÊU CẦU"}


class NumberedTextBlock(blocks.StructBlock):
    number = blocks.CharBlock(label=_("Số"), max_length=20)
    text = blocks.TextBlock(label=_("Nội dung"))

    class Meta:
        abstract = True


class ClauseBlock(NumberedTextBlock):
    class Meta:
        icon = "list-ol"
        label = _("Khoản")
        template = "components/streamfield/document/clause.html"
        description = _("Khoản (1., 2.) hoặc ý (1-, 2-)")
        preview_value = {"number": "1", "text": "Bảo đảm nguyên tắc tập trung dân chủ."}


class PointBlock(NumberedTextBlock):
    class Meta:
        icon = "list-ul"
        label = _("Điểm")
        template = "components/streamfield/document/point.html"
        description = _("Điểm (a), b))")
        preview_value = {"number": "a", "text": "Tổ chức học tập nghị quyết."}


class DocumentBodyBlock(blocks.StreamBlock):
    part = PartBlock()
    chapter = ChapterBlock()
    section = SectionBlock()
    article = ArticleBlock()
    heading = GuidanceHeadingBlock()
    clause = ClauseBlock()
    point = PointBlock()
    paragraph = blocks.TextBlock(
        label=_("Đoạn văn"),
        icon="pilcrow",
        template="components/streamfield/document/paragraph.html",
        description=_("Đoạn văn thường (căn cứ, nội dung, nơi nhận)"),
        preview_value="Căn cứ Điều lệ Đảng Cộng sản Việt Nam;",
    )
