"""Document pages, the library index, its feeds and secrecy, through the real views."""

import re
from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from regulations.choices import Validity
from regulations.models import DocumentRelation, PartyDocumentPage

from .library_helpers import LIBRARY_URL, admin_publish, doc_line, import_lines

pytestmark = pytest.mark.django_db

SECRET_NUMBER = "105-KL/TU"
SECRET_TITLE = "phương án nhân sự Ban Chấp hành Đảng bộ tỉnh khóa XX"
SECRET_MARKERS = (SECRET_NUMBER, SECRET_TITLE, "HẢI-ĐĂNG-719", "105-kl-tu")


def _doc(number, year=None):
    documents = PartyDocumentPage.objects.filter(number=number)
    if year is not None:
        documents = documents.filter(issued_on__year=year)
    return documents.get().specific


def _html(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def _relation_rows(html):
    """(label, text of the document cell) of each row of the "Văn bản liên quan" table."""
    section = html.split('id="relations-heading"', 1)[1]
    rows = re.findall(r"<tr>\s*<td>(.*?)</td>\s*<td>(.*?)</td>", section, re.S)
    return [(label.strip(), re.sub(r"<[^>]+>", "", cell).strip()) for label, cell in rows]


def _assert_no_secret(html):
    for marker in SECRET_MARKERS:
        assert marker not in html, marker


# --------------------------------------------------------------------------------------------
# Structure: anchors and table of contents


def test_regulation_page_has_anchors_and_table_of_contents(client_for):
    page = _doc("01-QC/TU")
    html = _html(client_for("member"), page.url)
    assert 'id="chuong-ii"' in html
    assert 'id="dieu-3"' in html
    toc = html.split('id="toc-heading"', 1)[1].split("</nav>", 1)[0]
    assert 'href="#dieu-3"' in toc
    assert 'href="#chuong-ii"' in toc
    assert "Chương II. TRÁCH NHIỆM, QUYỀN HẠN" in toc
    # Every link of the table of contents has its target on the page.
    for anchor in re.findall(r'href="#([^"]+)"', toc):
        assert f'id="{anchor}"' in html, anchor
    # The article heading itself links to its anchor ("#dieu-3"), for sharing "Điều 3".
    assert re.search(r'id="dieu-3".*?href="#dieu-3"', html, re.S)
    assert "Điều 3." in html and "Tỉnh ủy" in html


def test_guidance_headings_get_anchors(client_for):
    html = _html(client_for("member"), _doc("12-HD/VPTU").url)
    assert 'id="muc-i"' in html and 'href="#muc-i"' in html


# --------------------------------------------------------------------------------------------
# Relations, both directions


def test_relations_are_shown_on_both_sides(client_for):
    member = client_for("member")
    source, target = _doc("02-QC/UBKTTU"), _doc("01-QC/TU")
    source_html = _html(member, source.url)
    assert ("Căn cứ", f"01-QC/TU – {target.title}") in _relation_rows(source_html)
    assert f'href="{target.url}"' in source_html
    target_html = _html(member, target.url)
    assert ("Là căn cứ của", f"02-QC/UBKTTU – {source.title}") in _relation_rows(target_html)
    assert f'href="{source.url}"' in target_html
    # The 2015 rules it replaces are not in the library: the number is kept, marked as such,
    # with its date and "another document of the same number" (issue 18: it read as
    # "01-QC/TU replaces 01-QC/TU").
    assert (
        "Thay thế",
        "01-QC/TU ngày 08/12/2015 (văn bản khác cùng số hiệu, chưa có trong thư viện)",
    ) in _relation_rows(target_html)


def test_amended_document_says_so(tmp_path, client_for):
    """2410-QĐ/TU amends 20-QC/TU, which arrives later; 03-HD/HĐTĐKT guides it."""
    line = doc_line(
        "20-QC/TU",
        "2022-08-10",
        doc_type="QC",
        kind="regulation",
        title="Quy chế thi đua, khen thưởng trong Đảng bộ tỉnh Nghệ An",
        effective_on="2022-08-10",
        body="Chương I. QUY ĐỊNH CHUNG\nĐiều 1. Phạm vi điều chỉnh\nĐiều 2. Đối tượng áp dụng",
    )
    _stdout, stderr, error = import_lines(tmp_path, [line])
    assert error is None, stderr
    amended, amending = _doc("20-QC/TU"), _doc("2410-QĐ/TU")
    assert amended.validity == Validity.IN_FORCE  # amended, still in force
    member = client_for("member")
    html = _html(member, amended.url)
    assert "Văn bản này đã được sửa đổi, bổ sung bởi" in html
    notice = html.split("đã được sửa đổi, bổ sung bởi", 1)[1].split("</p>", 1)[0]
    assert f'href="{amending.url}"' in notice and "2410-QĐ/TU" in notice and "08/10/2024" in notice
    rows = _relation_rows(html)
    assert ("Được sửa đổi bởi", f"2410-QĐ/TU – {amending.title}") in rows
    assert any(label == "Được hướng dẫn bởi" and "03-HD/HĐTĐKT" in cell for label, cell in rows)
    assert "không còn hiệu lực" not in html
    assert "Còn hiệu lực" in html
    amending_html = _html(member, amending.url)
    assert ("Sửa đổi", f"20-QC/TU – {amended.title}") in _relation_rows(amending_html)
    assert "chưa có trong thư viện" not in amending_html


# --------------------------------------------------------------------------------------------
# Validity


def test_validity_follows_dates(tmp_path, client_for):
    today = timezone.localdate()
    lines = [
        doc_line(
            "91-QĐi/TU",
            (today - timedelta(days=3)).isoformat(),
            doc_type="QĐi",
            kind="regulation",
            effective_on=(today + timedelta(days=30)).isoformat(),
        ),
        doc_line(
            "92-QĐi/TU",
            "2019-01-02",
            doc_type="QĐi",
            kind="regulation",
            effective_on="2019-01-02",
            expires_on="2021-12-31",
        ),
        doc_line("93-QĐi/TU", "2023-03-03", doc_type="QĐi", kind="regulation"),
    ]
    _stdout, stderr, error = import_lines(tmp_path, lines)
    assert error is None, stderr
    member = client_for("member")
    expected = {
        "91-QĐi/TU": "Chưa có hiệu lực",
        "92-QĐi/TU": "Hết hiệu lực toàn bộ",
        "93-QĐi/TU": "Còn hiệu lực",
    }
    for number, label in expected.items():
        html = _html(member, _doc(number).url)
        badge = re.search(r'<span class="badge validity[^"]*">([^<]+)</span>', html)
        assert badge and badge.group(1) == label, number


def test_validity_changes_when_the_dates_arrive(tmp_path, client_for, monkeypatch):
    """A document stored as "not yet in force" is in force once its day comes (no re-save)."""
    from django.core.cache import cache

    cache.clear()  # the check runs once a day; each day below is a new one
    today = timezone.localdate()
    lines = [
        doc_line(
            "94-QĐi/TU",
            today.isoformat(),
            doc_type="QĐi",
            kind="regulation",
            effective_on=(today + timedelta(days=10)).isoformat(),
            expires_on=(today + timedelta(days=20)).isoformat(),
        )
    ]
    import_lines(tmp_path, lines)
    page = _doc("94-QĐi/TU")
    assert page.validity == Validity.NOT_YET
    member = client_for("member")
    later = today + timedelta(days=15)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: later)
    html = _html(member, page.url)
    assert "Còn hiệu lực" in html and "Chưa có hiệu lực" not in html
    listing = _html(member, f"{LIBRARY_URL}?validity=in_force")
    assert "94-QĐi/TU" in listing
    much_later = today + timedelta(days=25)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: much_later)
    html = _html(member, page.url)
    assert "Hết hiệu lực toàn bộ" in html
    assert "94-QĐi/TU" in _html(member, f"{LIBRARY_URL}?validity=expired")


def test_editor_override_of_validity_wins(client_for):
    """Through the Wagtail admin: the override needs a reason, then shows with it."""
    admin = client_for("administrator")
    page = _doc("12-TT/TU")
    assert page.validity == Validity.IN_FORCE

    response = admin_publish(admin, page, validity_override=Validity.NOT_APPLICABLE)
    assert response.status_code == 200  # the form comes back with an error
    assert "Hãy ghi lý do khi ghi đè tình trạng hiệu lực." in response.content.decode()
    page.refresh_from_db()
    assert page.validity == Validity.IN_FORCE

    reason = "Nội dung đã được thay bằng Quy định số 144-QĐ/TW của Bộ Chính trị."
    response = admin_publish(
        admin,
        page,
        validity_override=Validity.NOT_APPLICABLE,
        validity_override_reason=reason,
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    page.refresh_from_db()
    assert page.validity == Validity.NOT_APPLICABLE
    html = _html(client_for("member"), page.url)
    assert "Không còn phù hợp" in html
    assert reason in html
    assert "12-TT/TU" in _html(client_for("member"), f"{LIBRARY_URL}?validity=not_applicable")


def test_override_wins_over_relations(tmp_path, client_for):
    old_rules = doc_line("01-QC/TU", "2015-12-08", doc_type="QC", kind="regulation")
    import_lines(tmp_path, [old_rules])
    old = _doc("01-QC/TU", 2015)
    assert old.validity == Validity.EXPIRED
    admin = client_for("administrator")
    response = admin_publish(
        admin,
        old,
        validity_override=Validity.PARTLY_EXPIRED,
        validity_override_reason="Điều 12 vẫn áp dụng đến hết nhiệm kỳ.",
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.validity == Validity.PARTLY_EXPIRED
    html = _html(client_for("member"), old.url)
    assert "Hết hiệu lực một phần" in html and "Điều 12 vẫn áp dụng" in html


def test_admin_edit_keeps_resolved_relations(tmp_path, client_for):
    """Editing the replacing document must not cut the link found after it was published."""
    import_lines(tmp_path, [doc_line("01-QC/TU", "2015-12-08", doc_type="QC", kind="regulation")])
    old, current = _doc("01-QC/TU", 2015), _doc("01-QC/TU", 2020)
    assert old.validity == Validity.EXPIRED
    response = admin_publish(client_for("administrator"), current, signer="Thái Thanh Quý")
    assert response.status_code == 302
    relation = DocumentRelation.objects.get(source=current)
    assert relation.target_id == old.pk
    old.refresh_from_db()
    assert old.validity == Validity.EXPIRED
    assert "Bị thay thế bởi" in _html(client_for("member"), old.url)


# --------------------------------------------------------------------------------------------
# The library index


def _option_counts(html, name):
    select = html.split(f'name="{name}"', 1)[1].split("</select>", 1)[0]
    return {
        value: int(count)
        for value, count in re.findall(
            r'<option value="([^"]+)"[^>]*>[^<]*\((\d+)\)</option>', select
        )
    }


def _listed_numbers(html):
    table = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in html else ""
    cell = r'<td class="nowrap" data-label="[^"]+"><a href="[^"]+">([^<]+)</a></td>'
    return re.findall(cell, table)


def test_library_lists_filters_and_counts(client_for):
    member = client_for("member")
    html = _html(member, LIBRARY_URL)
    assert "24 văn bản" in html  # the secret one is not counted (19 Party, 5 state documents)
    types = _option_counts(html, "type")
    assert types["HD"] == 6 and types["QC"] == 3 and types["NQ"] == 2
    assert "KL" not in types
    assert sum(types.values()) == 24
    issuers = _option_counts(html, "issuer")
    assert issuers["VPTU"] == 3 and issuers["UBKTTU"] == 1
    assert issuers["TU"] == 11  # 12 with the secret one
    years = _option_counts(html, "year")
    assert years["2025"] == 3 and years["2024"] == 5
    fields = _option_counts(html, "field")
    assert fields["Thi đua - khen thưởng"] == 3  # with Luật Thi đua, khen thưởng
    validity = _option_counts(html, "validity")
    # The working regulations of the 2020-2025 term and a district's 2019 guidance have
    # ended (issue 18: the demo showed every document in force).
    assert validity == {"in_force": 21, "expired": 3}

    filtered = _html(member, f"{LIBRARY_URL}?type=HD&issuer=VPTU")
    assert "2 văn bản" in filtered
    assert set(_listed_numbers(filtered)) == {"12-HD/VPTU", "24-HD/VPTU"}
    # Counts of one filter take the other filters into account.
    assert _option_counts(filtered, "type")["HD"] == 2
    assert _option_counts(filtered, "type")["CV"] == 1
    assert _option_counts(filtered, "issuer")["BTCTU"] == 2

    by_year = _html(member, f"{LIBRARY_URL}?year=2021")
    assert set(_listed_numbers(by_year)) == {"05-KH/TU", "01-NQ/TU"}
    by_field = _html(member, f"{LIBRARY_URL}?field=Chuyển đổi số")
    assert set(_listed_numbers(by_field)) == {"17-QC/TU", "1690-CV/VPTU"}
    ended = _html(member, f"{LIBRARY_URL}?validity=expired")
    assert set(_listed_numbers(ended)) == {"01-QC/TU", "02-QC/UBKTTU", "18-HD/HU"}
    assert "Không có văn bản nào" in _html(member, f"{LIBRARY_URL}?year=abc")


def test_library_sorts_by_date_and_number(client_for):
    member = client_for("member")
    newest = _listed_numbers(_html(member, LIBRARY_URL))
    assert newest[:3] == ["2298-CV/TU", "24-HD/VPTU", "61-HD/BTCTU"]
    oldest = _listed_numbers(_html(member, f"{LIBRARY_URL}?sort=issued_on"))
    assert oldest[:3] == ["29/2018/QH14", "18-HD/HU", "45/2019/QH14"]
    everything = newest + _listed_numbers(_html(member, f"{LIBRARY_URL}?page=2"))
    assert len(everything) == 24 and oldest == list(reversed(everything))[:20]
    by_number = _listed_numbers(_html(member, f"{LIBRARY_URL}?sort=number"))
    assert by_number[0] == "01-NQ/TU"
    assert by_number == sorted(
        by_number, key=lambda n: PartyDocumentPage.objects.get(number=n).number_key
    )
    # An unknown sort falls back to the newest first.
    assert _listed_numbers(_html(member, f"{LIBRARY_URL}?sort=drop table")) == newest


def test_library_paginates(tmp_path, client_for):
    lines = [
        doc_line(
            f"{n}-TB/VPTU",
            f"2023-01-{n:02d}",
            doc_type="TB",
            issuer="Văn phòng Tỉnh ủy",
            issuer_code="VPTU",
        )
        for n in range(1, 26)
    ]
    _stdout, stderr, error = import_lines(tmp_path, lines)
    assert error is None, stderr
    member = client_for("member")
    first = _html(member, LIBRARY_URL)
    assert "49 văn bản" in first
    assert "Trang 1/3" in first
    assert len(_listed_numbers(first)) == 20
    assert 'rel="next"' in first and "page=2" in first
    third = _html(member, f"{LIBRARY_URL}?page=3")
    assert len(_listed_numbers(third)) == 9
    seen = [*_listed_numbers(first), *_listed_numbers(_html(member, f"{LIBRARY_URL}?page=2"))]
    seen += _listed_numbers(third)
    assert len(seen) == len(set(seen)) == 49
    # Filters stay in the pagination links.
    filtered = _html(member, f"{LIBRARY_URL}?type=TB&sort=number")
    assert "25 văn bản" in filtered and "Trang 1/2" in filtered
    assert "type=TB&amp;" in filtered and "sort=number&amp;" in filtered
    second = _html(member, f"{LIBRARY_URL}?type=TB&sort=number&page=2")
    assert len(_listed_numbers(second)) == 5
    assert _html(member, f"{LIBRARY_URL}?page=99").count("<tr>") > 1  # the last page


def test_feeds_list_documents(client_for):
    member = client_for("member")
    rss = member.get(f"{LIBRARY_URL}rss/")
    assert rss.status_code == 200
    assert rss["Content-Type"].startswith("application/rss+xml")
    channel = ElementTree.fromstring(rss.content).find("channel")
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert len(titles) == 24
    assert titles[0].startswith("2298-CV/TU – ")
    links = [item.findtext("link") for item in channel.findall("item")]
    assert all("/van-ban/" in link for link in links)

    atom = member.get(f"{LIBRARY_URL}atom/")
    assert atom.status_code == 200
    assert atom["Content-Type"].startswith("application/atom+xml")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = ElementTree.fromstring(atom.content).findall("a:entry", ns)
    assert len(entries) == 24
    assert entries[0].findtext("a:title", namespaces=ns).startswith("2298-CV/TU")
    html = _html(member, LIBRARY_URL)
    assert 'type="application/rss+xml"' in html and 'type="application/atom+xml"' in html


def test_feeds_need_login():
    from django.test import Client

    anonymous = Client(HTTP_HOST="localhost")
    response = anonymous.get(f"{LIBRARY_URL}rss/")
    assert response.status_code == 302
    _assert_no_secret(response.content.decode())


# --------------------------------------------------------------------------------------------
# The secret document


def test_secret_document_page_is_404_for_members_200_for_its_group(client_for):
    page = _doc(SECRET_NUMBER)
    response = client_for("member").get(page.url)
    assert response.status_code == 404
    html = response.content.decode()
    assert SECRET_NUMBER not in html and SECRET_TITLE not in html and "HẢI-ĐĂNG" not in html
    html = _html(client_for("standing_committee"), page.url)
    assert SECRET_NUMBER in html and "Tối mật" in html
    # Other signed-in staff outside the group do not see it either.
    for role in ("editor", "reviewer", "unit_editor"):
        assert client_for(role).get(page.url).status_code == 404, role


def test_secret_document_is_absent_from_every_listing_for_members(client_for):
    member = client_for("member")
    urls = [
        LIBRARY_URL,
        f"{LIBRARY_URL}?type=KL",
        f"{LIBRARY_URL}?year=2025",
        f"{LIBRARY_URL}?issuer=TU&sort=number",
        f"{LIBRARY_URL}?field=Công tác tổ chức - cán bộ",
        f"{LIBRARY_URL}rss/",
        f"{LIBRARY_URL}atom/",
        "/",
        _doc("61-HD/BTCTU").url,
    ]
    for url in urls:
        _assert_no_secret(_html(member, url))
    assert "0 văn bản" in _html(member, f"{LIBRARY_URL}?type=KL")
    assert _option_counts(_html(member, f"{LIBRARY_URL}?year=2025"), "year") == {
        "2025": 3,
        "2024": 5,
        "2023": 4,
        "2022": 3,
        "2021": 2,
        "2020": 4,
        "2019": 2,
        "2018": 1,
    }


def test_secret_document_is_listed_for_its_group(client_for):
    committee = client_for("standing_committee")
    html = _html(committee, LIBRARY_URL)
    assert "25 văn bản" in html and SECRET_NUMBER in html
    assert _option_counts(html, "type")["KL"] == 1
    assert _option_counts(html, "year")["2025"] == 4
    assert SECRET_NUMBER in _html(committee, f"{LIBRARY_URL}rss/")
    assert SECRET_NUMBER in _html(committee, f"{LIBRARY_URL}atom/")
    assert SECRET_NUMBER in _html(committee, "/")


def test_relations_to_the_secret_document_are_hidden_from_members(tmp_path, client_for):
    """61-HD/BTCTU is the basis of 105-KL/TU; a new public notice cites 105-KL/TU.

    The notice's own citation reads to members exactly as a citation of a document not in
    the library (issue 17: hiding it, while a missing one shows, told that it exists); the
    secret document's title, address and link never show."""
    line = doc_line(
        "95-TB/TU",
        "2025-07-10",
        doc_type="TB",
        title="Thông báo lịch làm việc tháng 7",
        relations=[
            {"type": "cites", "number": SECRET_NUMBER, "issued_on": "2025-06-24"},
            {"type": "based_on", "number": "01-QC/TU", "issued_on": "2020-11-16"},
        ],
    )
    _stdout, stderr, error = import_lines(tmp_path, [line])
    assert error is None, stderr
    notice, basis = _doc("95-TB/TU"), _doc("61-HD/BTCTU")
    assert DocumentRelation.objects.get(source=notice, relation_type="cites").target.number == (
        SECRET_NUMBER
    )
    member, committee = client_for("member"), client_for("standing_committee")

    notice_html = _html(member, notice.url)
    cited_as_missing = f'{SECRET_NUMBER} <span class="muted">(chưa có trong thư viện)</span>'
    assert cited_as_missing in notice_html
    _assert_no_secret(notice_html.replace(cited_as_missing, ""))
    assert [label for label, _cell in _relation_rows(notice_html)] == ["Dẫn chiếu", "Căn cứ"]
    basis_html = _html(member, basis.url)
    _assert_no_secret(basis_html)
    assert "Là căn cứ của" not in basis_html

    assert SECRET_NUMBER in _html(committee, notice.url)
    committee_rows = _relation_rows(_html(committee, basis.url))
    assert any(label == "Là căn cứ của" and SECRET_NUMBER in cell for label, cell in committee_rows)


def test_secret_document_replacing_a_public_one_does_not_show_itself(tmp_path, client_for):
    line = doc_line(
        "96-KL/TU",
        "2025-07-11",
        doc_type="KL",
        title="Kết luận mật thay thế chương trình kiểm tra",
        confidentiality="Mật",
        restricted_to=["Ban Thường vụ Tỉnh ủy"],
        relations=[{"type": "replaces", "number": "46-CTr/TU", "issued_on": "2024-01-08"}],
    )
    _stdout, stderr, error = import_lines(tmp_path, [line])
    assert error is None, stderr
    html = _html(client_for("member"), _doc("46-CTr/TU").url)
    assert "96-KL/TU" not in html and "Kết luận mật thay thế" not in html
    assert "Bị thay thế bởi" not in html
