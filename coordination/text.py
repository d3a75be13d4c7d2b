"""Text helpers shared by search, seeds and imports."""

import re
import unicodedata


def fold(text):
    """Lower-case text without diacritics, so `bao ve an ninh` matches `bảo vệ an ninh`."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


def slug(text, limit=60):
    """ "Bắc Ninh, Tuyên truyền" → "bac-ninh-tuyen-truyen", for file names."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:limit].strip("-")
