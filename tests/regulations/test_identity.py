"""Tests for regulations.identity: one key for every spelling of a document number.

Plain pytest, no database.
"""

import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from regulations.identity import document_identity, identity_key
from regulations.numbers import number_key


@pytest.mark.parametrize(
    "spelling",
    [
        "137-QĐ/TW",
        "137\ufe58QĐ/TW",  # small em dash
        "137\ufe63QĐ/TW",  # small hyphen-minus
        "137\uff0dQĐ/TW",  # fullwidth hyphen-minus
        "137\u2010QĐ/TW",  # hyphen
        "137\u2011QĐ/TW",  # non-breaking hyphen
        "137\u2013QĐ/TW",  # en dash
        "137\u2014QĐ/TW",  # em dash
        "137\u2212QĐ/TW",  # minus sign
        "Số 137-QĐ/TW",
        "số 137-QĐ/TW",
        "Số: 137-QĐ/TW",
        "SỐ. 137-QĐ/TW",
        "so 137-QĐ/TW",
        "Số137-QĐ/TW",
        unicodedata.normalize("NFD", "Số 137-QĐ/TW"),
        "137-qđ/tw",
        "137 - QĐ / TW",
        "  137-QĐ/TW\t",
        "\uff11\uff13\uff17-QĐ/TW",  # fullwidth digits
        "137-\uff31Đ/\uff34\uff37",  # fullwidth letters
        "Số\u00a0137\u00a0-\u00a0QĐ/TW",  # no-break spaces
    ],
)
def test_dash_spellings_and_prefixes_share_one_key(spelling):
    assert identity_key(spelling) == "137-QĐ/TW"


@pytest.mark.parametrize(
    "spelling",
    [
        "137/QĐ/TW",
        "137\uff0fQĐ/TW",  # fullwidth solidus
        "137\u2044QĐ/TW",  # fraction slash
        "137\u2215QĐ/TW",  # division slash
        "Số 137\uff0fQĐ/TW",
        "Số: 137 ／ qđ ／ tw",
    ],
)
def test_slash_spellings_share_one_key(spelling):
    assert identity_key(spelling) == "137/QĐ/TW"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("137-QĐ/TW", "137-QD/TW"),  # marks are kept: two documents (see test_import)
        ("137-QĐ/TW", "137-QĐi/TW"),
        ("137-QĐ/TW", "138-QĐ/TW"),
        ("137-QĐ/TW", "137-QĐ/TU"),
        ("08-QĐi/TW", "8-QĐi/TW"),  # digits as printed
        ("137-QĐ/TW", "137/QĐ/TW"),  # a dash is not a slash
    ],
)
def test_different_numbers_keep_different_keys(one, other):
    assert identity_key(one) != identity_key(other)


@pytest.mark.parametrize(
    ("number", "key"),
    [
        ("Sổ tay 12", "SỔ TAY 12"),  # "Số" only when a number follows
        ("Số hiệu 12", "SỐ HIỆU 12"),
        ("Số", "SỐ"),
        ("số.12-HD/VPTU", "12-HD/VPTU"),
        ("05 - QC / BTCTU - BDVTU", "05-QC/BTCTU-BDVTU"),
        ("45/2019/QH14", "45/2019/QH14"),
        ("12  KH   UBND", "12 KH UBND"),
    ],
)
def test_keys_of_unusual_numbers(number, key):
    assert identity_key(number) == key


def test_the_key_is_stable():
    for spelling in ("Số 137／qđ/tw", "137﹘QĐ/TW", "１３７－ＱĐ"):
        assert identity_key(identity_key(spelling)) == identity_key(spelling)


# Ordinary numbers: what people type, without compatibility characters or exotic dashes.
ordinary = st.text(
    alphabet=st.sampled_from(list("0123456789-/ .:QĐĐiTWUHDKLNCBVtwqđdsoốSỐabcxyz")), max_size=25
)


@given(ordinary)
def test_ordinary_numbers_keep_the_key_the_database_stores(number):
    """PartyDocumentPage.number_key (regulations.numbers.number_key) agrees on ordinary numbers."""
    assert identity_key(number) == number_key(number)


def test_document_identity_is_the_key_and_the_date():
    issued = date(2023, 12, 1)
    assert document_identity("Số 137／QĐ/TW", issued) == ("137/QĐ/TW", issued)
    assert document_identity("137﹘QĐ/TW", issued) == document_identity("137-QĐ/TW", issued)
    assert document_identity("137-QĐ/TW", issued) != document_identity(
        "137-QĐ/TW", date(2024, 12, 1)
    )
