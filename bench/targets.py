"""What the bench measures and what it should reach (PostgreSQL, 1,000,000 activities).

Page targets are medians over HTTP (gunicorn, production settings, one client); throughput
targets are for 16 concurrent clients. Issue 17 set them.
"""

GUNICORN_WORKERS = 5  # what the README recommends for a 2-core host: 2 × cores + 1
CLIENTS = 16
DEFAULT_PORT = 8765

BUSY_BRANCH = "demo-cdca-79"
BIG_PROVINCE, SMALL_PROVINCE = "79", "12"
#: Hải Dương, merged into Hải Phòng: every row older than the newest ones.
FORMER_PROVINCE = "former:30"
FOCUS_AREA = "qc04-ma-tuy"
ACTIVITY_TYPE = "tuyen-truyen"
MONTH = ("2024-03-01", "2024-03-31")
COMMON_WORDS, RARE_PHRASE = "cong nhan", "buu dien"
#: A word common in the demo texts, within a province of three former ones (Hồ Chí Minh).
WORDS_IN_PROVINCE = ("an ninh", "79")
XLSX_ROWS = 100_000

#: (median ms, p95 ms or None) by kind of page.
TARGETS = {
    "list": (15, None),
    "list_combined": (25, None),
    "search": (25, None),
    "deep": (25, None),
    "page": (12, None),
    "dashboard": (100, None),
    "admin": (150, None),
}
#: Requests/s and p95 ms, 0 errors: (mix, page cache) → target.
THROUGHPUT_TARGETS = {
    ("realistic", "cached"): (150, 250),
    ("long tail", "off"): (60, 250),
}
CSV_TARGET = (30.0, 250)  # seconds, MB
XLSX_TARGET = (20.0, 250)
GENERATE_TARGET_S = 180
DJANGO_SHARE_MS = 20
