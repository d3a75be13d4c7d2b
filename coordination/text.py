"""Text helpers shared by search, sorting, seeds and imports."""

import functools
import re
import unicodedata


def fold(text):
    """Lower-case text without diacritics, so `bao ve an ninh` matches `bảo vệ an ninh`."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


# The Vietnamese alphabet, with the Latin letters it lacks (f, j, w, z) in their Latin places.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
# Letter-forming marks: breve (ă), circumflex (â ê ô), horn (ơ ư).
_LETTER_MARKS = {"\u0306": "\u0306", "\u0302": "\u0302", "\u031b": "\u031b"}
# Tones in dictionary order: none, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_TOKEN = re.compile(r"\d+|[^\W\d_]|[\W_]+", re.UNICODE)
SORT_KEY_LENGTH = 400


def _letter(char):
    """(index in the alphabet or None, tone) of one letter with its combining marks."""
    decomposed = unicodedata.normalize("NFD", char.lower())
    base, marks = decomposed[0], decomposed[1:]
    tone = 0
    for mark in marks:
        if mark in _TONES:
            tone = _TONES[mark]
    letter = unicodedata.normalize("NFC", base + "".join(m for m in marks if m in _LETTER_MARKS))
    index = _ALPHABET.find(letter) if len(letter) == 1 else -1
    if index < 0:
        index = _ALPHABET.find(base)
    return (index if index >= 0 else None), tone


@functools.lru_cache(maxsize=4096)  # names of places, branches and types: a few hundred
def sort_key(text):
    """A key that orders names as Vietnamese readers do, the same in Python and in SQL.

    a < ă < â, d < đ, words before longer words ("Cà Mau" before "Cao Bằng"), tones only
    break ties, digits compared as numbers ("số 2" before "số 10"). The key is made of
    lower-case ASCII letters only, so every database collation (SQLite's binary one,
    PostgreSQL's locale ones) orders it exactly as Python does.
    """
    primary, tones, cases = [], [], []
    for token in _TOKEN.findall(unicodedata.normalize("NFC", (text or "").strip())):
        if token[0].isdigit():
            digits = token.lstrip("0") or "0"
            # "b", then the number of digits, then the digits: shorter numbers are smaller.
            primary.append("b" + chr(ord("a") + min(len(digits), 25)))
            primary.append("".join(chr(ord("a") + int(d)) for d in digits[:25]))
        elif token[0].isalpha():
            index, tone = _letter(token)
            if index is None:  # a letter of another script: after the Latin ones, by code point
                code = ord(token[0])
                primary.append(
                    "z" + "".join(chr(ord("a") + (code >> s) % 26) for s in (15, 10, 5, 0))
                )
            else:
                primary.append(("c", "d")[index // 26] + chr(ord("a") + index % 26))
            tones.append(chr(ord("a") + tone))
            cases.append("b" if token != token.lower() else "a")
        elif primary and primary[-1] != "a":
            primary.append("a")  # a word break sorts before any letter or digit
    while primary and primary[-1] == "a":
        primary.pop()
    # "a" ends each level: it is below every letter that starts a primary element.
    return ("".join(primary) + "a" + "".join(tones) + "a" + "".join(cases))[:SORT_KEY_LENGTH]


def vi_sorted(items, key=str):
    """Items sorted the Vietnamese way by key(item)."""
    return sorted(items, key=lambda item: sort_key(key(item)))


def slug(text, limit=60):
    """ "Bắc Ninh, Tuyên truyền" → "bac-ninh-tuyen-truyen", for file names."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:limit].strip("-")
