"""Our own help pages: the guides of ``docs/`` shown inside the intranet.

The admin's "Trợ giúp" menu pointed at guide.wagtail.org and docs.wagtail.org, pages outside a
closed network, in English. It now leads here (``home.wagtail_hooks``). The Markdown is ours,
read from the repository and rendered with raw HTML escaped.
"""

from functools import cache
from pathlib import Path

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from markdown_it import MarkdownIt

DOCS = Path(settings.BASE_DIR) / "docs"
# slug -> (file, title, language of the text)
GUIDES = {
    "bien-tap": ("editors.md", _("Hướng dẫn biên tập"), "vi"),
    "quy-trinh-duyet": ("workflows.md", _("Quy trình duyệt và phân quyền"), "en"),
    "van-ban": ("documents.md", _("Văn bản: nhập liệu, hiệu lực"), "en"),
    "tim-kiem": ("search.md", _("Tìm kiếm tiếng Việt"), "en"),
    "hoc-tap": ("study.md", _("Học tập, quán triệt"), "en"),
    "don-vi": ("units.md", _("Đơn vị: tiếp nhận văn bản, thi đua"), "en"),
}


@cache
def _rendered(filename: str) -> str:
    markdown = MarkdownIt("commonmark", {"html": False}).enable("table")
    return markdown.render((DOCS / filename).read_text(encoding="utf-8"))


def guide(request, slug: str):
    if slug not in GUIDES:
        raise Http404
    filename, title, language = GUIDES[slug]
    return render(
        request,
        "help/guide.html",
        {
            "guide_title": title,
            "guide_html": mark_safe(_rendered(filename)),  # raw HTML escaped
            "guide_language": language,
            "guides": [(key, value[1]) for key, value in GUIDES.items()],
            "current": slug,
        },
    )
