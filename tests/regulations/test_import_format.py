"""Tests for regulations.import_format: one line of the JSON Lines import format.

Plain pytest, no Django: run with ``pytest -p no:django tests/regulations/test_import_format.py``.
"""

import dataclasses
import json
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from regulations.import_format import (
    CONFIDENTIALITY,
    DOC_TYPES,
    KINDS,
    RELATION_TYPES,
    STATE_DOC_TYPES,
    DuplicateTracker,
    ImportLineError,
    ImportRecord,
    RelationRef,
    parse_line,
)

SAMPLES = Path("/work/shared/samples/documents.jsonl")
SAMPLE_LINES = SAMPLES.read_text(encoding="utf-8").splitlines() if SAMPLES.exists() else []

VALID = {
    "number": "12-HD/VPTU",
    "issued_on": "2024-04-15",
    "doc_type": "HD",
    "title": "Hướng dẫn thể thức văn bản",
}


def line(**fields):
    """A JSON line: the minimal valid document with ``fields`` changed (None-valued keys kept)."""
    return json.dumps({**VALID, **fields}, ensure_ascii=False)


def line_without(*keys):
    return json.dumps({k: v for k, v in VALID.items() if k not in keys}, ensure_ascii=False)


def errors(text):
    with pytest.raises(ImportLineError) as info:
        parse_line(text)
    return info.value.messages


def one_error(text):
    messages = errors(text)
    assert len(messages) == 1, messages
    return messages[0]


# --------------------------------------------------------------------------------------------
# Valid input


@pytest.mark.skipif(not SAMPLE_LINES, reason="shared samples not available")
@pytest.mark.parametrize("text", SAMPLE_LINES, ids=lambda t: json.loads(t)["number"])
def test_every_sample_line_parses(text):
    raw = json.loads(text)
    record = parse_line(text)
    assert isinstance(record, ImportRecord)
    assert record.number == raw["number"]
    assert record.issued_on == date.fromisoformat(raw["issued_on"])
    assert record.doc_type == raw["doc_type"] and record.kind == raw["kind"]
    assert record.title == raw["title"]
    assert record.body == raw["body"].strip()
    assert record.tags == tuple(raw["tags"])
    assert all(isinstance(r, RelationRef) for r in record.relations)
    assert len(record.relations) == len(raw["relations"])


@pytest.mark.skipif(not SAMPLE_LINES, reason="shared samples not available")
def test_secret_sample_keeps_its_mark_and_groups():
    secret = next(t for t in SAMPLE_LINES if "105-KL/TU" in t)
    record = parse_line(secret)
    assert record.confidentiality == "Tối mật"
    assert record.restricted_to == ("Ban Thường vụ Tỉnh ủy",)
    assert record.relations == (RelationRef("based_on", "61-HD/BTCTU", date(2025, 1, 20)),)


def test_minimal_line_gets_defaults():
    record = parse_line(line())
    assert record == ImportRecord(
        number="12-HD/VPTU",
        issued_on=date(2024, 4, 15),
        doc_type="HD",
        kind="circular",
        title="Hướng dẫn thể thức văn bản",
    )
    assert record.published is True
    assert record.confidentiality is None
    assert (record.tags, record.restricted_to, record.relations) == ((), (), ())
    assert (record.issuer, record.issuer_code, record.signer, record.body) == ("", "", "", "")


def test_record_is_frozen():
    record = parse_line(line())
    with pytest.raises(AttributeError):
        record.title = "khác"


def test_record_fields_are_readable_as_a_dict():
    record = parse_line(line(relations=[{"type": "cites", "number": "1-NQ/TW"}]))
    assert vars(record)["number"] == "12-HD/VPTU"  # the importer hashes record.__dict__
    assert dataclasses.asdict(record)["relations"] == (
        {"type": "cites", "number": "1-NQ/TW", "issued_on": None},
    )


def test_nulls_in_optional_fields_mean_empty():
    record = parse_line(
        line(
            issuer=None,
            signer=None,
            effective_on=None,
            expires_on=None,
            tags=None,
            confidentiality=None,
            restricted_to=None,
            relations=None,
            published=None,
            kind=None,
        )
    )
    assert record.issuer == "" and record.signer == ""
    assert record.effective_on is None and record.expires_on is None
    assert record.tags == () and record.relations == () and record.restricted_to == ()
    assert record.published is True


def test_number_is_stripped_nfc_and_whitespace_collapsed():
    nfd = unicodedata.normalize("NFD", "  137-QĐ/TW \t ")
    assert parse_line(line(number=nfd)).number == "137-QĐ/TW"
    assert parse_line(line(number="Số  137 -\nQĐ/TW")).number == "Số 137 - QĐ/TW"


def test_text_fields_are_normalised():
    title = unicodedata.normalize("NFD", " Quy chế\n làm việc  ")
    record = parse_line(line(title=title, body="\r\nĐiều 1. A\r\nĐiều 2. B\fĐiều 3. C\n"))
    assert record.title == "Quy chế làm việc"
    assert record.body == "Điều 1. A\nĐiều 2. B\nĐiều 3. C"


def test_tags_are_stripped_deduplicated_and_empties_dropped():
    tags = [
        " thi đua ",
        "Thi Đua",
        "",
        "   ",
        "khen  thưởng",
        unicodedata.normalize("NFD", "thi đua"),
    ]
    assert parse_line(line(tags=tags)).tags == ("thi đua", "khen thưởng")


def test_published_false_is_kept():
    assert parse_line(line(published=False)).published is False


@pytest.mark.parametrize(
    ("doc_type", "kind"),
    [("QC", "regulation"), ("QĐi", "regulation"), ("qdi", "regulation"), ("QĐ", "circular")]
    + [(code, "circular") for code in DOC_TYPES if code not in ("QC", "QĐi")],
)
def test_kind_is_derived_from_doc_type_when_missing(doc_type, kind):
    assert parse_line(line(doc_type=doc_type)).kind == kind
    assert parse_line(line(doc_type=doc_type, kind="")).kind == kind


@pytest.mark.parametrize("kind", ["regulation", "circular"])  # state: test_state_documents.py
def test_explicit_kind_wins_over_doc_type(kind):
    assert parse_line(line(doc_type="NQ", kind=kind)).kind == kind
    assert parse_line(line(doc_type="QC", kind=f" {kind.upper()} ")).kind == kind


@pytest.mark.parametrize(
    ("given", "code"),
    [
        ("QD", "QĐ"),
        ("qđ", "QĐ"),
        ("Qđ", "QĐ"),
        ("QDi", "QĐi"),
        ("qdi", "QĐi"),
        ("QĐI", "QĐi"),
        ("qđi", "QĐi"),
        ("QÐi", "QĐi"),  # Icelandic Ð (U+00D0), a common look-alike of Đ
        ("ctr", "CTr"),
        ("TTR", "TTr"),
        (" hd ", "HD"),
        ("nq", "NQ"),
    ],
)
def test_doc_type_code_variants_are_accepted(given, code):
    assert parse_line(line(doc_type=given)).doc_type == code


@pytest.mark.parametrize("code", DOC_TYPES)
def test_every_canonical_code_is_accepted(code):
    assert parse_line(line(doc_type=code)).doc_type == code


@pytest.mark.parametrize(
    ("given", "mark"),
    [
        ("Mật", "Mật"),
        ("mật", "Mật"),
        (" MẬT ", "Mật"),
        ("tối mật", "Tối mật"),
        ("TỐI  MẬT", "Tối mật"),
        (unicodedata.normalize("NFD", "Tuyệt mật"), "Tuyệt mật"),
        (unicodedata.normalize("NFD", "TUYỆT MẬT"), "Tuyệt mật"),
    ],
)
def test_confidentiality_variants_are_accepted(given, mark):
    record = parse_line(line(confidentiality=given, restricted_to=["Ban Thường vụ Tỉnh ủy"]))
    assert record.confidentiality == mark
    assert mark in CONFIDENTIALITY


def test_restricted_to_is_cleaned_and_deduplicated():
    record = parse_line(
        line(
            confidentiality="Mật", restricted_to=[" Ban  Thường vụ ", "ban thường vụ", "Văn phòng"]
        )
    )
    assert record.restricted_to == ("Ban Thường vụ", "Văn phòng")


def test_relations_are_parsed_with_optional_dates():
    record = parse_line(
        line(
            relations=[
                {"type": "replaces", "number": " 01-QC/TU ", "issued_on": "2015-12-08"},
                {"type": "Based_On", "number": "137-QĐ/TW"},
                {"type": "cites", "number": "05-CT/TW", "issued_on": None, "note": "bỏ qua"},
                {"type": "cites", "number": "05-CT/TW", "issued_on": ""},
            ]
        )
    )
    assert record.relations == (
        RelationRef("replaces", "01-QC/TU", date(2015, 12, 8)),
        RelationRef("based_on", "137-QĐ/TW", None),
        RelationRef("cites", "05-CT/TW", None),
    )


@pytest.mark.parametrize("rel_type", RELATION_TYPES)
def test_every_relation_type_is_accepted(rel_type):
    record = parse_line(line(relations=[{"type": rel_type, "number": "1-NQ/TW"}]))
    assert record.relations[0].type == rel_type


def test_relation_to_the_same_number_on_another_date_is_fine():
    relation = {"type": "replaces", "number": "12-HD/VPTU", "issued_on": "2015-01-01"}
    assert parse_line(line(relations=[relation])).relations[0].number == "12-HD/VPTU"


def test_unknown_extra_keys_are_ignored():
    record = parse_line(line(urgency="Hỏa tốc", attachments=[{"x": 1}], number_of_pages=3))
    assert record.number == "12-HD/VPTU"


def test_bom_and_line_ending_are_tolerated():
    assert parse_line("\ufeff" + line() + "\r\n").number == "12-HD/VPTU"
    assert parse_line(line().encode("utf-8")).number == "12-HD/VPTU"


def test_expires_on_same_day_as_effective_on_is_fine():
    record = parse_line(line(effective_on="2024-05-01", expires_on="2024-05-01"))
    assert record.effective_on == record.expires_on == date(2024, 5, 1)


# --------------------------------------------------------------------------------------------
# Rejected input: one problem at a time


def test_invalid_json_says_where():
    message = one_error('{"number": "1-NQ/TW" "title": "x"}')
    assert message == "Không phải JSON hợp lệ (cột 22): thiếu dấu phẩy “,” giữa các phần tử"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('{"number": }', "thiếu giá trị"),
        ("{'number': '1'}", "nháy kép"),
        ('{"number" "1"}', "dấu hai chấm"),
        ('{"number": "1', "chưa có dấu nháy kép đóng"),
        ('{"a": 1} {"b": 2}', "dữ liệu thừa"),
        ('{"a": "\\x"}', "ký tự thoát"),
    ],
)
def test_invalid_json_reasons_are_in_vietnamese(text, words):
    message = one_error(text)
    assert message.startswith("Không phải JSON hợp lệ (cột ")
    assert words in message


@pytest.mark.parametrize(
    ("text", "words"),
    [("[1, 2]", "danh sách"), ('"văn bản"', "chuỗi"), ("42", "số"), ("null", "null")],
)
def test_json_that_is_not_an_object_is_rejected(text, words):
    message = one_error(text)
    assert "đối tượng JSON" in message and words in message


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_empty_line_is_rejected(text):
    assert "dòng trống" in one_error(text)


@pytest.mark.parametrize("text", ['{"a": NaN}', '{"a": Infinity}', '{"a": -Infinity}'])
def test_non_standard_json_constants_are_rejected(text):
    assert "không phải giá trị JSON chuẩn" in one_error(text)


def test_deep_nesting_and_huge_numbers_are_rejected_cleanly():
    assert "lồng nhau quá sâu" in one_error('{"a": ' + "[" * 100_000 + "]" * 100_000 + "}")
    assert "phải là chuỗi" in one_error(line(title=None).replace("null", "9" * 10_000))


def test_invalid_utf8_bytes_are_rejected():
    assert "UTF-8" in one_error(b'{"number": "\xff"}')


@pytest.mark.parametrize(
    ("key", "label"),
    [
        ("number", "số, ký hiệu"),
        ("issued_on", "ngày ban hành"),
        ("doc_type", "mã loại văn bản"),
        ("title", "trích yếu"),
    ],
)
def test_missing_required_field(key, label):
    assert one_error(line_without(key)) == f"Thiếu trường bắt buộc “{key}” ({label})"


@pytest.mark.parametrize("key", ["number", "issued_on", "doc_type", "title"])
@pytest.mark.parametrize("empty", ["", "   ", None])
def test_empty_required_field(key, empty):
    message = one_error(line(**{key: empty}))
    assert f"“{key}”" in message
    assert "Thiếu trường bắt buộc" in message or "để trống" in message


def test_missing_kind_without_valid_doc_type_reports_only_the_doc_type():
    assert "doc_type" in one_error(line_without("doc_type"))


@pytest.mark.parametrize("kind", ["page", "Quy chế", "regulations"])
def test_unknown_kind(kind):
    message = one_error(line(kind=kind))
    assert "không hợp lệ" in message and "regulation, circular" in message


def test_unknown_doc_type_lists_accepted_codes():
    message = one_error(line(doc_type="XYZ"))
    assert message.startswith("Mã loại văn bản “XYZ” không hợp lệ; các mã được chấp nhận: NQ, QĐ, ")
    assert all(code in message for code in DOC_TYPES)


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"title": 5}, "“title” (trích yếu) phải là chuỗi ký tự, không phải số"),
        ({"number": 137}, "“number” (số, ký hiệu) phải là chuỗi ký tự"),
        ({"issuer": ["Tỉnh ủy"]}, "“issuer” (cơ quan ban hành) phải là chuỗi ký tự"),
        ({"body": {"text": "x"}}, "không phải đối tượng"),
        ({"doc_type": ["HD"]}, "Mã loại văn bản (“doc_type”) phải là chuỗi"),
        ({"kind": True}, "“kind”"),
        ({"tags": "thi đua, khen thưởng"}, "“tags” (từ khóa) phải là danh sách chuỗi ký tự"),
        ({"tags": ["thi đua", 3]}, "Từ khóa thứ 2 trong “tags” phải là chuỗi ký tự, không phải số"),
        ({"published": "false"}, "“published” (công bố) phải là true hoặc false"),
        ({"published": 0}, "phải là true hoặc false, không phải số"),
        ({"issued_on": 20240415}, "Ngày ban hành (“issued_on”) phải là chuỗi dạng YYYY-MM-DD"),
        ({"confidentiality": True}, "Độ mật (“confidentiality”) phải là chuỗi"),
        ({"relations": {"type": "cites"}}, "“relations” (quan hệ văn bản) phải là danh sách"),
    ],
)
def test_wrong_types(fields, words):
    assert words in one_error(line(**fields))


@pytest.mark.parametrize(
    ("key", "label"),
    [
        ("issued_on", "Ngày ban hành"),
        ("effective_on", "Ngày hiệu lực"),
        ("expires_on", "Ngày hết hiệu lực"),
    ],
)
@pytest.mark.parametrize(
    "value", ["2023-02-30", "15/04/2024", "2024-4-15", "2024-13-01", "0000-01-01", "hôm nay"]
)
def test_bad_dates_name_the_field(key, label, value):
    message = one_error(line(**{key: value}))
    assert message.startswith(f"{label} “{value}” không hợp lệ")
    assert "YYYY-MM-DD" in message


def test_impossible_date_is_explained():
    message = one_error(line(issued_on="2023-02-30"))
    assert "Ngày ban hành “2023-02-30” không hợp lệ" in message
    assert "không có ngày này" in message


@pytest.mark.parametrize(
    "value",
    ["20240415", "2024-04-15T00:00", "\uff12\uff10\uff12\uff14-04-15", "2024\u201304\u201315"],
)
def test_only_strict_iso_dates_are_accepted(value):
    assert "không hợp lệ (định dạng YYYY-MM-DD)" in one_error(line(issued_on=value))


def test_expires_before_effective():
    message = one_error(line(effective_on="2024-05-01", expires_on="2024-04-30"))
    assert message == "Ngày hết hiệu lực (2024-04-30) sớm hơn ngày hiệu lực (2024-05-01)"


def test_expires_before_issue_when_no_effective_date():
    message = one_error(line(expires_on="2020-01-01"))
    assert "sớm hơn ngày ban hành (2024-04-15)" in message


@pytest.mark.parametrize("mark", ["Bí mật", "Khẩn", "secret", "Mật mật"])
def test_unknown_confidentiality(mark):
    message = one_error(line(confidentiality=mark, restricted_to=["Ban Thường vụ"]))
    assert message == f"Độ mật “{mark}” không hợp lệ; chỉ chấp nhận: Mật, Tối mật, Tuyệt mật"


@pytest.mark.parametrize("groups", [None, [], [" "], "missing"])
def test_secret_document_without_groups(groups):
    fields = {"confidentiality": "Mật"}
    if groups != "missing":
        fields["restricted_to"] = groups
    messages = errors(line(**fields))
    if groups == [" "]:
        assert messages == ["Tên nhóm thứ 1 trong “restricted_to” đang để trống"]
    else:
        assert messages == ["Văn bản mật phải ghi rõ nhóm được xem (restricted_to)"]


@pytest.mark.parametrize(
    ("groups", "words"),
    [
        ("Ban Thường vụ", "“restricted_to” (nhóm được xem) phải là danh sách"),
        (["Ban Thường vụ", 7], "Tên nhóm thứ 2 trong “restricted_to” phải là chuỗi ký tự"),
        (["Ban Thường vụ", None], "Tên nhóm thứ 2"),
        (["", "Ban Thường vụ"], "Tên nhóm thứ 1 trong “restricted_to” đang để trống"),
        (["x" * 151], "quá dài: 151 ký tự (tối đa 150)"),
    ],
)
def test_bad_restricted_to(groups, words):
    messages = errors(line(confidentiality="Tối mật", restricted_to=groups))
    assert len(messages) == 1 and words in messages[0], messages


@pytest.mark.parametrize(
    ("relation", "words"),
    [
        ("137-QĐ/TW", "Quan hệ thứ 1 trong “relations” phải là đối tượng"),
        ({"number": "137-QĐ/TW"}, "Quan hệ thứ 1 trong “relations” thiếu “type” (loại quan hệ)"),
        ({"type": "cites"}, "Quan hệ thứ 1 trong “relations” thiếu “number”"),
        ({"type": "cites", "number": ""}, "thiếu “number”"),
        ({"type": 3, "number": "1-NQ/TW"}, "“type” phải là chuỗi ký tự"),
        ({"type": "cites", "number": 137}, "“number” phải là chuỗi ký tự"),
        ({"type": "cites", "number": "NQ/TW"}, "phải có ít nhất một chữ số"),
        ({"type": "cites", "number": "1" * 101}, "quá dài: 101 ký tự (tối đa 100)"),
        ({"type": "abolishes", "number": "1-NQ/TW"}, "loại quan hệ “abolishes” không hợp lệ"),
        (
            {"type": "cites", "number": "1-NQ/TW", "issued_on": "2020-02-31"},
            "Quan hệ thứ 1 trong “relations”: ngày ban hành “2020-02-31” không hợp lệ",
        ),
        ({"type": "cites", "number": "1-NQ/TW", "issued_on": 2020}, "phải là chuỗi dạng YYYY"),
    ],
)
def test_bad_relations(relation, words):
    assert words in one_error(line(relations=[relation]))


def test_unknown_relation_type_lists_accepted_types():
    message = one_error(line(relations=[{"type": "x", "number": "1-NQ/TW"}]))
    assert all(rel_type in message for rel_type in RELATION_TYPES)


def test_relation_errors_say_which_item():
    relations = [{"type": "cites", "number": "1-NQ/TW"}, {"type": "cites"}, {"number": "2-NQ/TW"}]
    messages = errors(line(relations=relations))
    assert [m.split(" trong")[0] for m in messages] == ["Quan hệ thứ 2", "Quan hệ thứ 3"]


def test_relation_to_itself_is_rejected():
    relation = {"type": "amends", "number": "số 12\u2013hd/vptu", "issued_on": "2024-04-15"}
    assert "với chính nó" in one_error(line(relations=[relation]))


@pytest.mark.parametrize("number", ["QĐ/TW", "Số", "không số", "-/-"])
def test_number_without_digit(number):
    assert one_error(line(number=number)) == (
        f"Số, ký hiệu “{number}” không hợp lệ: phải có ít nhất một chữ số"
    )


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"number": "1" * 101}, "“number” (số, ký hiệu) quá dài: 101 ký tự (tối đa 100)"),
        ({"title": "a" * 256}, "“title” (trích yếu) quá dài: 256 ký tự (tối đa 255)"),
        ({"body": "a" * 2_000_001}, "quá dài: 2.000.001 ký tự (tối đa 2.000.000)"),
        ({"tags": [f"t{i}" for i in range(51)]}, "Quá nhiều từ khóa: 51 (tối đa 50)"),
        ({"tags": ["a" * 101]}, "Từ khóa thứ 1 trong “tags” quá dài: 101 ký tự (tối đa 100)"),
        ({"issuer_code": "T" * 41}, "“issuer_code” (ký hiệu cơ quan ban hành) quá dài: 41"),
        ({"signer": "a" * 201}, "“signer” (người ký) quá dài: 201 ký tự (tối đa 200)"),
        ({"field": "a" * 201}, "“field” (lĩnh vực) quá dài"),
        ({"issuer": "a" * 256}, "“issuer” (cơ quan ban hành) quá dài"),
        ({"summary": "a" * 20_001}, "“summary” (tóm tắt) quá dài"),
    ],
)
def test_over_long_values(fields, words):
    assert words in one_error(line(**fields))


def test_limits_are_inclusive():
    record = parse_line(
        line(
            number="1" * 100,
            title="a" * 255,
            body="b" * 2_000_000,
            tags=[f"t{i}" for i in range(49)] + ["c" * 100],
        )
    )
    assert len(record.number) == 100 and len(record.title) == 255
    assert len(record.body) == 2_000_000 and len(record.tags) == 50


def test_fifty_tags_after_deduplication_are_fine():
    tags = [f"t{i}" for i in range(50)] + [f"T{i}" for i in range(50)]
    assert len(parse_line(line(tags=tags)).tags) == 50


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f"])
def test_control_characters_are_rejected(char):
    message = one_error(line(title=f"Quy chế{char}làm việc"))
    assert "“title” (trích yếu) chứa ký tự không hợp lệ" in message
    assert f"U+{ord(char):04X}" in message


def test_lone_surrogate_is_rejected():
    assert "U+D800 (nửa cặp UTF-16 đơn lẻ)" in one_error(line().replace("Hướng", "\\ud800"))


def test_duplicate_keys_are_rejected():
    text = line(confidentiality="Mật", restricted_to=["A"])[:-1] + ', "confidentiality": null}'
    assert "“confidentiality” xuất hiện nhiều lần" in one_error(text)
    text = line(relations=[{"type": "cites", "number": "1-NQ/TW"}]).replace(
        '"type": "cites"', '"type": "cites", "type": "related"'
    )
    assert "trường “type” xuất hiện nhiều lần" in one_error(text)


def test_duplicate_unknown_keys_are_ignored():
    assert parse_line(line()[:-1] + ', "x": 1, "x": 2}').number == "12-HD/VPTU"


def test_untrusted_values_are_shortened_and_escaped_in_messages():
    message = one_error(line(doc_type="\u202e" + "X" * 200))
    assert "\u202e" not in message and "\\u202e" in message
    assert "X" * 61 not in message and "…" in message


# --------------------------------------------------------------------------------------------
# Several problems at once


def test_all_problems_of_a_line_are_collected():
    text = json.dumps(
        {
            "number": "abc",
            "issued_on": "2023-02-30",
            "doc_type": "XYZ",
            "effective_on": "2021-01-01",
            "expires_on": "2020-01-01",
            "tags": "a",
            "confidentiality": "Mật",
            "relations": [{"type": "x"}],
            "published": "false",
        },
        ensure_ascii=False,
    )
    messages = errors(text)
    expected_words = [
        "chữ số",
        "Ngày ban hành “2023-02-30”",
        "Mã loại văn bản “XYZ”",
        "Thiếu trường bắt buộc “title” (trích yếu)",
        "“tags”",
        "loại quan hệ “x”",
        "thiếu “number”",
        "“published”",
        "Ngày hết hiệu lực (2020-01-01) sớm hơn ngày hiệu lực (2021-01-01)",
        "Văn bản mật phải ghi rõ nhóm được xem (restricted_to)",
    ]
    assert len(messages) == len(expected_words), messages
    for message, words in zip(messages, expected_words, strict=True):
        assert words in message


def test_error_string_joins_messages():
    with pytest.raises(ImportLineError) as info:
        parse_line(line_without("title", "doc_type"))
    err = info.value
    assert isinstance(err, ValueError)
    assert err.messages == [
        "Thiếu trường bắt buộc “doc_type” (mã loại văn bản)",
        "Thiếu trường bắt buộc “title” (trích yếu)",
    ]
    assert str(err) == "; ".join(err.messages)


def test_error_accepts_a_single_message():
    assert ImportLineError("Lỗi").messages == ["Lỗi"]


# --------------------------------------------------------------------------------------------
# Duplicates within one file


def record(number="137-QĐ/TW", issued_on="2023-12-01"):
    return parse_line(line(number=number, issued_on=issued_on))


def test_duplicate_tracker_returns_first_line():
    tracker = DuplicateTracker()
    assert tracker.seen(record(), 3) is None
    assert tracker.seen(record(), 8) == 3
    assert tracker.seen(record(), 12) == 3


@pytest.mark.parametrize(
    "variant",
    ["137-qđ/tw", "Số 137-QĐ/TW", "số: 137\u2013QĐ/TW", "137 - QĐ / TW", "137\u2011QĐ/TW"],
)
def test_duplicate_tracker_ignores_spelling_differences(variant):
    tracker = DuplicateTracker()
    tracker.seen(record(), 1)
    assert tracker.seen(record(number=variant), 2) == 1


def test_duplicate_tracker_keeps_different_documents_apart():
    tracker = DuplicateTracker()
    assert tracker.seen(record(), 1) is None
    assert tracker.seen(record(issued_on="2024-12-01"), 2) is None  # same number, new term
    assert tracker.seen(record(number="137-QĐi/TW"), 3) is None
    assert tracker.seen(record(number="138-QĐ/TW"), 4) is None
    assert tracker.seen(record(number="137-QĐ/TU"), 5) is None


# --------------------------------------------------------------------------------------------
# Robustness: nothing but ImportLineError, whatever the input

# Any code point, lone surrogates included (json.dumps writes them as \udXXX escapes).
any_code_points = st.lists(st.integers(0, 0x10FFFF), max_size=10).map(
    lambda codes: "".join(map(chr, codes))
)
json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
    | any_code_points
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5)
    ),
    max_leaves=20,
)
FIELDS = list(ImportRecord.__dataclass_fields__)
plausible = {
    "number": st.sampled_from(["137-QĐ/TW", "abc", "", " Số 1 "]) | st.text(max_size=20),
    "issued_on": st.sampled_from(["2024-04-15", "2023-02-30", "x", ""]) | st.dates().map(str),
    "doc_type": st.sampled_from([*DOC_TYPES, *STATE_DOC_TYPES, "qdi", "nd", "XYZ", ""]),
    "kind": st.sampled_from([*KINDS, "x", ""]),
    "confidentiality": st.sampled_from([*CONFIDENTIALITY, "mật", "Bí mật", ""]),
    "restricted_to": st.lists(st.text(max_size=10) | json_scalars, max_size=3),
    "tags": st.lists(st.text(max_size=10) | json_scalars, max_size=3),
    "relations": st.lists(
        st.fixed_dictionaries(
            {},
            optional={
                "type": st.sampled_from([*RELATION_TYPES, "x"]) | json_scalars,
                "number": st.sampled_from(["1-NQ/TW", "NQ"]) | json_scalars,
                "issued_on": st.sampled_from(["2020-01-01", "2020-02-30"]) | json_scalars,
            },
        )
        | json_values,
        max_size=3,
    ),
}
random_documents = st.fixed_dictionaries(
    {},
    optional={key: plausible.get(key, st.nothing()) | json_values for key in FIELDS},
)
# The valid minimal document with some fields replaced by plausible values: often accepted.
near_valid_documents = st.fixed_dictionaries({}, optional=plausible).map(
    lambda changes: {**VALID, **changes}
)
documents = random_documents | near_valid_documents


def parse_or_reject(text):
    try:
        result = parse_line(text)
    except ImportLineError as err:
        assert err.messages and all(isinstance(m, str) and m for m in err.messages)
        assert str(err) == "; ".join(err.messages)
        # safe to log and print: valid UTF-8, nothing invisible or terminal-controlling
        assert str(err).encode("utf-8") and str(err).isprintable()
        return None
    assert isinstance(result, ImportRecord)
    return result


@given(st.text())
def test_random_text_never_raises_anything_else(text):
    parse_or_reject(text)


@given(st.binary(max_size=200))
def test_random_bytes_never_raise_anything_else(data):
    parse_or_reject(data)


@given(json_values)
def test_random_json_never_raises_anything_else(value):
    parse_or_reject(json.dumps(value))


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(documents, st.booleans())
def test_random_documents_give_a_record_or_vietnamese_errors(doc, ascii_only):
    result = parse_or_reject(json.dumps(doc, ensure_ascii=ascii_only))
    if result is None:
        return
    assert any(ch.isdigit() for ch in result.number)
    assert result.kind in KINDS
    assert result.doc_type in (STATE_DOC_TYPES if result.kind == "state" else DOC_TYPES)
    assert isinstance(result.issued_on, date) and result.title
    assert result.confidentiality in (None, *CONFIDENTIALITY)
    assert not result.confidentiality or result.restricted_to  # a secret always names its readers
    assert all(isinstance(t, str) and t for t in result.tags)
    assert all(r.type in RELATION_TYPES for r in result.relations)


@given(st.sampled_from(SAMPLE_LINES or [line()]), st.integers(min_value=0), st.text(max_size=5))
def test_corrupted_sample_lines_never_raise_anything_else(text, position, junk):
    position %= len(text) + 1
    parse_or_reject(text[:position] + junk + text[position + len(junk) :])


# --------------------------------------------------------------------------------------------
# Checks across fields and items still run when other parts of the line failed


def test_relation_to_itself_is_found_next_to_a_broken_relation():
    relations = [
        {"type": "x", "number": "1-NQ/TW"},
        {"type": "amends", "number": "12-HD/VPTU", "issued_on": "2024-04-15"},
    ]
    assert errors(line(relations=relations, title=5)) == [
        "Trường “title” (trích yếu) phải là chuỗi ký tự, không phải số",
        "Quan hệ thứ 1 trong “relations”: loại quan hệ “x” không hợp lệ; các loại được chấp "
        "nhận: " + ", ".join(RELATION_TYPES),
        "Văn bản không thể có quan hệ “amends” với chính nó (12-HD/VPTU)",
    ]


def test_too_many_tags_is_reported_next_to_a_bad_tag_and_before_later_fields():
    tags = [f"t{i}" for i in range(51)] + [7]
    messages = errors(line(tags=tags, published="có"))
    assert messages == [
        "Từ khóa thứ 52 trong “tags” phải là chuỗi ký tự, không phải số",
        "Quá nhiều từ khóa: 51 (tối đa 50)",
        "Trường “published” (công bố) phải là true hoặc false, không phải chuỗi ký tự",
    ]


def test_relation_with_a_key_twice_reports_it_before_its_other_problems():
    text = line(relations=[{"number": "1-NQ/TW", "type": "x"}]).replace(
        '"number": "1-NQ/TW"', '"number": "1-NQ/TW", "number": "NQ"'
    )
    assert errors(text) == [
        "Quan hệ thứ 1 trong “relations”: trường “number” xuất hiện nhiều lần",
        "Quan hệ thứ 1 trong “relations”: loại quan hệ “x” không hợp lệ; các loại được chấp "
        "nhận: " + ", ".join(RELATION_TYPES),
        "Quan hệ thứ 1 trong “relations”: số, ký hiệu “NQ” không hợp lệ: "
        "phải có ít nhất một chữ số",
    ]


def test_too_many_relations_are_not_read_one_by_one():
    relations = [{"type": "x"}] * 501
    assert errors(line(relations=relations)) == ["Quá nhiều quan hệ văn bản: 501 (tối đa 500)"]


# --------------------------------------------------------------------------------------------
# Document identity (regulations.identity) in one file


@pytest.mark.parametrize("variant", ["137\ufe58QĐ/TW", "137\uff0dQĐ/TW", "Số\u00a0137-QĐ/TW"])
def test_duplicate_tracker_reads_compatibility_dashes_and_spaces(variant):
    tracker = DuplicateTracker()
    tracker.seen(record(), 1)
    assert tracker.seen(record(number=variant), 2) == 1


def test_duplicate_tracker_reads_a_fullwidth_slash_as_a_slash():
    tracker = DuplicateTracker()
    assert tracker.seen(record(number="137/QĐ/TW"), 1) is None
    assert tracker.seen(record(number="Số 137\uff0fQĐ/TW"), 2) == 1
    assert tracker.seen(record(number="137-QĐ/TW"), 3) is None  # a dash is not a slash


def test_relations_to_one_document_in_two_spellings_are_kept_once():
    relations = [
        {"type": "cites", "number": "137/QĐ/TW", "issued_on": "2023-12-01"},
        {"type": "cites", "number": "Số 137\uff0fQĐ/TW", "issued_on": "2023-12-01"},
    ]
    assert parse_line(line(relations=relations)).relations == (
        RelationRef("cites", "137/QĐ/TW", date(2023, 12, 1)),
    )


def test_relation_to_itself_in_a_fullwidth_spelling_is_rejected():
    relation = {"type": "amends", "number": "12\uff0fHD/VPTU", "issued_on": "2024-04-15"}
    assert "với chính nó" in one_error(line(number="12/HD/VPTU", relations=[relation]))


# --------------------------------------------------------------------------------------------
# pydantic's own (English) messages never reach the user

ENGLISH = ("Input should", "Field required", "validation error", "Value error", "Assertion")


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_no_english_message_of_pydantic_gets_through(doc):
    try:
        parse_line(json.dumps(doc))
    except ImportLineError as err:
        assert not any(words in message for message in err.messages for words in ENGLISH)
