"""Tests for core.vietnamese: normalisation, folding and tokens of Vietnamese text."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.vietnamese import fold, has_marks, normalize, tokens

TONES = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]  # ngang huyền sắc ngã hỏi nặng
VOWELS = "aăâeêioôơuưy"
VIETNAMESE_LETTERS = (
    "".join(unicodedata.normalize("NFC", base + tone) for base in VOWELS for tone in TONES)
    + "bcdđghklmnpqrstvx"
)
VIETNAMESE_ALPHABET = VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper()


def with_tone(text: str, index: int, tone: str) -> str:
    """``text`` with ``tone`` put on the letter at ``index``."""
    return text[:index] + unicodedata.normalize("NFC", text[index] + tone) + text[index + 1 :]


# --- normalize --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Uỷ ban", "Ủy ban"),
        ("Tỉnh uỷ", "Tỉnh ủy"),
        ("hoà", "hòa"),
        ("khoá", "khóa"),
        ("Thuỷ", "Thủy"),
        ("thuý", "thúy"),
        ("qúy", "quý"),
        ("khoẻ", "khỏe"),
        ("xoè", "xòe"),
        ("hoạ", "họa"),
        ("hoả", "hỏa"),
        ("hoã", "hõa"),
        ("tuỳ", "tùy"),
        ("luỹ", "lũy"),
        ("huỵch", "huỵch"),
        ("HOÀ BÌNH", "Hòa Bình"),
        ("KHOÁ XIX", "khóa XIX"),
        ("UỶ BAN", "ỦY BAN"),
        ("Oà", "Òa"),
        ("gìa", "già"),
        ("hòang", "hoàng"),
        ("ngòai", "ngoài"),
    ],
)
def test_old_and_new_tone_placement_agree(old, new):
    assert normalize(old) == normalize(new) == new.lower()


@pytest.mark.parametrize(
    "word",
    [
        "thuở", "quốc", "khuya", "hoàng", "huỳnh", "quỳnh", "quyết", "quý", "quả", "giữ", "già",
        "giếng", "gìn", "giúp", "người", "rượu", "khuấy", "khuyến", "ngoài", "xoáy", "khuỷu",
        "nguyễn", "tuyển", "thuế", "cứu", "mưa", "yêu", "ý", "ủy", "hòa", "hóa", "khỏe", "thúy",
        "loại", "toán", "hoạch", "xoắn", "mái", "núi", "mía", "kéo", "múa", "đảng", "điều",
    ],
)  # fmt: skip
def test_well_formed_words_are_kept(word):
    assert normalize(word) == word


@pytest.mark.parametrize("word", ["café", "résumé", "naïve", "windows", "hóá", "zalo", "ḿ"])
def test_non_vietnamese_words_are_left_alone(word):
    assert normalize(word) == unicodedata.normalize("NFC", word)


def test_normalize_composes_decomposed_input():
    decomposed = unicodedata.normalize("NFD", "Ủy ban Kiểm tra Tỉnh ủy")
    assert decomposed != "Ủy ban Kiểm tra Tỉnh ủy"
    assert normalize(decomposed) == "ủy ban kiểm tra tỉnh ủy"


def test_normalize_lower_cases_and_collapses_whitespace():
    assert normalize("  Ban  Chấp\thành\n\u00a0Đảng bộ ") == "ban chấp hành đảng bộ"


def test_normalize_maps_eth_lookalike_to_d_stroke():
    assert normalize("ÐẢNG ðoàn") == "đảng đoàn"


def test_mixed_marks_query_meets_document_title():
    query = "Uỷ ban Kiểm tra Tỉnh uỷ khoá XIX"
    title = "Quy chế làm việc của Ủy ban Kiểm tra Tỉnh ủy khóa XIX, nhiệm kỳ 2020 - 2025"
    assert set(tokens(query)) <= set(tokens(title))


@pytest.mark.parametrize("initial", ["", "h", "kh", "th", "t", "l", "x", "ng", "nh", "s", "ch"])
@pytest.mark.parametrize("diphthong", ["oa", "oe", "uy"])
@pytest.mark.parametrize("tone", TONES[1:])
def test_open_diphthongs_every_tone(initial, diphthong, tone):
    first = len(initial)
    canonical = with_tone(initial + diphthong, first, tone)
    old_style = with_tone(initial + diphthong, first + 1, tone)
    assert normalize(old_style) == normalize(canonical) == canonical
    assert normalize(old_style.upper()) == canonical
    assert normalize(old_style.capitalize()) == canonical


@pytest.mark.parametrize("final", ["n", "ng", "nh", "t", "c", "ch"])
@pytest.mark.parametrize("diphthong", ["oa", "uy"])
@pytest.mark.parametrize("tone", TONES[1:])
def test_closed_diphthongs_keep_tone_on_second_vowel(final, diphthong, tone):
    canonical = with_tone("h" + diphthong + final, 2, tone)
    misplaced = with_tone("h" + diphthong + final, 1, tone)
    assert normalize(canonical) == canonical
    assert normalize(misplaced) == canonical


@given(
    st.sampled_from(["", "h", "kh", "th", "t", "l", "x", "ng", "s"]),
    st.sampled_from(["oa", "oe", "uy"]),
    st.sampled_from(TONES[1:]),
    st.sampled_from(["", "ban", "hòa", "2024"]),
)
def test_open_diphthongs_in_context(initial, diphthong, tone, neighbour):
    canonical = with_tone(initial + diphthong, len(initial), tone)
    old_style = with_tone(initial + diphthong, len(initial) + 1, tone)
    assert normalize(f"{neighbour} {old_style}, {neighbour}") == normalize(
        f"{neighbour} {canonical}, {neighbour}"
    )


@pytest.mark.parametrize("tone", TONES[1:])
def test_qu_keeps_tone_off_the_u(tone):
    canonical = with_tone("quy", 2, tone)
    assert normalize(with_tone("quy", 1, tone)) == canonical
    assert normalize(canonical) == canonical


# --- fold -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Quy định", "quy dinh"),
        ("Đảng ủy", "dang uy"),
        ("QĐ", "qd"),
        ("ộ ế ẩ ờ ặ ữ ỹ", "o e a o a u y"),
        ("Uỷ ban Kiểm tra Tỉnh uỷ khoá XIX", "uy ban kiem tra tinh uy khoa xix"),
        ("Chữ ký số", "chu ky so"),
        ("Né tránh, đùn đẩy", "ne tranh, dun day"),
        ("08-QĐi/TW", "08-qdi/tw"),
    ],
)
def test_fold_examples(text, folded):
    assert fold(text) == folded


def test_fold_whole_vietnamese_alphabet_is_ascii():
    folded = fold(" ".join(VIETNAMESE_ALPHABET))
    assert folded.isascii()
    assert set(folded) <= set("abcdeghiklmnopqrstuvxy ")


@given(st.text(alphabet=VIETNAMESE_ALPHABET + " -/.,0123456789"))
def test_fold_of_vietnamese_text_is_ascii(text):
    assert fold(text).isascii()


@given(st.text(alphabet=VIETNAMESE_ALPHABET + " "))
def test_folding_and_normalising_toneless_text_agree(text):
    folded = fold(text)
    assert normalize(folded) == folded
    assert fold(normalize(text)) == folded


# --- tokens and has_marks ---------------------------------------------------------------------


def test_tokens_split_on_whitespace_and_punctuation_and_keep_digits():
    assert tokens("Số 137-QĐ/TW, ngày 01/12/2023 (Bộ Chính trị)") == [
        "số", "137", "qđ", "tw", "ngày", "01", "12", "2023", "bộ", "chính", "trị",
    ]  # fmt: skip


def test_tokens_are_normalised():
    assert tokens("Uỷ  ban") == tokens("ủy ban") == ["ủy", "ban"]
    assert tokens("") == []
    assert tokens("_ -- !!") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("quy che lam viec", False),
        ("QUY DINH THOI HAN", False),
        ("137-QD/TW", False),
        ("Quy chế", True),
        ("dang uy", False),
        ("đang", True),
        ("Đ", True),
        ("", False),
    ],
)
def test_has_marks(text, expected):
    assert has_marks(text) is expected


# --- robustness -------------------------------------------------------------------------------


@given(st.text())
def test_no_crash_and_idempotent(text):
    normalized = normalize(text)
    folded = fold(text)
    assert normalize(normalized) == normalized
    assert fold(folded) == folded
    assert fold(normalized) == folded
    assert isinstance(has_marks(text), bool)
    assert all(token and " " not in token for token in tokens(text))


@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from("\u0300\u0301\u0323 ")))
def test_stray_combining_marks_are_stable(text):
    normalized = normalize(text)
    assert normalize(normalized) == normalized
    assert fold(fold(text)) == fold(text)


@pytest.mark.parametrize(
    "text",
    ["\ud800", "a\udfffb", "\x00\x01\x1f", "😀 Đảng 🇻🇳", "x" * 10_000, "Uỷ " * 3_000, "\u0301" * 5],
)
def test_odd_inputs_do_not_raise(text):
    normalize(text)
    fold(text)
    tokens(text)
    has_marks(text)
