"""The hostile-input sweep's values and checks (tests/test_hostile_public.py and
tests/test_hostile_admin.py): sixty-odd values, each request carrying one in every parameter or
field at once, rotated so that each field sees each value."""

SCRIPT = '<script>alert("hostile")</script>'
IMG = '"><img src=x onerror=alert(1)>'
SVG = "'><svg/onload=alert(2)>"
#: What must never appear in a page as it was sent: each is a piece of live markup.
UNESCAPED = ["<script>alert(", "<img src=x onerror", "<svg/onload"]

HOSTILE = [
    # numbers
    "",
    " ",
    "0",
    "-1",
    "-0",
    "1.5",
    "1e20",
    "4e17",
    "NaN",
    "-inf",
    "0x1F",
    "2147483648",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "99999999999999999999999999",
    "9" * 5000,
    "1000001",
    "²",
    "１２３",
    "١٢٣",
    # dates
    "31/02/2024",
    "00/00/0000",
    "01/01/0001",
    "31/12/9999",
    "9999-12-31",
    "0001-01-01",
    "2024-13-01",
    "29/02/2023",
    "10000-01-01",
    "-2024-01-01",
    "1/1/1",
    "01/01/1999",
    # length and NUL
    "x" * 10_000,
    "đ" * 3000,
    "\x00",
    "abc\x00def",
    "\x00" * 40,
    # markup and templates
    SCRIPT,
    IMG,
    SVG,
    "javascript:alert(1)",
    "{{ 7|add:7 }}",
    "{% debug %}",
    "${7*7}",
    # SQL-looking
    "' OR '1'='1",
    "1; DROP TABLE coordination_outreachevent; --",
    "1' UNION SELECT password FROM auth_user --",
    "%",
    "_",
    "\\",
    "%%' --",
    # unicode oddities
    "\u202egnp.exe",
    "\u200b\u200b",
    "\ufeff",
    "👮\u200d♂️",
    "a\u0301" * 200,
    "İı",
    "\r\n\t",
    "../../etc/passwd",
    "%00",
    "%2e%2e%2f",
    # look-alikes of real values and unknown ids
    "null",
    "None",
    "[]",
    '{"a": 1}',
    "former:",
    "former:99",
    "former:former:24",
    ":24",
    " 24 ",
    "999999999",
    "cd-cand\x00",
]
assert len(HOSTILE) >= 60


def ok(response, what):
    assert response.status_code < 500, f"{what}: {response.status_code}"
    if response.get("Content-Type", "").startswith("text/html") and not response.streaming:
        html = response.content.decode(errors="replace")
        for piece in UNESCAPED:
            assert piece not in html, f"{what}: unescaped {piece!r}"


def rotated(names, shift):
    return {name: HOSTILE[(index + shift) % len(HOSTILE)] for index, name in enumerate(names)}


def drain(response):
    if response.streaming:
        b"".join(response.streaming_content)
