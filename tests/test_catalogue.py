"""Every phrase the code shows has its Vietnamese, and Vietnamese pages show no English phrase.

The phrases are extracted as `make messages` extracts them (Django's makemessages over a copy of
the app, written to a temporary folder: the real catalogue is never touched), then looked up in
coordination/locale/vi/LC_MESSAGES/django.po. A failure lists every missing or untranslated
phrase, so that one run names all the work.
"""

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from coordination.models import Agreement, OutreachEvent, Province, UnionBranch

APP = Path(__file__).resolve().parent.parent / "coordination"
CATALOGUE = APP / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def _unquote(line):
    text = line[line.index('"') + 1 : line.rindex('"')]
    return re.sub(r'\\(["\\nt])', lambda m: {"n": "\n", "t": "\t"}.get(m[1], m[1]), text)


def read_po(path):
    """{(context, msgid): (msgid_plural, [msgstr…], fuzzy)} of a .po file, obsolete left out.

    Entries are separated by blank lines, as makemessages and msgmerge write them."""
    entries = {}
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        fields, field, fuzzy = {}, None, False
        for line in block.splitlines():
            line = line.strip()
            if line.startswith("#"):
                fuzzy |= line.startswith("#,") and "fuzzy" in line
            elif line.startswith('"') and field:
                fields[field] += _unquote(line)
            elif line:
                field = line.split(" ", 1)[0]
                fields[field] = _unquote(line)
        if fields.get("msgid"):
            strings = [value for name, value in sorted(fields.items()) if name.startswith("msgstr")]
            entries[(fields.get("msgctxt"), fields["msgid"])] = (
                fields.get("msgid_plural"),
                strings,
                fuzzy,
            )
    return entries


@pytest.fixture(scope="module")
def phrases_in_code(tmp_path_factory):
    """The phrases of the app's code and templates, as makemessages extracts them."""
    copy = tmp_path_factory.mktemp("extract") / "coordination"
    shutil.copytree(
        APP, copy, ignore=shutil.ignore_patterns("locale", "static", "__pycache__", "*.mo")
    )
    (copy / "locale").mkdir()
    return copy


def _extract(copy, settings, monkeypatch):
    # makemessages writes where LOCALE_PATHS says: none here, so only the copy's own folder.
    settings.LOCALE_PATHS = []
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["vi"], verbosity=0, no_obsolete=True)
    return read_po(copy / "locale" / "vi" / "LC_MESSAGES" / "django.po")


def test_every_phrase_of_the_code_has_its_vietnamese(phrases_in_code, settings, monkeypatch):
    extracted = _extract(phrases_in_code, settings, monkeypatch)
    catalogue = read_po(CATALOGUE)
    assert len(extracted) > 500, "the extraction found too few phrases to be trusted"
    missing, untranslated = [], []
    for key, (plural, _strings, _fuzzy) in sorted(extracted.items(), key=str):
        found = catalogue.get(key)
        label = f"{key[1]!r}" + (f" (context {key[0]!r})" if key[0] else "")
        if found is None:
            missing.append(label)
        elif found[2] or not found[1] or not all(found[1]) or (plural and found[0] != plural):
            untranslated.append(label)
    problems = []
    if missing:
        problems.append(f"{len(missing)} phrase(s) missing from {CATALOGUE.name}:")
        problems += [f"  {label}" for label in missing]
    if untranslated:
        problems.append(f"{len(untranslated)} phrase(s) untranslated, fuzzy or without plural:")
        problems += [f"  {label}" for label in untranslated]
    assert not problems, "\n".join(problems)


def test_the_catalogue_reader_sees_missing_and_empty_entries(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: vi\\n"\n\n'
        '#: a.py:1\nmsgid "Done"\nmsgstr "Xong"\n\n'
        '#: a.py:2\nmsgid ""\n"Two "\n"lines"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Guess"\nmsgstr "Đoán"\n\n'
        'msgctxt "person"\nmsgid "Name"\nmsgstr "Họ và tên"\n\n'
        'msgid "%(n)s day"\nmsgid_plural "%(n)s days"\nmsgstr[0] "%(n)s ngày"\n\n'
        '#~ msgid "Old"\n#~ msgstr "Cũ"\n',
        encoding="utf-8",
    )
    entries = read_po(po)
    assert entries[(None, "Done")] == (None, ["Xong"], False)
    assert entries[(None, "Two lines")] == (None, [""], False)
    assert entries[(None, "Guess")][2] is True
    assert entries[("person", "Name")][1] == ["Họ và tên"]
    assert entries[(None, "%(n)s day")] == ("%(n)s days", ["%(n)s ngày"], False)
    assert (None, "Old") not in entries


# English a Vietnamese page must not show: Django's and the app's phrases left untranslated.
ENGLISH = [
    "Nothing to show",
    "Activities",
    "Activity",
    "Change",
    "History",
    "Delete",
    "Add",
    "Save",
    "Search",
    "Filter",
    "Recent actions",
    "My actions",
    "Models in",
    "Welcome",
    "Log out",
    "View site",
    "Home",
    "Go",
    "selected",
    "Show all",
    "None available",
    "Published",
    "Date signed",
    "Parties",
    "Previous",
    "Next",
    "Users",
    "Groups",
    "Access attempts",
    "Access logs",
    "from Bộ Công an",
]
_ENGLISH = re.compile(r"\b(?:" + "|".join(re.escape(word) for word in ENGLISH) + r")\b")


class _VisibleText(HTMLParser):
    """Text a reader sees or hears: text nodes and title/alt/placeholder/aria-label values."""

    SKIPPED = {"script", "style", "template"}
    SPOKEN = {"title", "alt", "placeholder", "aria-label"}

    def __init__(self):
        super().__init__()
        self.parts, self.skipping = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED:
            self.skipping += 1
        self.parts += [value for name, value in attrs if name in self.SPOKEN and value]

    def handle_endtag(self, tag):
        if tag in self.SKIPPED and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def visible_text(html):
    reader = _VisibleText()
    reader.feed(html)
    return " ".join(" ".join(reader.parts).split())


def _english_on(text):
    return sorted({match[0] for match in _ENGLISH.finditer(text)})


def test_the_english_finder_reads_only_what_a_reader_sees():
    html = (
        '<p title="Delete">Xóa <b>Activities</b></p><script>var Change = 1;</script>'
        "<style>.Add{}</style><p>Thêm hoạt động Gold</p>"
    )
    assert _english_on(visible_text(html)) == ["Activities", "Delete"]


def _public_pages(seeded):
    event = OutreachEvent.objects.published().order_by("pk").first()
    branch = UnionBranch.objects.order_by("pk").first()
    province = Province.objects.filter(era=Province.Era.CURRENT).order_by("code").first()
    pages = [
        reverse("home"),
        reverse("event-list"),
        event.get_absolute_url(),
        reverse("dashboard"),
        reverse("report"),
        reverse("branch-list"),
        reverse("branch-detail", args=[branch.code]),
        reverse("province-list"),
        reverse("province-detail", args=[province.code]),
    ]
    pages += [agreement.get_absolute_url() for agreement in Agreement.objects.order_by("pk")]
    return pages


def _admin_pages():
    earlier = Agreement.objects.get(code="qc-earlier")
    return [
        reverse("admin:index"),
        reverse("admin:coordination_outreachevent_changelist"),
        reverse("admin:coordination_agreement_changelist"),
        reverse("admin:coordination_agreement_change", args=[earlier.pk]),
        reverse("admin:coordination_agreement_history", args=[earlier.pk]),
        reverse("admin:auth_user_changelist"),
        reverse("admin:axes_accessattempt_changelist"),
        reverse("admin:axes_accesslog_changelist"),
    ]


def _english_on_pages(client, urls):
    found = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        if words := _english_on(visible_text(response.content.decode())):
            found[url] = words
    return found


def _report(found):
    return "English on Vietnamese pages:\n" + "\n".join(
        f"  {url}: {', '.join(words)}" for url, words in found.items()
    )


def test_vietnamese_pages_show_no_english_phrase(client, admin_client, seeded):
    found = _english_on_pages(client, _public_pages(seeded))
    found |= _english_on_pages(admin_client, _admin_pages())
    assert not found, _report(found)


def test_charts_say_nothing_to_show_in_vietnamese(client, seeded):
    found = _english_on_pages(client, [reverse("dashboard"), reverse("report")])
    assert not found, _report(found)
