"""The body of a document edited as one text (issue 18: a 24-article guidance was 46
blocks to add one by one).

The document's form carries ``full_text``, the body written out as the importer reads it
(``body_parser.blocks_to_text``: "Chương I. ...", "Điều 1. ...", "1. ...", "a) ..."). When
the editor changes that text, it is parsed (``body_parser.parse_body``, the importer's
parser) into the blocks stored in ``body``: the stored format, the anchors (``#dieu-5``),
the table of contents and the search index are exactly those of an imported document. When
the text is left as it was, the blocks are saved as the block editor has them, so nothing
that an editor shaped block by block is rewritten by a round trip through text. Changing
both at once is refused: one of the two edits would be lost.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .body_parser import blocks_to_text, parse_body

HELP = _(
    "Dán hoặc sửa toàn văn ở đây, mỗi phần, chương, điều, khoản, điểm trên một dòng: "
    "“Chương I. NHỮNG QUY ĐỊNH CHUNG”, “Điều 1. Phạm vi điều chỉnh”, “1. ...”, “a) ...”, "
    "“I- MỤC ĐÍCH, YÊU CẦU”; các dòng khác là đoạn văn. Khi lưu, hệ thống tự chia thành "
    "các khối và đặt liên kết cho từng điều (#dieu-5). Muốn sửa từng khối, dùng phần "
    "“Toàn văn theo từng khối” bên dưới và để nguyên ô này."
)


def normalised(text: str) -> str:
    """The text as a browser's textarea sends it back, for comparing: LF line ends, no
    trailing spaces, no blank lines at either end."""
    lines = (line.rstrip() for line in (text or "").replace("\r\n", "\n").split("\n"))
    return "\n".join(lines).strip("\n")


class FullTextBodyMixin(forms.Form):
    """For a page form whose model has ``body`` (``DocumentBodyBlock``)."""

    full_text = forms.CharField(
        label=_("Toàn văn (một ô, tự chia thành điều, khoản)"),
        help_text=HELP,
        required=False,
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "full_text" in self.fields:
            body = getattr(self.instance, "body", None)
            text = blocks_to_text(body.get_prep_value()) if body is not None else ""
            self.fields["full_text"].initial = text
            self.initial["full_text"] = text

    def _full_text_changed(self) -> bool:
        if self.add_prefix("full_text") not in self.data:
            return False  # a form posted without it (a script, an older page): blocks rule
        posted = normalised(self.cleaned_data.get("full_text", ""))
        return posted != normalised(self.initial.get("full_text", ""))

    def clean(self):
        cleaned = super().clean()
        if "full_text" not in self.fields or "body" not in self.fields:
            return cleaned
        if not self._full_text_changed():
            return cleaned
        if self._blocks_changed():
            self.add_error(
                "full_text",
                _(
                    "Bạn đã sửa cả toàn văn trong ô này và từng khối bên dưới; hãy chỉ sửa "
                    "một nơi rồi lưu lại."
                ),
            )
            return cleaned
        stream_block = self.fields["body"].block
        try:
            parsed = stream_block.clean(stream_block.to_python(parse_body(cleaned["full_text"])))
        except ValidationError as error:
            self.add_error("full_text", error.messages)
            return cleaned
        cleaned["body"] = parsed
        return cleaned

    def _blocks_changed(self) -> bool:
        """Whether the blocks posted differ from the stored ones (compared as text, the
        form the two editors share)."""
        body = self.cleaned_data.get("body")
        if body is None:
            return False
        posted = blocks_to_text(body.get_prep_value())
        return normalised(posted) != normalised(self.initial.get("full_text", ""))
