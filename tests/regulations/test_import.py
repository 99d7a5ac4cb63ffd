"""The ``import_documents`` command, end to end: the database, its output and the pages it makes."""

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import PageViewRestriction, Revision

from regulations.choices import Validity
from regulations.models import DocumentRelation, Issuer, PartyDocumentPage, RegulationPage

from .library_helpers import DEMO_DOCUMENTS, LIBRARY_URL, doc_line, import_lines, run_import

pytestmark = pytest.mark.django_db

MAIN = Path(__file__).resolve().parents[2]


def _counts():
    return {
        "pages": PartyDocumentPage.objects.count(),
        "relations": DocumentRelation.objects.count(),
        "issuers": Issuer.objects.count(),
        "groups": Group.objects.count(),
        "revisions": Revision.objects.count(),
        "restrictions": PageViewRestriction.objects.count(),
        "rules_validity": PartyDocumentPage.objects.filter(number="01-QC/TU", issued_on__year=2020)
        .values_list("validity", flat=True)
        .first(),
    }


def _doc(number, year=None):
    documents = PartyDocumentPage.objects.filter(number=number)
    if year is not None:
        documents = documents.filter(issued_on__year=year)
    return documents.get().specific


# --------------------------------------------------------------------------------------------
# Importing the samples again


def test_importing_the_samples_again_changes_nothing():
    assert PartyDocumentPage.objects.count() == 25  # 20 Party documents, 5 state ones
    before = _counts()
    stdout, stderr, error = run_import(DEMO_DOCUMENTS)
    assert error is None, stderr
    assert PartyDocumentPage.objects.count() == 25
    assert "không đổi: 25" in stdout
    assert "Tạo mới: 0, cập nhật: 0" in stdout
    assert "bị từ chối: 0" in stdout
    assert _counts() == before  # not even a new revision


def test_samples_load_as_expected():
    """What load_demo produced: 25 live pages (5 of them state documents), each with its
    issuer and relations."""
    assert PartyDocumentPage.objects.live().count() == 25
    regulation = _doc("01-QC/TU")
    assert isinstance(regulation, RegulationPage)
    assert regulation.issued_on == date(2020, 11, 16)
    assert [issuer.code for issuer in regulation.issuers.all()] == ["TU"]
    based_on = DocumentRelation.objects.get(source=_doc("02-QC/UBKTTU"))
    assert based_on.target_id == regulation.pk
    # 01-QC/TU replaces the 2015 working rules, which are not in the library yet.
    pending = DocumentRelation.objects.get(source=regulation)
    assert pending.target is None and pending.target_issued_on == date(2015, 12, 8)


def test_changed_line_updates_the_same_document(tmp_path):
    lines = DEMO_DOCUMENTS.read_text(encoding="utf-8").splitlines()
    data = json.loads(lines[0])
    data["title"] = "Quy chế làm việc của Ban Chấp hành Đảng bộ tỉnh (sửa tên)"
    page = _doc("01-QC/TU")
    stdout, stderr, error = import_lines(tmp_path, [json.dumps(data, ensure_ascii=False)])
    assert error is None, stderr
    assert "cập nhật: 1" in stdout
    assert PartyDocumentPage.objects.count() == 25
    page.refresh_from_db()
    assert page.title.endswith("(sửa tên)")


# --------------------------------------------------------------------------------------------
# Same number, another date: side by side; the pending relation resolves


OLD_RULES = doc_line(
    "01-QC/TU",
    "2015-12-08",
    doc_type="QC",
    kind="regulation",
    title="Quy chế làm việc của Ban Chấp hành Đảng bộ tỉnh khóa XVIII, nhiệm kỳ 2015 - 2020",
    effective_on="2015-12-08",
    body="Chương I. NHỮNG QUY ĐỊNH CHUNG\nĐiều 1. Phạm vi điều chỉnh\nQuy chế này quy định...",
)
OLD_RESOLUTION = doc_line(
    "01-NQ/TU",
    "2016-03-18",
    doc_type="NQ",
    kind="regulation",
    title="Nghị quyết về xây dựng nông thôn mới giai đoạn 2016 - 2020",
)


def test_same_number_other_date_is_another_document(tmp_path, client_for):
    current = _doc("01-QC/TU")
    stdout, stderr, error = import_lines(tmp_path, [OLD_RULES, OLD_RESOLUTION])
    assert error is None, stderr
    assert "Tạo mới: 2" in stdout
    assert PartyDocumentPage.objects.count() == 27
    assert PartyDocumentPage.objects.filter(number="01-QC/TU").count() == 2
    assert PartyDocumentPage.objects.filter(number="01-NQ/TU").count() == 2
    old = _doc("01-QC/TU", 2015)
    assert old.pk != current.pk and old.live

    # "01-QC/TU (2020) replaces 01-QC/TU (2015-12-08)" was waiting: it now points at the old one.
    relation = DocumentRelation.objects.get(source=current)
    assert relation.target_id == old.pk
    old.refresh_from_db()
    current.refresh_from_db()
    assert old.validity == Validity.EXPIRED
    # The 2020 rules ended with their term (their own expiry date in the demo, issue 18), not
    # through the relation: nothing replaces them.
    assert current.validity == Validity.EXPIRED and current.expires_on is not None
    assert (
        not DocumentRelation.objects.filter(target=current)
        .exclude(relation_type__in=["based_on", "cites", "guides", "related"])
        .exists()
    )
    # "01-NQ/TU (2021) cites 01-NQ/TU (2016-03-18)" resolved too.
    cites = DocumentRelation.objects.get(source=_doc("01-NQ/TU", 2021))
    assert cites.target_id == _doc("01-NQ/TU", 2016).pk

    member = client_for("member")
    html = member.get(old.url).content.decode()
    assert "Hết hiệu lực toàn bộ" in html
    assert "không còn hiệu lực" in html
    assert "Bị thay thế bởi" in html
    assert f'href="{current.url}"' in html
    current_html = member.get(current.url).content.decode()
    assert f'href="{old.url}"' in current_html
    assert "chưa có trong thư viện" not in current_html


def test_same_number_same_year_other_date(tmp_path, client_for):
    """Numbers restart each term: 01-QC/TU may be issued twice in the year a term changes."""
    stdout, stderr, error = import_lines(
        tmp_path, [doc_line("01-QC/TU", "2020-01-15", doc_type="QC", kind="regulation")]
    )
    assert error is None, stderr
    assert "Tạo mới: 1" in stdout
    earlier = PartyDocumentPage.objects.get(number="01-QC/TU", issued_on=date(2020, 1, 15))
    later = PartyDocumentPage.objects.get(number="01-QC/TU", issued_on=date(2020, 11, 16))
    assert earlier.url != later.url
    assert client_for("member").get(earlier.url).status_code == 200


def test_numbers_that_fold_alike_are_different_documents(tmp_path):
    """01-QĐ/TU and 01-QD/TU are two spellings; the pages still need distinct addresses."""
    lines = [
        doc_line("07-QĐ/TU", "2024-03-01", doc_type="QĐ"),
        doc_line("07-QD/TU", "2024-05-01", doc_type="QĐ"),
    ]
    stdout, stderr, error = import_lines(tmp_path, lines)
    assert error is None, stderr
    assert "Tạo mới: 2" in stdout


# --------------------------------------------------------------------------------------------
# Broken files


def _broken_file():
    return [
        doc_line("31-HD/VPTU", "2024-05-02", title="Hướng dẫn hợp lệ thứ nhất"),  # 1 valid
        '{"number": "32-HD/VPTU", "issued_on": "2024-05-03", ',  # 2 bad JSON
        doc_line(
            "33-HD/VPTU", "2024-05-04", doc_type="XYZ", issuer="Ban Mới Lạ", issuer_code="BML"
        ),
        doc_line("34-HD/VPTU", "2024-13-45"),  # 4 bad date
        doc_line(  # 5 secret without groups
            "35-KL/TU",
            "2024-05-06",
            doc_type="KL",
            confidentiality="Mật",
            restricted_to=[],
            issuer="Cơ quan chưa từng có",
            issuer_code="CQM",
        ),
        "",  # 6 blank lines are skipped
        doc_line(
            "36-HD/VPTU",
            "2024-05-07",
            title="Hướng dẫn hợp lệ thứ hai",
            relations=[{"type": "guides", "number": "01-QC/TU", "issued_on": "2020-11-16"}],
        ),
        doc_line(  # 8 duplicate of line 7
            "36-HD/VPTU",
            "2024-05-07",
            title="Bản trùng",
            issuer="Cơ quan trùng",
            issuer_code="TRG",
            relations=[{"type": "replaces", "number": "01-QC/TU", "issued_on": "2020-11-16"}],
        ),
    ]


def test_broken_file_rejects_bad_lines_with_line_numbers(tmp_path):
    before = _counts()
    stdout, stderr, error = import_lines(tmp_path, _broken_file())
    assert error is not None
    assert error.returncode == 1
    assert "5 dòng bị từ chối" in str(error)
    messages = [line for line in stderr.splitlines() if line.startswith("Dòng ")]
    numbers = [int(line.split(":")[0].removeprefix("Dòng ")) for line in messages]
    assert numbers == [2, 3, 4, 5, 8], stderr
    by_line = dict(zip(numbers, messages, strict=True))
    assert "Không phải JSON hợp lệ" in by_line[2]
    assert "Mã loại văn bản “XYZ” không hợp lệ" in by_line[3]
    assert "Ngày ban hành “2024-13-45” không hợp lệ" in by_line[4]
    assert "Văn bản mật phải ghi rõ nhóm được xem" in by_line[5]
    assert "Trùng số, ký hiệu và ngày ban hành với dòng 7" in by_line[8]
    assert "Tạo mới: 2, cập nhật: 0, không đổi: 0, bị từ chối: 5" in stdout

    # The two valid lines are in; nothing of the rejected ones is.
    assert set(
        PartyDocumentPage.objects.filter(number__endswith="-HD/VPTU", issued_on__year=2024)
        .exclude(number__in=["12-HD/VPTU"])
        .values_list("number", flat=True)
    ) == {"31-HD/VPTU", "36-HD/VPTU"}
    assert PartyDocumentPage.objects.count() == before["pages"] + 2
    for number in ("32-HD/VPTU", "33-HD/VPTU", "34-HD/VPTU", "35-KL/TU"):
        assert not PartyDocumentPage.objects.filter(number=number).exists()
    assert not Issuer.objects.filter(code__in=["BML", "CQM", "TRG"]).exists()
    assert Issuer.objects.count() == before["issuers"]
    valid = _doc("36-HD/VPTU")
    assert valid.title == "Hướng dẫn hợp lệ thứ hai"  # the duplicate did not overwrite it
    relations = DocumentRelation.objects.filter(source=valid)
    assert [(r.relation_type, r.target.number) for r in relations] == [("guides", "01-QC/TU")]
    assert DocumentRelation.objects.count() == before["relations"] + 1
    assert Group.objects.count() == before["groups"]
    # The rejected "replaces" did nothing: no relation ends the 2020 rules, whose validity is
    # what their own dates make it (ended with their term in the demo, issue 18).
    rules = _doc("01-QC/TU")
    assert not DocumentRelation.objects.filter(target=rules, relation_type="replaces").exists()
    assert rules.validity == before["rules_validity"] == Validity.EXPIRED


def test_a_line_failing_while_written_leaves_nothing(tmp_path, monkeypatch):
    """A line that passes validation but fails in the database is rolled back on its own."""
    from regulations import importer

    original = importer._set_groups

    def failing(page, record, summary, line_no):
        original(page, record, summary, line_no)
        if record.number == "41-KL/TU":
            raise ValueError("giả lập lỗi ghi")

    monkeypatch.setattr(importer, "_set_groups", failing)
    before = _counts()
    lines = [
        doc_line(
            "41-KL/TU",
            "2024-06-01",
            doc_type="KL",
            confidentiality="Mật",
            restricted_to=["Nhóm hoàn toàn mới"],
            issuer="Cơ quan hoàn toàn mới",
            issuer_code="CQHTM",
            relations=[{"type": "based_on", "number": "01-QC/TU", "issued_on": "2020-11-16"}],
        ),
        doc_line("42-HD/VPTU", "2024-06-02"),
    ]
    stdout, stderr, error = import_lines(tmp_path, lines)
    assert error is not None and error.returncode == 1
    assert "Dòng 1: Không ghi được văn bản" in stderr
    assert "Tạo mới: 1" in stdout
    after = _counts()
    assert after["pages"] == before["pages"] + 1
    assert after["relations"] == before["relations"]
    assert after["issuers"] == before["issuers"]
    assert after["groups"] == before["groups"]
    assert not PartyDocumentPage.objects.filter(number="41-KL/TU").exists()


def test_dry_run_writes_nothing(tmp_path):
    before = _counts()
    stdout, stderr, error = import_lines(tmp_path, [OLD_RULES, *_broken_file()], "--dry-run")
    assert "Chạy thử (--dry-run): không có gì được ghi." in stdout
    assert "Tạo mới: 3" in stdout  # what would happen is still reported
    assert "Dòng 3:" in stderr
    assert error is not None and error.returncode == 1
    assert _counts() == before
    assert not PartyDocumentPage.objects.filter(number="31-HD/VPTU").exists()
    assert DocumentRelation.objects.get(source=_doc("01-QC/TU")).target is None
    assert _doc("01-QC/TU").validity == before["rules_validity"]


def test_dry_run_of_the_samples_succeeds(tmp_path):
    stdout, stderr, error = run_import(DEMO_DOCUMENTS, "--dry-run")
    assert error is None, stderr
    assert "không đổi: 25" in stdout


def test_unreadable_or_missing_file_is_a_clear_error(tmp_path):
    _stdout, _stderr, error = run_import(tmp_path / "khong-co.jsonl")
    assert error is not None and "Không đọc được tệp" in str(error)
    latin = tmp_path / "latin1.jsonl"
    latin.write_bytes(doc_line("51-HD/VPTU", "2024-01-01").encode("utf-16"))
    _stdout, _stderr, error = run_import(latin)
    assert error is not None and "không phải UTF-8" in str(error)


# --------------------------------------------------------------------------------------------
# Drafts


def test_unpublished_line_is_a_draft_nobody_reads(tmp_path, client_for):
    line = doc_line(
        "61-TB/TU",
        "2025-07-01",
        doc_type="TB",
        title="Thông báo dự thảo chưa công bố về lịch họp",
        published=False,
    )
    stdout, stderr, error = import_lines(tmp_path, [line])
    assert error is None, stderr
    draft = _doc("61-TB/TU")
    assert not draft.live
    assert draft.get_latest_revision() is not None
    member = client_for("member")
    assert member.get(draft.url or f"{LIBRARY_URL}{draft.slug}/").status_code == 404
    assert member.get(f"{LIBRARY_URL}{draft.slug}/").status_code == 404
    listing = member.get(LIBRARY_URL).content.decode()
    assert "61-TB/TU" not in listing and "lịch họp" not in listing
    assert "61-TB/TU" not in member.get("/").content.decode()
    assert "61-TB/TU" not in member.get(f"{LIBRARY_URL}rss/").content.decode()
    # Importing it again unchanged leaves it a draft; the editors see it in the admin.
    stdout, _stderr, _error = import_lines(tmp_path, [line])
    assert "không đổi: 1" in stdout
    assert not _doc("61-TB/TU").live
    admin = client_for("administrator")
    assert admin.get(f"/admin/pages/{draft.pk}/edit/").status_code == 200


def test_a_draft_published_later_by_import(tmp_path, client_for):
    line = doc_line("62-TB/TU", "2025-07-02", doc_type="TB", published=False)
    import_lines(tmp_path, [line])
    stdout, stderr, error = import_lines(
        tmp_path, [doc_line("62-TB/TU", "2025-07-02", doc_type="TB", published=True)]
    )
    assert error is None, stderr
    assert "cập nhật: 1" in stdout
    page = _doc("62-TB/TU")
    assert page.live
    assert client_for("member").get(page.url).status_code == 200


# --------------------------------------------------------------------------------------------
# Secret lines


def test_secret_line_is_restricted_to_its_groups(tmp_path, client_for):
    line = doc_line(
        "71-KL/TU",
        "2025-07-03",
        doc_type="KL",
        title="Kết luận tuyệt mật về nhân sự chủ chốt",
        confidentiality="Tuyệt mật",
        restricted_to=["Ban Thường vụ Tỉnh ủy"],
    )
    _stdout, stderr, error = import_lines(tmp_path, [line])
    assert error is None, stderr
    page = _doc("71-KL/TU")
    restriction = PageViewRestriction.objects.get(page=page)
    assert [g.name for g in restriction.groups.all()] == ["Ban Thường vụ Tỉnh ủy"]
    assert client_for("member").get(page.url).status_code == 404
    assert client_for("standing_committee").get(page.url).status_code == 200


# --------------------------------------------------------------------------------------------
# The command line


def test_help_describes_the_format():
    from regulations.management.commands.import_documents import Command

    parser = Command().create_parser("manage.py", "import_documents")
    text = parser.format_help()
    assert "JSON Lines" in text
    assert "số, ký hiệu và ngày ban hành" in text
    assert "--dry-run" in text
    assert "IMPORT_FORMAT.md" in text


def test_help_through_call_command(capsys):
    with pytest.raises(SystemExit) as info:
        call_command("import_documents", "--help")
    assert info.value.code == 0
    assert "JSON Lines" in capsys.readouterr().out


def test_exit_status_as_from_manage_py(tmp_path, capsys, monkeypatch):
    """``manage.py import_documents`` runs ``run_from_argv``: a rejected line exits with 1."""
    from django.core.management import base

    from regulations.management.commands.import_documents import Command

    # run_from_argv closes every connection when it ends, which would end the test's transaction.
    monkeypatch.setattr(base.connections, "close_all", lambda: None)

    path = tmp_path / "broken.jsonl"
    path.write_text(doc_line("81-HD/VPTU", "2024-01-01") + "\n{khong phai json\n", "utf-8")
    with pytest.raises(SystemExit) as info:
        Command().run_from_argv(["manage.py", "import_documents", str(path), "--no-progress"])
    assert info.value.code == 1
    output = capsys.readouterr()
    assert "Dòng 2: Không phải JSON hợp lệ" in output.err
    assert "1 dòng bị từ chối" in output.err
    assert "Tạo mới: 1" in output.out
    assert PartyDocumentPage.objects.filter(number="81-HD/VPTU").exists()

    path.write_text(doc_line("82-HD/VPTU", "2024-01-02") + "\n", "utf-8")
    Command().run_from_argv(["manage.py", "import_documents", str(path), "--no-progress"])
    assert "Tạo mới: 1" in capsys.readouterr().out  # no SystemExit: status 0


def test_help_from_the_command_line():
    result = subprocess.run(
        [sys.executable, str(MAIN / "manage.py"), "import_documents", "--help"],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "intranet.settings.test"},
        cwd=MAIN,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "JSON Lines" in result.stdout and "--dry-run" in result.stdout


def test_reimport_without_the_replacing_relation_restores_validity(tmp_path, client_for):
    """A wrong "replaces" corrected in the file must give the target its validity back."""
    replacing = {
        "doc_type": "QĐi",
        "kind": "regulation",
        "relations": [{"type": "replaces", "number": "11-QĐi/TU", "issued_on": "2023-02-10"}],
    }
    import_lines(tmp_path, [doc_line("98-QĐi/TU", "2025-01-05", **replacing)])
    assert _doc("11-QĐi/TU").validity == Validity.EXPIRED
    corrected = {**replacing, "relations": [{**replacing["relations"][0], "type": "amends"}]}
    stdout, stderr, error = import_lines(
        tmp_path, [doc_line("98-QĐi/TU", "2025-01-05", **corrected)]
    )
    assert error is None, stderr
    assert "cập nhật: 1" in stdout
    assert _doc("11-QĐi/TU").validity == Validity.IN_FORCE
    html = client_for("member").get(_doc("11-QĐi/TU").url).content.decode()
    assert "Còn hiệu lực" in html and "đã được sửa đổi, bổ sung bởi" in html
    # Dropping the relation altogether (and the replacing one replaced again, then removed).
    import_lines(tmp_path, [doc_line("98-QĐi/TU", "2025-01-05", **replacing)])
    assert _doc("11-QĐi/TU").validity == Validity.EXPIRED
    without = {**replacing, "relations": []}
    import_lines(tmp_path, [doc_line("98-QĐi/TU", "2025-01-05", **without)])
    assert _doc("11-QĐi/TU").validity == Validity.IN_FORCE


def test_admin_removing_a_replacing_relation_restores_validity(tmp_path, client_for):
    from .library_helpers import admin_publish

    line = doc_line(
        "99-QĐi/TU",
        "2025-01-06",
        doc_type="QĐi",
        kind="regulation",
        relations=[{"type": "repeals", "number": "21-CT/TU", "issued_on": "2023-05-22"}],
    )
    import_lines(tmp_path, [line])
    assert _doc("21-CT/TU").validity == Validity.EXPIRED
    response = admin_publish(
        client_for("administrator"), _doc("99-QĐi/TU"), **{"outgoing_relations-0-DELETE": "on"}
    )
    assert response.status_code == 302
    assert not DocumentRelation.objects.filter(source=_doc("99-QĐi/TU")).exists()
    assert _doc("21-CT/TU").validity == Validity.IN_FORCE


def test_deleting_the_replacing_document_restores_validity(tmp_path, client_for):
    import_lines(tmp_path, [OLD_RULES])
    old, current = _doc("01-QC/TU", 2015), _doc("01-QC/TU", 2020)
    assert old.validity == Validity.EXPIRED
    admin = client_for("administrator")
    response = admin.post(f"/admin/pages/{current.pk}/delete/")
    assert response.status_code == 302
    assert not PartyDocumentPage.objects.filter(pk=current.pk).exists()
    old.refresh_from_db()
    assert old.validity == Validity.IN_FORCE
    html = client_for("member").get(old.url).content.decode()
    assert "Còn hiệu lực" in html and "Bị thay thế bởi" not in html


def test_changing_the_page_kind_of_an_existing_document_is_refused(tmp_path):
    before = _counts()
    line = doc_line("01-QC/TU", "2020-11-16", doc_type="QC", kind="circular")
    _stdout, stderr, error = import_lines(tmp_path, [line])
    assert error is not None and error.returncode == 1
    assert "Dòng 1: Văn bản 01-QC/TU ngày 16/11/2020 đã có trong thư viện" in stderr
    assert "không thể đổi loại trang khi nhập" in stderr
    assert _counts() == before
    assert isinstance(_doc("01-QC/TU"), RegulationPage)


def test_a_draft_that_would_replace_a_document_does_not_end_it(tmp_path, client_for):
    line = doc_line(
        "63-QĐi/TU",
        "2025-02-01",
        doc_type="QĐi",
        kind="regulation",
        published=False,
        relations=[{"type": "replaces", "number": "17-QC/TU", "issued_on": "2022-07-01"}],
    )
    _stdout, stderr, error = import_lines(tmp_path, [line])
    assert error is None, stderr
    target = _doc("17-QC/TU")
    assert target.validity == Validity.IN_FORCE
    html = client_for("member").get(target.url).content.decode()
    assert "63-QĐi/TU" not in html and "Bị thay thế bởi" not in html
    # Published later: now it ends the old one.
    import_lines(tmp_path, [line.replace('"published": false', '"published": true')])
    assert _doc("63-QĐi/TU").live
    assert _doc("17-QC/TU").validity == Validity.EXPIRED


# --------------------------------------------------------------------------------------------
# Identity: other spellings of a number find the document already in the library


@pytest.mark.parametrize(
    ("stored", "spelling"),
    [
        ("137/QĐ/TW", "Số 137\uff0fQĐ/TW"),  # fullwidth solidus and a "Số" prefix
        ("137-QĐ/TW", "137\ufe58QĐ/TW"),  # small em dash
        ("137\ufe58QĐ/TW", "137-QĐ/TW"),  # the other way round
        ("137-QĐ/TW", "Số: 137 \u2013 qđ/tw"),
    ],
)
def test_another_spelling_of_the_number_updates_the_same_document(tmp_path, stored, spelling):
    first = doc_line(stored, "2023-12-01", doc_type="QĐ")
    _stdout, stderr, error = import_lines(tmp_path, [first])
    assert error is None, stderr
    page = PartyDocumentPage.objects.get(issued_on=date(2023, 12, 1))
    count = PartyDocumentPage.objects.count()
    again = doc_line(spelling, "2023-12-01", doc_type="QĐ", title="Quy định (sửa tên)")
    stdout, stderr, error = import_lines(tmp_path, [again])
    assert error is None, stderr
    assert "Tạo mới: 0, cập nhật: 1" in stdout
    assert PartyDocumentPage.objects.count() == count
    page.refresh_from_db()
    assert page.title == "Quy định (sửa tên)"


def test_two_spellings_in_one_file_are_one_document(tmp_path):
    lines = [
        doc_line("137-QĐ/TW", "2023-12-01", doc_type="QĐ"),
        doc_line("137\ufe58QĐ/TW", "2023-12-01", doc_type="QĐ"),
    ]
    _stdout, stderr, error = import_lines(tmp_path, lines)
    assert error is not None
    assert "Dòng 2: Trùng số, ký hiệu và ngày ban hành với dòng 1." in stderr
    assert PartyDocumentPage.objects.filter(issued_on=date(2023, 12, 1)).count() == 1
