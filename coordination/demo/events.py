"""Demo activity rows in date order, then their focus-area and partner links.

Speed matters (a million rows in well under a minute of Python), so every text is put
together from fragments whose folded form is computed once (texts.py), and weighted choices
use one random number each (picking.py). The order of the random draws is part of the
output: the same seed gives the same rows.
"""

import datetime
import itertools
import math
from array import array

from coordination import activity_fields
from coordination.models import ActivityType, Agreement, FocusArea, Province, UnionBranch
from coordination.text import fold

from . import DemoDataError
from .picking import Picker, pair, zipf
from .texts import Descriptions, title_pickers
from .vocabulary import (
    AREA_WEIGHTS,
    COMPANIES,
    FIRST_DAY,
    LAST_DAY,
    MERGER,
    PARKS,
    PROVINCE_RANK,
    TYPE_WEIGHTS,
    TZ,
    VENUES,
)

#: The activity table's columns, in the order rows() yields them.
EVENT_COLUMNS = [
    "id",
    *activity_fields.columns(activity_fields.RECORDED),
    *activity_fields.columns(activity_fields.KEPT),
]
COMBO_SIZE_WEIGHTS = {1: 0.55, 2: 0.33, 3: 0.12}
ONE_DAY = datetime.timedelta(days=1)
TET_MONTHS = (12, 1, 2)
EIGHT = datetime.time(8)
#: Rows whose search text is compared with the model's own fold(): a cheap guard.
CHECKED_ROWS = 200


class EventGenerator:
    """rows() yields activities; focus_rows() and partner_rows() then yield their links."""

    def __init__(self, rng, branches):
        self.random = rng.random
        self.regulation = Agreement.objects.for_new_activities()
        self.areas = list(FocusArea.objects.active().order_by("number"))
        if not self.areas:
            raise DemoDataError("The working list has no focus areas in use.")
        self.area_ids = [area.id for area in self.areas]
        types = list(ActivityType.objects.order_by("order", "id"))
        self.pick_type = Picker(types, [TYPE_WEIGHTS.get(t.code, 3) for t in types], rng)
        self.combos, weights = _focus_combinations(self.areas)
        self.pick_combo = Picker(range(len(self.combos)), weights, rng)
        self._province_pickers(rng)
        self.pick_organiser = Picker(*_organisers(branches), rng)
        self.titles = title_pickers(types, self.areas, rng)
        self.describe = Descriptions(rng, {b.id: b.name for b in branches})
        self.pick_status = Picker(["published", "draft", "withdrawn"], [94, 5, 1], rng)
        self.pick_precision = Picker(["day", "month", "year"], [92, 6, 2], rng)
        self.pick_qualifier = Picker(["exact", "more_than", "nearly"], [85, 12, 3], rng)
        self.stats = {"published": 0, "draft": 0, "withdrawn": 0, "focus": 0, "partners": 0}
        self._pairs = {}

    def _province_pickers(self, rng):
        provinces = list(Province.objects.all())
        self.province_by_id = {p.id: p for p in provinces}
        current = {p.code: p for p in provinces if p.is_current}
        formers = {}
        for p in provinces:
            if not p.is_current:
                formers.setdefault(p.successor_id, []).append(p)
        ranked = [current[c] for c in PROVINCE_RANK if c in current]
        ranked += [p for p in current.values() if p not in ranked]
        self.pick_any_province = Picker(ranked, zipf(len(ranked), 0.9), rng)
        # A former part of a current province: the part with the same code (usually the
        # seat) is twice as likely as each other part.
        self.pick_former = {}
        for p in current.values():
            parts = formers.get(p.code) or [p]
            self.pick_former[p.id] = Picker(
                parts, [2 if f.code == p.code else 1 for f in parts], rng
            )
        self.parks = {p.id: _parks_for(p, formers.get(p.code, [])) for p in provinces}

    def _pair(self, text):
        found = self._pairs.get(text)
        if found is None:
            found = self._pairs[text] = pair(text)
        return found

    def rows(self, first_id, count):
        """Yield event rows in EVENT_COLUMNS order; remember what the links need."""
        self.first_id = first_id
        self.combo_index = array("B")
        self.partner_of = array("q")
        regulation_id = self.regulation.id
        # An activity before the regulation was signed cannot be logged under it (the model
        # refuses it): those are left without one, as the seeded ones are.
        signed = self.regulation.signed_on
        dates = {}
        for n, ordinal in enumerate(self._dates_sorted(count)):
            start = dates.get(ordinal)
            if start is None:
                start = dates[ordinal] = datetime.date.fromordinal(ordinal)
            start, end, precision = self._period(start)
            organiser, home, province = self._organiser_and_province(ordinal)
            combo = self.pick_combo()
            self.combo_index.append(combo)
            activity_type = self._type_for(start)
            partner = organiser[3].get(home, 0) if home and self.random() < 0.35 else 0
            self.partner_of.append(partner)
            place = self._place(province)
            title = self._title(activity_type, combo, start, place, province)
            sessions, participants = self._figures(precision)
            where = place or (province.name if province is not None else "")
            description = self.describe(
                organiser,
                partner,
                self._pair(where) if where else None,
                participants,
                activity_type.code,
            )
            search_text = f" {title[1]} {description[1]}"
            if place:
                search_text += f" {self._pair(place)[1]}"
            if n < CHECKED_ROWS and search_text != " " + fold(
                " ".join((title[0], description[0], place))
            ):
                raise DemoDataError(f"search_text of {title[0]!r} differs from the model's")
            status = self.pick_status()
            self.stats[status] += 1
            created = datetime.datetime.combine(start, EIGHT, TZ) + datetime.timedelta(
                days=int(self.random() * 40) - 10, seconds=int(self.random() * 32400)
            )
            # fmt: off
            yield (
                first_id + n, title[0], description[0], activity_type.id,
                regulation_id if signed is None or start >= signed else None,
                organiser[0], "", "", province.id if province is not None else None,
                province is None, place,
                start, end, precision, sessions, participants,
                self._qualifier(sessions, participants), status,
                None, None, "", search_text, created, created, 1, True, None,
            )
            # fmt: on

    def _type_for(self, start):
        """A type that fits the date: Tết visits fall between December and February."""
        activity_type = self.pick_type()
        while activity_type.code == "tham-hoi-tet" and start.month not in TET_MONTHS:
            activity_type = self.pick_type()
        return activity_type

    def _qualifier(self, sessions, participants):
        """ "hơn"/"gần" only on figures large enough to be rounded: never "gần 1 buổi"."""
        qualifier = self.pick_qualifier()
        if qualifier != "exact" and (
            (sessions is not None and sessions < 10)
            or (participants is not None and participants < 100)
        ):
            return "exact"
        return qualifier

    def _dates_sorted(self, count):
        """Start dates, busier in later years, fewer on Sundays, in ascending order."""
        rnd = self.random
        span = (LAST_DAY - FIRST_DAY).days
        first = FIRST_DAY.toordinal()
        days = []
        for _ in range(count):
            u = rnd()
            offset = u if rnd() < 0.5 else math.sqrt(u)
            ordinal = first + min(int(offset * (span + 1)), span)
            if (ordinal - 1) % 7 == 6 and rnd() < 0.6:  # Sunday → Saturday
                ordinal -= 1
            days.append(ordinal)
        days.sort()
        return days

    def _period(self, start):
        """(start, end, precision): a day (sometimes several), a month or a year."""
        precision = self.pick_precision()
        end = None
        if precision == "month":
            start = start.replace(day=1)
        elif precision == "year":
            start = start.replace(month=1, day=1)
        elif self.random() < 0.15:
            end = start + ONE_DAY * (1 + int(self.random() * 4))
        return start, end, precision

    def _organiser_and_province(self, ordinal):
        """The organiser's tuple, its (current) home province id and the activity's province.

        Central units work all over the country, now and then nationwide; a few activities
        happen outside the organiser's province; before the merger most name a former one.
        """
        rnd = self.random
        organiser = self.pick_organiser()
        home = organiser[1]
        if organiser[2]:
            home = None if rnd() < 0.1 else self.pick_any_province().id
        elif rnd() < 0.03:
            home = self.pick_any_province().id
        province = self.province_by_id[home] if home else None
        if province is not None and ordinal < MERGER.toordinal() and rnd() < 0.7:
            province = self.pick_former[home]()
        return organiser, home, province

    def _place(self, province):
        """An industrial park, a company, a hall, or none."""
        rnd = self.random
        r = rnd()
        if province is None or r >= 0.93:
            return ""
        if r < 0.55:
            options = self.parks[province.id]
            return options[int(rnd() * len(options))]
        if r < 0.75:
            return COMPANIES[int(rnd() * len(COMPANIES))]
        return f"{VENUES[int(rnd() * len(VENUES))]} {province.name}"

    def _title(self, activity_type, combo, start, place, province):
        """(title, folded): a prebuilt body for the type and first area, then where."""
        first_area = self.area_ids[self.combos[combo][0]]
        body, body_folded, takes_where = self.titles[activity_type.id, first_area]()
        if activity_type.code == "tham-hoi-tet":
            year = str(start.year if start.month <= 6 else start.year + 1)
            body, body_folded = f"{body} {year}", f"{body_folded} {year}"
        if takes_where and place.startswith(("KCN", "Công ty", "Cụm")):
            suffix = self._pair(place)
        elif province is not None and self.random() < 0.5:
            suffix = self._pair(f"trên địa bàn {province.name}")
        else:
            return body, body_folded
        return f"{body} {suffix[0]}", f"{body_folded} {suffix[1]}"

    def _figures(self, precision):
        """(sessions, participants), log-normal, either sometimes unknown."""
        rnd = self.random
        if precision == "day":
            sessions = 1 if rnd() < 0.8 else 2 + int(rnd() * 4)
        else:
            sessions = 3 + int(rnd() * 58)
        u1 = rnd() or 1e-12
        normal = math.sqrt(-2 * math.log(u1)) * math.cos(6.283185307179586 * rnd())
        participants = int(min(20000, max(10, math.exp(4.8 + 0.8 * normal) * sessions**0.7)))
        if rnd() < 0.02:
            sessions = None
        if rnd() < 0.03:
            participants = None
        return sessions, participants

    def focus_rows(self):
        for n, combo in enumerate(self.combo_index):
            for index in self.combos[combo]:
                self.stats["focus"] += 1
                yield (self.first_id + n, self.area_ids[index])

    def partner_rows(self):
        for n, partner in enumerate(self.partner_of):
            if partner:
                self.stats["partners"] += 1
                yield (self.first_id + n, partner)


def _focus_combinations(areas):
    """Combinations of 1–3 areas (as indexes), weighted by size and by each area's weight."""
    combos, weights = [], []
    area_weight = [AREA_WEIGHTS.get(a.code, 5) for a in areas]
    for size, size_weight in COMBO_SIZE_WEIGHTS.items():
        all_combos = list(itertools.combinations(range(len(areas)), size))
        raw = [math.prod(area_weight[i] for i in combo) for combo in all_combos]
        for combo, w in zip(all_combos, raw, strict=True):
            combos.append(combo)
            weights.append(size_weight * w / sum(raw))
    return combos, weights


def _parks_for(province, former_parts):
    codes = [province.code] if not province.is_current else [f.code for f in former_parts]
    parks = [f"KCN {name}" for code in codes for name in PARKS.get(code, [])]
    return parks or [f"Cụm công nghiệp {province.name}"]


def _organisers(branches):
    """Organiser tuples (id, home province id, works nationwide, partner id by province,
    name) and their weights.

    The partner of a police union is the federation of its province, and the other way round.
    """
    organisers, weights, central_ids = _organiser_weights(branches)
    union_by_province, federation_by_province = {}, {}
    for b in organisers:
        if b.kind == UnionBranch.Kind.LABOUR_FEDERATION:
            federation_by_province[b.province_id] = b
        elif b.demo_weight is not None and not b.demo_central:
            union_by_province[b.province_id] = b
    info = []
    for b in organisers:
        counterpart = (
            union_by_province
            if b.kind == UnionBranch.Kind.LABOUR_FEDERATION
            else federation_by_province
        )
        partners = {pid: other.id for pid, other in counterpart.items() if other.id != b.id}
        info.append((b.id, b.province_id, b.id in central_ids, partners, b.name))
    return info, weights


def _organiser_weights(branches):
    """(organisers, weights, ids of the central units and their grassroots unions).

    Each upper-level police union by its Zipf weight, a quarter of it for the union itself
    and the rest over its grassroots unions (Zipf again); each federation gets a tenth of its
    province's union weight.
    """
    children = {}
    for b in branches:
        if b.level == UnionBranch.Level.GRASSROOTS:
            children.setdefault(b.parent_id, []).append(b)
    union_weight, central_ids = {}, set()
    organisers, weights = [], []
    for b in (b for b in branches if b.demo_weight is not None):
        kids = children.get(b.id, [])
        if b.demo_central:
            central_ids.update([b.id, *(kid.id for kid in kids)])
        else:
            union_weight[b.province_id] = b.demo_weight
        organisers.append(b)
        weights.append(b.demo_weight * 0.25)
        share = zipf(len(kids), 0.8)
        for kid, s in zip(kids, share, strict=True):
            organisers.append(kid)
            weights.append(b.demo_weight * 0.75 * s / sum(share))
    for b in branches:
        if b.kind == UnionBranch.Kind.LABOUR_FEDERATION:
            organisers.append(b)
            weights.append(0.1 * union_weight.get(b.province_id, 0.05))
    return organisers, weights, central_ids
