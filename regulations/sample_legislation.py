"""Real-shaped Vietnamese codes of law (issue 19), for the tests of the body parser, search and
the document page, and for ``manage.py bench_document_page``.

The texts are assembled from the patterns of published codes (Bộ luật Dân sự 2015, Bộ luật
Lao động 2019, Bộ luật Hình sự 2015, as printed on vbpl.vn and thuvienphapluat.vn): a header
block (issuer, national motto, "Số: ...", place and date), the title, a preamble ("Căn cứ
..."), parts ("Phần thứ nhất:NHỮNG QUY ĐỊNH CHUNG", with no space after the colon, as
printed), chapters ("Chương I:ĐIỀU KHOẢN CƠ BẢN", or "Chương II" with its title on the next
line), sections ("Mục 1. ..."), articles, clauses ("1. ..."), points ("a) ...", "đ) ..."),
dashes, and the sentences that only look like headings ("Điều 32 của Bộ luật này ...",
"Phần vốn góp ...", "Chương trình ...", "Mục tiêu ...", "2025 là năm ...", "1/2 số ...").

The wording is repetitive but every sentence is one a code could hold. A ``Code`` knows the
article numbers it printed, gaps included (a consolidated text keeps the numbers of repealed
articles out), so a test compares the parser's count with what was written.
Pure Python: nothing here touches the database.
"""

import itertools
from dataclasses import dataclass, field

SUBJECTS = [
    "quyền sở hữu", "hợp đồng", "thừa kế", "nghĩa vụ dân sự", "giao dịch dân sự",
    "người lao động", "người sử dụng lao động", "tiền lương", "thời giờ làm việc",
    "kỷ luật lao động", "an toàn, vệ sinh lao động", "bảo hiểm xã hội", "tranh chấp lao động",
    "trách nhiệm hình sự", "hình phạt", "biện pháp tư pháp", "án treo", "tài sản",
    "đại diện", "thời hiệu", "bồi thường thiệt hại", "quyền nhân thân", "pháp nhân",
]  # fmt: skip
ACTORS = [
    "Cơ quan, tổ chức, cá nhân", "Người sử dụng lao động", "Người lao động", "Tòa án",
    "Viện kiểm sát", "Cơ quan điều tra", "Ủy ban nhân dân cấp tỉnh", "Bộ Lao động - Thương binh "
    "và Xã hội", "Chính phủ", "Pháp nhân thương mại",
]  # fmt: skip
VERBS = [
    "có quyền yêu cầu", "có nghĩa vụ thực hiện", "phải chịu trách nhiệm về", "được bảo đảm",
    "không được lợi dụng", "có trách nhiệm hướng dẫn", "được ưu tiên áp dụng quy định về",
]  # fmt: skip
POINT_LETTERS = ["a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n"]
ROMAN = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV",
    "XV", "XVI", "XVII", "XVIII", "XIX", "XX", "XXI", "XXII", "XXIII", "XXIV", "XXV", "XXVI",
    "XXVII", "XXVIII", "XXIX", "XXX", "XXXI", "XXXII", "XXXIII", "XXXIV", "XXXV", "XXXVI",
]  # fmt: skip
ORDINALS = ["thứ nhất", "thứ hai", "thứ ba", "thứ tư", "thứ năm", "thứ sáu"]
# Lines inside an article that start like a heading but are sentences.
LOOKALIKES = [
    "Điều {ref} của Bộ luật này được áp dụng tương tự đối với trường hợp quy định tại khoản này.",
    "Phần vốn góp của thành viên được xác định theo thỏa thuận và quy định của pháp luật.",
    "Chương trình, kế hoạch thực hiện do Chính phủ quy định chi tiết.",
    "Mục tiêu của việc áp dụng là bảo đảm quyền và lợi ích hợp pháp của các bên.",
    "2025 là năm đầu tiên áp dụng mức lương tối thiểu mới theo quy định này.",
    "1/2 số thành viên Hội đồng trở lên đồng ý thì quyết định được thông qua.",
    "30/6/2025 là thời hạn cuối cùng để các bên hoàn thành việc đăng ký.",
    "Điều lệ của tổ chức không được trái với quy định của Bộ luật này.",
]


@dataclass
class Code:
    """A generated code: its text and what it printed."""

    title: str
    number: str
    text: str = ""
    articles: list[str] = field(default_factory=list)  # printed numbers, in order
    chapters: list[str] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    sections: int = 0
    clauses: int = 0
    points: int = 0
    lookalikes: list[str] = field(default_factory=list)  # sentences that look like headings

    @property
    def size(self) -> int:
        return len(self.text.encode("utf-8"))


def _sentence(n: int) -> str:
    subject = SUBJECTS[n % len(SUBJECTS)]
    actor = ACTORS[(n * 7) % len(ACTORS)]
    verb = VERBS[(n * 3) % len(VERBS)]
    tail = " và quy định khác của pháp luật có liên quan" if n % 3 == 0 else ""
    return f"{actor} {verb} {subject} theo quy định của Bộ luật này{tail}"


def _article(code: Code, lines: list[str], number: str, serial: int, extra: int = 0) -> None:
    subject = SUBJECTS[serial % len(SUBJECTS)]
    title = f"{subject[0].upper()}{subject[1:]} trong trường hợp thứ {serial}"
    lines.append(f"Điều {number}. {title}")
    code.articles.append(number)
    shape = serial % 4
    for more in range(extra):  # wordier codes: explanations before the clauses
        lines.append(f"Trường hợp {_sentence(serial + more).lower()} thì áp dụng khoản này.")
    if shape == 0:  # a plain paragraph
        lines.append(_sentence(serial) + ".")
        return
    for clause in range(1, 2 + serial % 3):
        lines.append(f"{clause}. {_sentence(serial + clause)}:")
        code.clauses += 1
        if shape == 2 and clause == 1:
            for letter in POINT_LETTERS[: 2 + (serial + clause) % 5]:
                lines.append(f"{letter}) {_sentence(serial * clause + len(letter))};")
                code.points += 1
        if shape == 3 and clause == 2:
            lines.append("- " + _sentence(serial + 11) + ";")
            lines.append("+ " + _sentence(serial + 13) + ".")
    if serial % 5 == 0:
        lookalike = LOOKALIKES[serial % len(LOOKALIKES)].format(ref=max(1, serial // 2))
        lines.append(lookalike)
        code.lookalikes.append(lookalike)


def build_code(
    *,
    title: str,
    number: str,
    issuer: str,
    date_line: str,
    articles: int,
    parts: int = 0,
    chapters: int = 20,
    sections_every: int = 3,
    gaps: tuple[int, ...] = (),
    inline_titles: bool = True,
    extra: int = 0,
) -> Code:
    """A code of ``articles`` articles (numbers in ``gaps`` left out, so the last printed
    number is higher), in ``parts`` parts (0: none) of ``chapters`` chapters, every
    ``sections_every``-th chapter in sections. ``inline_titles``: "Chương I:TITLE" (no space,
    as printed) rather than the title on the next line; ``extra``: more lines per article."""
    code = Code(title=title, number=number)
    lines = [
        issuer.upper(),
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        f"{'Bộ luật' if title.startswith('Bộ luật') else 'Luật'} số: {number}",
        date_line,
        title.split(" ", 2)[0].upper() + " " + title.split(" ", 2)[1].upper(),
        title.split(" ", 2)[2].upper(),
        "Căn cứ Hiến pháp nước Cộng hòa xã hội chủ nghĩa Việt Nam;",
        f"Quốc hội ban hành {title}.",
    ]
    numbers = (str(n) for n in itertools.count(1) if n not in gaps)
    per_chapter = -(-articles // chapters)
    chapters_per_part = -(-chapters // parts) if parts else chapters
    serial = 0
    for chapter in range(chapters):
        if parts and chapter % chapters_per_part == 0:
            ordinal = ORDINALS[chapter // chapters_per_part]
            part_title = (
                "NHỮNG QUY ĐỊNH CHUNG" if chapter == 0 else f"QUY ĐỊNH VỀ {ordinal.upper()}"
            )
            lines.append(f"Phần {ordinal}:{part_title}")
            code.parts.append(ordinal)
        roman = ROMAN[chapter]
        chapter_title = "ĐIỀU KHOẢN CƠ BẢN" if chapter == 0 else f"QUY ĐỊNH CỤ THỂ NHÓM {roman}"
        if inline_titles:
            lines.append(f"Chương {roman}:{chapter_title}")
        else:
            lines += [f"Chương {roman}", chapter_title]
        code.chapters.append(roman)
        in_sections = chapter % sections_every == 1
        for index in range(per_chapter):
            if serial == articles:
                break
            if in_sections and index % 4 == 0:
                lines.append(
                    f"Mục {index // 4 + 1}. QUY ĐỊNH VỀ {SUBJECTS[index % len(SUBJECTS)].upper()}"
                )
                code.sections += 1
            serial += 1
            _article(code, lines, next(numbers), serial, extra)
    lines += [
        f"{title} này đã được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam thông qua.",
        "CHỦ TỊCH QUỐC HỘI",
    ]
    code.text = "\n".join(lines)
    return code


def civil_code() -> Code:
    """Like Bộ luật Dân sự 2015: 689 articles in 6 parts and 27 chapters, about 360 KB."""
    return build_code(
        title="Bộ luật Dân sự",
        number="91/2015/QH13",
        issuer="Quốc hội",
        date_line="Hà Nội, ngày 24 tháng 11 năm 2015",
        articles=689,
        parts=6,
        chapters=27,
        gaps=(157, 158, 400),
    )


def labour_code() -> Code:
    """Like Bộ luật Lao động 2019: 220 articles in 17 chapters (titles on the next line),
    longer articles: about 250 KB."""
    return build_code(
        title="Bộ luật Lao động",
        number="45/2019/QH14",
        issuer="Quốc hội",
        date_line="Hà Nội, ngày 20 tháng 11 năm 2019",
        articles=220,
        chapters=17,
        sections_every=2,
        inline_titles=False,
        extra=4,
    )


def criminal_code() -> Code:
    """Like Bộ luật Hình sự 2015: 426 articles in 2 parts and 26 chapters, about 220 KB."""
    return build_code(
        title="Bộ luật Hình sự",
        number="100/2015/QH13",
        issuer="Quốc hội",
        date_line="Hà Nội, ngày 27 tháng 11 năm 2015",
        articles=426,
        parts=2,
        chapters=26,
        gaps=(5, 6, 300),
    )


def long_code() -> Code:
    """A code near the top of the range, about 480 KB with 700 articles in 6 parts and
    35 chapters (wordier articles, like the consolidated Bộ luật Dân sự with its annexes)."""
    return build_code(
        title="Bộ luật Hàng hải thử nghiệm",
        number="95/2015/QH13",
        issuer="Quốc hội",
        date_line="Hà Nội, ngày 25 tháng 11 năm 2015",
        articles=700,
        parts=6,
        chapters=35,
        gaps=(12, 13),
        extra=1,
    )
