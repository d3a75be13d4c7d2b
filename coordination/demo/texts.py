"""Titles and descriptions of demo activities, put together from prebuilt fragments.

Each fragment is folded once (``pair``), so a row's search text is joined, not computed.
"""

from .picking import Picker, pair
from .vocabulary import (
    ACTIONS,
    ATTENDEES,
    AUDIENCES,
    EXCHANGE_TITLES,
    FALLBACK_TOPICS,
    FRAUD_TOPICS,
    GIFT_TAIL,
    ID_MIDDLES,
    ID_TITLES,
    MODEL_ACTIONS,
    MODELS,
    OTHER_TITLES,
    RARE_RATE,
    RARE_SENTENCE,
    SPEAKERS,
    SUPPORT_TITLES,
    TET_MIDDLES,
    TET_TITLES,
    TIPS,
    TOPICS,
)

ACTION_WEIGHTS = [30, 20, 15, 10, 8, 7, 5, 5]
AUDIENCE_WEIGHTS = [30, 25, 15, 12, 6, 5, 4, 3]


def title_pickers(types, areas, rng):
    """For each (activity type id, focus area id): a Picker of (text, folded, takes where)."""
    pickers = {}
    for activity_type in types:
        for area in areas:
            entries, weights = _title_entries(
                activity_type.code, TOPICS.get(area.code, FALLBACK_TOPICS)
            )
            items = [(*pair(text), where) for text, where in entries]
            pickers[activity_type.id, area.id] = Picker(items, weights or [1] * len(items), rng)
    return pickers


def _title_entries(code, topics):
    """(title, takes a place after it) and their weights (none: equal) for a type."""
    if code in ("de-an-06", "tham-hoi-tet"):
        if code == "de-an-06":
            heads, tail, where = ID_TITLES, "", True
        else:
            heads, tail, where = TET_TITLES, " dịp Tết Nguyên đán", False
        entries, weights = [], []
        for head in heads:
            for audience, weight in zip(AUDIENCES, AUDIENCE_WEIGHTS, strict=True):
                entries.append((f"{head} {audience}{tail}", where))
                weights.append(weight)
        return entries, weights
    if code == "mo-hinh":
        return [(f"{a} {m}", True) for a in MODEL_ACTIONS for m in MODELS], []
    if code == "ho-tro":
        return [(title, False) for title in SUPPORT_TITLES], []
    if code == "trao-doi-thong-tin":
        return [(title, False) for title in EXCHANGE_TITLES], []
    if code == "khac":
        return [(f"{o} tuyên truyền {t}", False) for o in OTHER_TITLES for t in topics], []
    if code == "phong-chong-lua-dao":
        topics = FRAUD_TOPICS
    entries, weights = [], []
    for action, action_weight in zip(ACTIONS, ACTION_WEIGHTS, strict=True):
        for topic in topics:
            for audience, audience_weight in zip(AUDIENCES, AUDIENCE_WEIGHTS, strict=True):
                entries.append((f"{action} {topic} cho {audience}", True))
                weights.append(action_weight * audience_weight)
    return entries, weights


class Descriptions:
    """Who with whom where; what was said; how many came; extras. Folded alongside."""

    def __init__(self, rng, branch_names):
        self.random = rng.random
        self.branch_names = branch_names
        talks = [
            pair(f"Báo cáo viên {speaker} đã thông tin về {tip}.")
            for speaker in SPEAKERS
            for tip in TIPS
        ]
        # A speaker's talk fits an awareness session, not an ID drive or a Tết visit.
        self.middles = {
            "de-an-06": [pair(text) for text in ID_MIDDLES],
            "tham-hoi-tet": [pair(text) for text in TET_MIDDLES],
        }
        self.talks = talks
        self.attendees = [(pair("Có"), pair(f"{who} tham dự.")) for who in ATTENDEES]
        self.gift = (pair("Dịp này, ban tổ chức đã trao"), pair(GIFT_TAIL))
        self.rare = pair(RARE_SENTENCE)
        self.heads = {}

    def __call__(self, organiser, partner, where, participants, type_code=""):
        """(description, folded) of one activity; where is a folded pair or None."""
        rnd = self.random
        text, folded = self._head(organiser, partner, where)
        middles = self.middles.get(type_code, self.talks)
        middle = middles[int(rnd() * len(middles))]
        text, folded = f"{text} {middle[0]}", f"{folded} {middle[1]}"
        if participants:
            number = f"{participants:,}".replace(",", ".")
            (lead, lead_f), (tail, tail_f) = self.attendees[int(rnd() * len(self.attendees))]
            text += f" {lead} {number} {tail}"
            folded += f" {lead_f} {number} {tail_f}"
        if rnd() < 0.3:
            number = str(5 + int(rnd() * 95))
            (head, head_f), (tail, tail_f) = self.gift
            text += f" {head} {number} {tail}"
            folded += f" {head_f} {number} {tail_f}"
        if rnd() < RARE_RATE:
            text += f" {self.rare[0]}"
            folded += f" {self.rare[1]}"
        return text, folded

    def _head(self, organiser, partner, where):
        key = (organiser[0], partner)
        head = self.heads.get(key)
        if head is None:
            text = organiser[4]
            if partner:
                text += f" phối hợp với {self.branch_names[partner]}"
            head = self.heads[key] = pair(f"{text} tổ chức hoạt động")
        if where:
            return f"{head[0]} tại {where[0]}.", f"{head[1]} tai {where[1]}."
        return f"{head[0]} trên phạm vi toàn quốc.", f"{head[1]} tren pham vi toan quoc."
