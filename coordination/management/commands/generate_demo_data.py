"""Realistic synthetic data for demos and benchmarks, on top of the real seeds.

``python manage.py generate_demo_data --events N [--seed S] [--clear]``

* About 610 union branches in the real hierarchy shape: under CĐ CAND 24 upper-level unions
  (21 provincial police unions, 3 central units) with 565 grassroots unions spread unevenly
  below them, and 21 provincial labour federations under the Tổng LĐLĐ. Codes start with
  ``demo-``.
* N activities from 2016 to 2026, skewed like real reporting (a few busy provinces and
  branches, many quiet ones), with Vietnamese titles and descriptions, 1–3 focus areas of the
  regulation in force, ~94 % published, ~5 % drafts, ~1 % withdrawn. Before 1 July 2025 most
  activities sit in a former province; from that day on only in current ones.

Every row it writes is marked ``is_demo``; ``--clear`` deletes those rows only. It writes no
history rows. PostgreSQL is loaded with COPY, SQLite with batched INSERTs, so a million
activities take a couple of minutes. The same ``--seed`` on the same database gives the same
data.
"""

import bisect
import datetime
import itertools
import math
import random
import time
from array import array

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from coordination import pagecache, tallies
from coordination.models import (
    ActivityType,
    Agreement,
    FocusArea,
    OutreachEvent,
    Province,
    UnionBranch,
)
from coordination.models.geography import MERGER_DATE
from coordination.text import fold, sort_key

PREFIX = "demo-"
ROOT_CODE = "cd-cand"
CONFEDERATION_CODE = "tong-ldld"
FIRST_DAY = datetime.date(2016, 1, 1)
LAST_DAY = datetime.date(2026, 10, 31)
MERGER = datetime.date.fromisoformat(MERGER_DATE)
TZ = datetime.timezone(datetime.timedelta(hours=7))

#: Current provinces from busiest to quietest; the first 20 and Lai Châu (12, the quietest
#: on purpose, for benchmarks) get a provincial police union and a labour federation.
PROVINCE_RANK = [
    "79", "01", "24", "31", "75", "33", "22", "48", "40", "38", "92", "56", "19", "25", "37",
    "80", "91", "66", "46", "15", "52", "51", "68", "42", "44", "82", "86", "96", "14", "08",
    "20", "04", "11", "12",
]  # fmt: skip
UNION_PROVINCES = PROVINCE_RANK[:20] + ["12"]
UPPER_LEVEL_COUNT = 24
GRASSROOTS_COUNT = 565

CENTRAL_UNITS = [
    ("bo", "Công đoàn Cơ quan Bộ Công an", "CĐ Cơ quan Bộ Công an", 0.30),
    ("k02", "Công đoàn Bộ Tư lệnh Cảnh sát cơ động", "CĐ Bộ Tư lệnh CSCĐ", 0.18),
    ("t02", "Công đoàn Học viện Cảnh sát nhân dân", "CĐ Học viện CSND", 0.10),
]
CENTRAL_CODES = {f"{PREFIX}cdca-{key}" for key, *_ in CENTRAL_UNITS}

DEPARTMENTS = [
    "Phòng Tham mưu",
    "Phòng Cảnh sát hình sự",
    "Phòng Cảnh sát kinh tế",
    "Phòng Cảnh sát điều tra tội phạm về ma túy",
    "Phòng Cảnh sát giao thông",
    "Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ",
    "Phòng Cảnh sát quản lý hành chính về trật tự xã hội",
    "Phòng An ninh chính trị nội bộ",
    "Phòng An ninh kinh tế",
    "Phòng An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao",
    "Phòng An ninh đối ngoại",
    "Phòng Quản lý xuất nhập cảnh",
    "Phòng Kỹ thuật hình sự",
    "Phòng Hậu cần",
    "Phòng Tổ chức cán bộ",
    "Phòng Công tác đảng và công tác chính trị",
    "Phòng Cảnh sát cơ động",
    "Phòng Cảnh sát thi hành án hình sự và hỗ trợ tư pháp",
    "Phòng Cảnh sát điều tra tội phạm về tham nhũng, kinh tế, buôn lậu",
    "Phòng Cảnh sát môi trường",
    "Phòng Hồ sơ",
    "Phòng Pháp chế",
    "Trại tạm giam",
    "Phòng Cảnh sát đường thủy",
    "Phòng Thông tin liên lạc",
    "Phòng Cảnh sát bảo vệ",
]
CENTRAL_DEPARTMENTS = [
    "Văn phòng",
    "Cục Tổ chức cán bộ",
    "Cục Hậu cần",
    "Cục Cảnh sát hình sự",
    "Cục An ninh mạng",
    "Cục Cảnh sát giao thông",
    "Trung đoàn Cảnh sát cơ động",
    "Khoa Luật",
    "Khoa Điều tra",
    "Tiểu đoàn học viên",
]

#: Industrial parks by FORMER province code (where the park really is).
PARKS = {
    "01": ["Thăng Long", "Nội Bài", "Quang Minh", "Bắc Thăng Long", "Phú Nghĩa", "Sài Đồng B"],
    "79": ["Tân Thuận", "Linh Trung", "Hiệp Phước", "Vĩnh Lộc", "Tân Tạo", "Cát Lái"],
    "74": ["VSIP I", "VSIP II", "Mỹ Phước", "Sóng Thần", "Đồng An", "Bàu Bàng", "Việt Hương"],
    "77": ["Phú Mỹ I", "Mỹ Xuân A", "Đông Xuyên", "Cái Mép"],
    "27": ["Yên Phong", "Quế Võ", "Tiên Sơn", "VSIP Bắc Ninh", "Đại Đồng – Hoàn Sơn"],
    "24": ["Đình Trám", "Quang Châu", "Vân Trung", "Song Khê – Nội Hoàng"],
    "31": ["Đình Vũ", "Tràng Duệ", "Nomura", "VSIP Hải Phòng", "An Dương"],
    "30": ["Đại An", "Nam Sách", "Phúc Điền", "Tân Trường", "Lai Vu"],
    "75": ["Amata", "Biên Hòa 2", "Long Thành", "Nhơn Trạch 1", "Hố Nai", "Giang Điền"],
    "70": ["Minh Hưng – Hàn Quốc", "Chơn Thành", "Đồng Xoài"],
    "22": ["Cái Lân", "Việt Hưng", "Đông Mai", "Sông Khoai"],
    "33": ["Phố Nối A", "Thăng Long II", "Minh Đức"],
    "34": ["Tiền Hải", "Cầu Nghìn"],
    "48": ["Hòa Khánh", "Liên Chiểu", "Đà Nẵng – An Đồn", "Hòa Cầm"],
    "49": ["Điện Nam – Điện Ngọc", "Tam Thăng", "Chu Lai"],
    "26": ["Khai Quang", "Bá Thiện", "Bình Xuyên"],
    "25": ["Thụy Vân", "Phú Hà"],
    "19": ["Yên Bình", "Điềm Thụy", "Sông Công"],
    "38": ["Lễ Môn", "Bỉm Sơn", "Nghi Sơn"],
    "40": ["VSIP Nghệ An", "Nam Cấm", "Bắc Vinh"],
    "80": ["Tân Đức", "Xuyên Á", "Long Hậu", "Phúc Long"],
    "72": ["Trảng Bàng", "Phước Đông"],
    "92": ["Trà Nóc", "Hưng Phú"],
    "56": ["Suối Dầu", "Ninh Thủy"],
    "36": ["Hòa Xá", "Bảo Minh"],
    "35": ["Đồng Văn I", "Đồng Văn II"],
    "37": ["Gián Khẩu", "Khánh Phú"],
    "46": ["Phú Bài", "Phong Điền"],
    "91": ["Thạnh Lộc", "Thuận Yên"],
    "89": ["Bình Hòa", "Bình Long"],
    "66": ["Hòa Phú"],
    "15": ["Phía Nam Yên Bái"],
    "10": ["Đông Phố Mới", "Tằng Loỏng"],
    "12": ["Cụm công nghiệp Tam Đường"],
}
COMPANIES = [
    "Công ty TNHH May mặc Phú Thịnh",
    "Công ty CP Giày da Thành Công",
    "Công ty TNHH Điện tử Hòa Bình",
    "Công ty TNHH Linh kiện Quang Minh",
    "Công ty CP Dệt may Hưng Long",
    "Công ty TNHH Gỗ nội thất Tân Phát",
    "Công ty CP Thủy sản Sông Hậu",
    "Công ty TNHH Cơ khí Đại Việt",
    "Công ty TNHH Thực phẩm An Bình",
    "Công ty CP Xi măng Hoàng Long",
]
VENUES = [
    "Nhà văn hóa công nhân",
    "Hội trường Công an tỉnh",
    "Hội trường Liên đoàn Lao động tỉnh",
    "Thiết chế công đoàn",
    "Nhà văn hóa khu nhà trọ công nhân",
]

#: Topics by the event's first focus area code; areas a later regulation adds fall back.
TOPICS = {
    "qc04-thong-tin": [
        "tình hình an ninh, trật tự tại doanh nghiệp",
        "an ninh, trật tự trong khu nhà trọ công nhân",
        "chế độ thông tin hai chiều về tình hình công nhân",
    ],
    "qc04-toi-pham": [
        "phòng, chống tội phạm",
        "phòng, chống tội phạm trộm cắp tài sản",
        "phòng, chống tội phạm sử dụng công nghệ cao",
        "phòng ngừa tội phạm xâm hại trẻ em",
        "phòng, chống mua bán người",
    ],
    "qc04-ma-tuy": [
        "phòng, chống ma túy",
        "phòng, chống ma túy và tệ nạn xã hội",
        "phòng, chống tác hại của ma túy tổng hợp",
        "phòng, chống ma túy trong thanh niên công nhân",
    ],
    "qc04-nuoc-ngoai": [
        "quản lý lao động làm việc ở nước ngoài",
        "phòng ngừa xuất cảnh trái phép",
        "pháp luật về người lao động đi làm việc ở nước ngoài",
    ],
    "qc04-tuyen-truyen": [
        "pháp luật về an toàn giao thông",
        "phòng cháy, chữa cháy",
        "Luật Căn cước",
        "Luật Cư trú",
        "Bộ luật Lao động",
        "Luật An ninh mạng",
        "pháp luật về bảo hiểm xã hội",
    ],
    "qc04-phong-trao": [
        "phong trào “Toàn dân bảo vệ an ninh Tổ quốc”",
        "xây dựng mô hình tự quản về an ninh, trật tự",
        "nhân rộng mô hình “Doanh nghiệp an toàn về an ninh, trật tự”",
    ],
    "qc04-quyen-loi": [
        "bảo vệ quyền, lợi ích hợp pháp của người lao động",
        "phòng ngừa tranh chấp lao động, đình công tự phát",
        "chế độ, chính sách đối với đoàn viên",
    ],
}
FALLBACK_TOPICS = ["bảo đảm an ninh, trật tự", "phòng, chống tội phạm"]
FRAUD_TOPICS = [
    "phòng ngừa tín dụng đen",
    "phòng, chống lừa đảo qua mạng",
    "nhận diện thủ đoạn lừa đảo chiếm đoạt tài sản trên không gian mạng",
    "phòng ngừa lừa đảo tuyển dụng lao động",
    "cảnh giác lừa đảo bảo hiểm xã hội",
]
ACTIONS = [
    "Tuyên truyền",
    "Tuyên truyền, phổ biến pháp luật về",
    "Hội nghị tuyên truyền",
    "Tập huấn",
    "Tọa đàm về",
    "Nói chuyện chuyên đề",
    "Sân khấu hóa tuyên truyền",
    "Hội thi tìm hiểu",
]
AUDIENCES = [
    "công nhân",
    "công nhân lao động",
    "đoàn viên, người lao động",
    "người lao động",
    "nữ công nhân",
    "thanh niên công nhân",
    "cán bộ công đoàn cơ sở",
    "đoàn viên, công nhân",
]
ID_TITLES = [
    "Hỗ trợ cấp căn cước cho",
    "Kích hoạt tài khoản định danh điện tử VNeID cho",
    "Thu nhận hồ sơ căn cước lưu động cho",
    "Hướng dẫn thủ tục cư trú, căn cước cho",
]
TET_TITLES = [
    "Thăm hỏi, tặng quà Tết cho",
    "Chương trình “Tết sum vầy” cho",
    "Trao quà Tết cho",
    "Chuyến xe mùa xuân đưa",
]
MODELS = [
    "“Doanh nghiệp an toàn về an ninh, trật tự”",
    "“Khu nhà trọ an toàn”",
    "“Công nhân tự quản về an ninh, trật tự”",
    "“Camera an ninh”",
    "“Tổ tự quản phòng cháy, chữa cháy”",
    "“Đồng hành cùng lực lượng Công an xã”",
]
MODEL_ACTIONS = ["Ra mắt mô hình", "Sơ kết mô hình", "Nhân rộng mô hình"]
SUPPORT_TITLES = [
    "Hỗ trợ đoàn viên bị ảnh hưởng bởi thiên tai, bão lũ",
    "Trao kinh phí xây dựng “Mái ấm Công đoàn”",
    "Hỗ trợ công nhân mất việc làm",
    "Trao học bổng cho con công nhân",
]
EXCHANGE_TITLES = [
    "Hội nghị giao ban công tác phối hợp",
    "Trao đổi thông tin về tình hình công nhân lao động",
    "Sơ kết công tác phối hợp bảo đảm an ninh, trật tự",
]
OTHER_TITLES = ["Hội thao", "Giải bóng đá công nhân", "Văn nghệ tuyên truyền", "Ngày hội"]
SPEAKERS = [
    "Phòng Cảnh sát hình sự",
    "Phòng An ninh mạng",
    "Phòng Cảnh sát giao thông",
    "Phòng Cảnh sát điều tra tội phạm về ma túy",
    "Đội Cảnh sát phòng cháy, chữa cháy",
    "Công an phường sở tại",
]
TIPS = [
    "cách cài đặt và sử dụng ứng dụng VNeID",
    "các thủ đoạn lừa đảo qua mạng thường gặp",
    "kỹ năng thoát nạn khi xảy ra cháy",
    "cách phòng tránh vay nặng lãi, tín dụng đen",
    "kỹ năng tự bảo vệ khi bị xâm hại",
    "những quy định mới về bảo hiểm xã hội",
    "cách trình báo khi phát hiện tội phạm",
    "tác hại của thuốc lá điện tử",
    "quyền và nghĩa vụ của người lao động",
]
ATTENDEES = ["đoàn viên, công nhân lao động", "công nhân", "người lao động", "cán bộ, đoàn viên"]
#: A sentence in about 1 activity in 10,000: what a benchmark's rare search finds.
RARE_SENTENCE = (
    "Đặc biệt, báo cáo viên cảnh báo thủ đoạn giả danh nhân viên bưu điện để chiếm đoạt tài sản."
)
RARE_RATE = 1e-4
REBUILD_MIN_ROWS = 100_000
GIFT_TAIL = "suất quà cho đoàn viên có hoàn cảnh khó khăn."

TYPE_WEIGHTS = {
    "tuyen-truyen": 40,
    "phong-chong-lua-dao": 15,
    "de-an-06": 10,
    "tham-hoi-tet": 8,
    "mo-hinh": 8,
    "ho-tro": 7,
    "trao-doi-thong-tin": 7,
    "khac": 5,
}
AREA_WEIGHTS = {
    "qc04-tuyen-truyen": 30,
    "qc04-toi-pham": 18,
    "qc04-ma-tuy": 16,
    "qc04-phong-trao": 12,
    "qc04-quyen-loi": 10,
    "qc04-thong-tin": 8,
    "qc04-nuoc-ngoai": 6,
}

EVENT_COLUMNS = [
    "id",
    "source_excerpt",
    "title",
    "description",
    "partner_note",
    "organiser_note",
    "place",
    "start_date",
    "end_date",
    "date_precision",
    "sessions",
    "participants",
    "figures_qualifier",
    "status",
    "external_ref",
    "search_text",
    "created_at",
    "updated_at",
    "version",
    "is_demo",
    "activity_type_id",
    "agreement_id",
    "created_by_id",
    "province_id",
    "source_id",
    "organiser_id",
]
EVENT_TABLE = OutreachEvent._meta.db_table
FOCUS_TABLE = OutreachEvent.focus_areas.through._meta.db_table
PARTNER_TABLE = OutreachEvent.partners.through._meta.db_table
BRANCH_TABLE = UnionBranch._meta.db_table


class Picker:
    """Weighted choice in O(log n) with one random number."""

    def __init__(self, items, weights, rng):
        if not items:
            raise ValueError("nothing to pick from")
        self.items = list(items)
        self.cum = list(itertools.accumulate(weights))
        self.total = self.cum[-1]
        self.random = rng.random

    def __call__(self):
        return self.items[bisect.bisect(self.cum, self.random() * self.total)]


def zipf(count, s=1.0):
    return [1 / (rank**s) for rank in range(1, count + 1)]


class Command(BaseCommand):
    help = (
        "Generate realistic demo branches and activities (marked is_demo) on top of the seeds; "
        "--clear deletes demo rows only."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--events", type=int, default=0, help="How many activities to add (default 0)."
        )
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--clear",
            action="store_true",
            help="First delete every demo row (activities, their links, demo branches).",
        )
        parser.add_argument(
            "--batch-size", type=int, default=5000, help="Rows per INSERT batch on SQLite."
        )
        parser.add_argument(
            "--indexes",
            choices=["auto", "rebuild", "keep"],
            default="auto",
            help=(
                "PostgreSQL: drop the secondary indexes of the activity tables before loading "
                "and rebuild them after (rebuild), or update them row by row (keep). auto "
                f"rebuilds when adding at least {REBUILD_MIN_ROWS:,} activities and no fewer "
                "than the table holds. Rebuilding locks the tables until the end."
            ),
        )

    def handle(self, *args, events, seed, clear, batch_size, indexes, **options):
        if events < 0:
            raise CommandError("--events must be 0 or more.")
        if not events and not clear:
            raise CommandError("Nothing to do: give --events N and/or --clear.")
        started = time.perf_counter()
        self.timings = []
        self.vendor = connection.vendor

        if clear:
            counts = self._timed("clear", self.clear)
            self.stdout.write(
                "Deleted demo data: {events} activities, {focus} focus-area links, "
                "{partners} partner links, {branches} branches, "
                "{assignments} staff assignments to demo branches.".format(**counts)
            )
        if events:
            self._timed("seeds", self.ensure_seeds)
            rng = random.Random(seed)
            with transaction.atomic():
                branches, created = self._timed("branches", self.ensure_branches)
                self.stdout.write(
                    f"Demo branches: {created} created, {len(branches) - created} reused "
                    f"({sum(b.level == 2 and b.kind == 'police' for b in branches)} upper-level "
                    f"police unions, {sum(b.level == 3 for b in branches)} grassroots, "
                    f"{sum(b.kind == 'federation' for b in branches)} federations)."
                )
                generator = EventGenerator(rng, branches)
                stats = self._timed(
                    "events", self.write_events, generator, events, batch_size, indexes
                )
                # COPY bypassed the models: recount in the same transaction.
                self._timed("tallies", tallies.rebuild)
                pagecache.bump()
            self._timed("analyze", self.analyze)
            self.stdout.write(
                "Created {events} demo activities (ids {first_id}–{last_id}): {published} "
                "published, {draft} drafts, {withdrawn} withdrawn; {focus} focus-area links, "
                "{partners} partner links.".format(**stats)
            )
        total = time.perf_counter() - started
        phases = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in self.timings)
        rate = f", {events / total:,.0f} activities/s" if events else ""
        self.stdout.write(
            self.style.SUCCESS(f"Done on {self.vendor} in {total:.1f} s ({phases}{rate}).")
        )

    def _timed(self, name, function, *args):
        started = time.perf_counter()
        result = function(*args)
        self.timings.append((name, time.perf_counter() - started))
        return result

    # Setup -----------------------------------------------------------------------------

    def ensure_seeds(self):
        if not UnionBranch.objects.filter(code=ROOT_CODE).exists():
            from coordination.seeding import Loader, SeedError

            try:
                Loader().run()
            except SeedError as exc:
                problems = "\n  ".join(exc.problems)
                raise CommandError(f"The seeds do not load:\n  {problems}") from exc
            self.stdout.write("Loaded the seeds first.")
        if Agreement.objects.for_new_activities() is None:
            raise CommandError("No regulation for new activities: nothing to attach to.")
        if not ActivityType.objects.exists():
            raise CommandError("No activity types: run `python manage.py seed`.")

    def ensure_branches(self):
        """Create the demo hierarchy (or reuse it); return (branches, number created)."""
        root = UnionBranch.objects.get(code=ROOT_CODE)
        confederation = UnionBranch.objects.filter(code=CONFEDERATION_CODE).first()
        provinces = {p.code: p for p in Province.objects.current()}
        missing = [code for code in UNION_PROVINCES if code not in provinces]
        if missing:
            raise CommandError(f"Current provinces missing: {', '.join(missing)}")
        rng = random.Random(20230425)  # the hierarchy is the same whatever --seed says

        def place_name(province):
            prefix = "thành phố" if province.kind == Province.Kind.CITY else "tỉnh"
            return f"{prefix} {province.name}"

        upper = []  # (spec, weight)
        for rank, code in enumerate(UNION_PROVINCES, start=1):
            province = provinces[code]
            upper.append(
                (
                    dict(
                        code=f"{PREFIX}cdca-{code}",
                        name=f"Công đoàn Công an {place_name(province)}",
                        short_name=f"CĐ CA {province.name}",
                        kind=UnionBranch.Kind.POLICE_UNION,
                        level=UnionBranch.Level.UPPER,
                        province=province,
                        key=code,
                    ),
                    1 / rank,
                )
            )
        for key, name, short, weight in CENTRAL_UNITS:
            upper.append(
                (
                    dict(
                        code=f"{PREFIX}cdca-{key}",
                        name=name,
                        short_name=short,
                        kind=UnionBranch.Kind.POLICE_UNION,
                        level=UnionBranch.Level.UPPER,
                        province=provinces["01"],
                        key=key,
                    ),
                    weight,
                )
            )
        assert len(upper) == UPPER_LEVEL_COUNT
        # Grassroots unions: proportional to weight**0.7, at least 5 each, 565 in all.
        shares = [weight**0.7 for _, weight in upper]
        spare = GRASSROOTS_COUNT - 5 * len(upper)
        raw = [spare * share / sum(shares) for share in shares]
        counts = [5 + int(r) for r in raw]
        by_remainder = sorted(range(len(raw)), key=lambda i: raw[i] - int(raw[i]), reverse=True)
        for i in by_remainder[: GRASSROOTS_COUNT - sum(counts)]:
            counts[i] += 1

        wanted = []  # (spec, parent code or None for root/confederation)
        for (spec, _weight), count in zip(upper, counts, strict=True):
            wanted.append((spec, ROOT_CODE))
            province = spec["province"]
            central = spec["key"] in {key for key, *_ in CENTRAL_UNITS}
            departments = CENTRAL_DEPARTMENTS if central else DEPARTMENTS
            where = spec["short_name"].removeprefix("CĐ ") if central else province.name
            for number in range(1, count + 1):
                if number <= len(departments):
                    unit = departments[number - 1]
                else:
                    unit = f"Công an cụm phường, xã số {number - len(departments)}"
                wanted.append(
                    (
                        dict(
                            code=f"{PREFIX}cdcs-{spec['key']}-{number:03d}",
                            name=f"Công đoàn cơ sở {unit} – {where}",
                            short_name="",
                            kind=UnionBranch.Kind.POLICE_UNION,
                            level=UnionBranch.Level.GRASSROOTS,
                            province=province,
                            member_count=rng.randint(15, 320),
                        ),
                        spec["code"],
                    )
                )
        for code in UNION_PROVINCES:
            province = provinces[code]
            wanted.append(
                (
                    dict(
                        code=f"{PREFIX}ldld-{code}",
                        name=f"Liên đoàn Lao động {place_name(province)}",
                        short_name=f"LĐLĐ {province.name}",
                        kind=UnionBranch.Kind.LABOUR_FEDERATION,
                        level=UnionBranch.Level.UPPER,
                        province=province,
                        member_count=rng.randint(40, 900) * 1000,
                        member_count_is_approximate=True,
                    ),
                    CONFEDERATION_CODE if confederation else None,
                )
            )

        existing = {b.code: b for b in UnionBranch.objects.filter(code__startswith=PREFIX)}
        by_code = {ROOT_CODE: root}
        if confederation:
            by_code[CONFEDERATION_CODE] = confederation
        by_code.update(existing)
        created = 0
        for level in (UnionBranch.Level.UPPER, UnionBranch.Level.GRASSROOTS):
            new = []
            for spec, parent_code in wanted:
                if spec["level"] != level or spec["code"] in by_code:
                    continue
                fields = {k: v for k, v in spec.items() if k != "key"}
                new.append(
                    UnionBranch(
                        **fields,
                        sort_key=sort_key(fields["name"]),
                        parent=by_code.get(parent_code) if parent_code else None,
                        description="Dữ liệu minh họa (demo).",
                        is_demo=True,
                    )
                )
            UnionBranch.objects.bulk_create(new, batch_size=500)
            created += len(new)
            by_code.update(
                {b.code: b for b in UnionBranch.objects.filter(code__in=[b.code for b in new])}
            )
        branches = [by_code[spec["code"]] for spec, _ in wanted]
        weights = {spec["code"]: weight for spec, weight in upper}
        for branch in branches:
            branch.demo_weight = weights.get(branch.code)
            branch.demo_central = branch.code in CENTRAL_CODES
        return branches, created

    # Writing ---------------------------------------------------------------------------

    def write_events(self, generator, count, batch_size, indexes):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*), MAX(id) FROM {EVENT_TABLE}")
            existing, max_id = cursor.fetchone()
        first_id = (max_id or 0) + 1
        rows = generator.rows(first_id, count)
        if self.vendor == "postgresql":
            rebuild = indexes == "rebuild" or (
                indexes == "auto" and count >= REBUILD_MIN_ROWS and count >= existing
            )
            tables = [EVENT_TABLE, FOCUS_TABLE, PARTNER_TABLE]
            started = time.perf_counter()
            dropped = self._drop_indexes_and_keys(tables) if rebuild else None
            started = time.perf_counter()
            self._copy(EVENT_TABLE, EVENT_COLUMNS, rows)
            self._copy(FOCUS_TABLE, ["outreachevent_id", "focusarea_id"], generator.focus_rows())
            self._copy(
                PARTNER_TABLE, ["outreachevent_id", "unionbranch_id"], generator.partner_rows()
            )
            self.timings.append(("copy", time.perf_counter() - started))
            if dropped:
                indexes, keys = dropped
                started = time.perf_counter()
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
                    for _table, _name, definition in indexes:
                        cursor.execute(definition)
                    self.timings.append(("indexes", time.perf_counter() - started))
                    started = time.perf_counter()
                    for table, name, definition in keys:
                        cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
                    self.timings.append(("foreign keys", time.perf_counter() - started))
                self.stdout.write(
                    f"Loaded without {len(indexes)} secondary indexes and {len(keys)} foreign "
                    "keys, then rebuilt and re-validated them (like pg_restore; much faster "
                    "than row by row; --indexes keep to avoid it)."
                )
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT pg_get_serial_sequence('{EVENT_TABLE}', 'id')")
                sequence = cursor.fetchone()[0]
                cursor.execute(
                    f"SELECT setval(%s, GREATEST((SELECT MAX(id) FROM {EVENT_TABLE}), "
                    f"(SELECT last_value FROM {sequence})))",
                    [sequence],
                )
        else:
            ops = connection.ops
            date_columns = [EVENT_COLUMNS.index(c) for c in ("start_date", "end_date")]
            time_columns = [EVENT_COLUMNS.index(c) for c in ("created_at", "updated_at")]

            def adapted():
                # The values Django itself would store: ISO dates, naive UTC datetimes.
                for row in rows:
                    row = list(row)
                    for i in date_columns:
                        row[i] = ops.adapt_datefield_value(row[i])
                    for i in time_columns:
                        row[i] = ops.adapt_datetimefield_value(row[i])
                    yield row

            self._insert(EVENT_TABLE, EVENT_COLUMNS, adapted(), batch_size)
            self._insert(
                FOCUS_TABLE,
                ["outreachevent_id", "focusarea_id"],
                generator.focus_rows(),
                batch_size * 4,
            )
            self._insert(
                PARTNER_TABLE,
                ["outreachevent_id", "unionbranch_id"],
                generator.partner_rows(),
                batch_size * 4,
            )
        return {
            "events": count,
            "first_id": first_id,
            "last_id": first_id + count - 1,
            **generator.stats,
        }

    def _drop_indexes_and_keys(self, tables):
        """Drop the tables' foreign keys and the indexes that back no constraint.

        Return what to recreate. All of it happens in the command's transaction: if anything
        fails, the rollback brings them back. The tables stay locked until the commit.
        """
        with connection.cursor() as cursor:
            # Foreign-key checks already queued (demo branches) run now, not at the commit.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                "SELECT k.conrelid::regclass::text, k.conname, pg_get_constraintdef(k.oid) "
                "FROM pg_constraint k WHERE k.contype = 'f' "
                "AND k.conrelid = ANY(%s::regclass[]) ORDER BY 1, 2",
                [tables],
            )
            keys = cursor.fetchall()
            for table, name, _definition in keys:
                cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            cursor.execute(
                "SELECT i.indrelid::regclass::text, c.relname, pg_get_indexdef(i.indexrelid) "
                "FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT EXISTS "
                "(SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid "
                "AND k.conrelid = i.indrelid) ORDER BY 1, 2",
                [tables],
            )
            indexes = cursor.fetchall()
            for _table, name, _definition in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
        return indexes, keys

    def _copy(self, table, columns, rows):
        """Stream rows with binary COPY (no text parsing on the server)."""
        connection.ensure_connection()
        raw = connection.connection
        with raw.cursor() as cursor:
            cursor.execute(
                "SELECT attname, atttypid FROM pg_attribute "
                "WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
                [table],
            )
            oids = dict(cursor.fetchall())
            statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT BINARY)"
            with cursor.copy(statement) as copy:
                copy.set_types([oids[column] for column in columns])
                write = copy.write_row
                for row in rows:
                    write(row)

    def _insert(self, table, columns, rows, batch_size):
        marks = ", ".join(["%s"] * len(columns))
        statement = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
        with connection.cursor() as cursor:
            while batch := list(itertools.islice(rows, batch_size)):
                cursor.executemany(statement, batch)

    def analyze(self):
        if self.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    f"ANALYZE {EVENT_TABLE}, {FOCUS_TABLE}, {PARTNER_TABLE}, {BRANCH_TABLE}"
                )

    # Clearing --------------------------------------------------------------------------

    def clear(self):
        demo_events = f"SELECT id FROM {EVENT_TABLE} WHERE is_demo"
        demo_branches = f"SELECT id FROM {BRANCH_TABLE} WHERE is_demo"
        with transaction.atomic(), connection.cursor() as cursor:
            problems = []
            cursor.execute(
                f"SELECT COUNT(*) FROM {EVENT_TABLE} WHERE NOT is_demo "
                f"AND organiser_id IN ({demo_branches})"
            )
            if n := cursor.fetchone()[0]:
                problems.append(f"{n} real activities are organised by demo branches")
            cursor.execute(
                f"SELECT COUNT(*) FROM {PARTNER_TABLE} WHERE unionbranch_id IN ({demo_branches}) "
                f"AND outreachevent_id NOT IN ({demo_events})"
            )
            if n := cursor.fetchone()[0]:
                problems.append(f"{n} real activities name demo branches as partners")
            cursor.execute(
                f"SELECT COUNT(*) FROM {BRANCH_TABLE} WHERE NOT is_demo "
                f"AND parent_id IN ({demo_branches})"
            )
            if n := cursor.fetchone()[0]:
                problems.append(f"{n} real branches sit under demo branches")
            if problems:
                raise CommandError(
                    "Real records point to demo data; change them first, nothing was deleted: "
                    + "; ".join(problems)
                    + "."
                )
            counts = {}
            for key, sql in [
                ("focus", f"DELETE FROM {FOCUS_TABLE} WHERE outreachevent_id IN ({demo_events})"),
                (
                    "partners",
                    f"DELETE FROM {PARTNER_TABLE} WHERE outreachevent_id IN ({demo_events})",
                ),
                ("events", f"DELETE FROM {EVENT_TABLE} WHERE is_demo"),
                (
                    "assignments",
                    "DELETE FROM coordination_staffassignment "
                    f"WHERE branch_id IN ({demo_branches})",
                ),
                ("branches", f"DELETE FROM {BRANCH_TABLE} WHERE is_demo"),
            ]:
                cursor.execute(sql)
                counts[key] = cursor.rowcount
            tallies.rebuild()  # the deletes bypassed the models, so recount
            pagecache.bump()
        return counts


class EventGenerator:
    """Produces event rows in date order, then their focus-area and partner links.

    Speed matters (a million rows in well under a minute of Python), so every text is put
    together from fragments whose folded form is computed once, and weighted choices use one
    random number each.
    """

    def __init__(self, rng, branches):
        self.random = rng.random
        self.regulation = Agreement.objects.for_new_activities()
        areas = list(FocusArea.objects.active().order_by("number"))
        if not areas:
            raise CommandError("The working list has no focus areas in use.")
        self.areas = areas
        self.area_ids = [area.id for area in areas]
        types = list(ActivityType.objects.order_by("order", "id"))
        self.pick_type = Picker(types, [TYPE_WEIGHTS.get(t.code, 3) for t in types], rng)

        # Focus-area combinations of 1–3 areas, weighted by size and by each area's weight.
        combos, weights = [], []
        size_weight = {1: 0.55, 2: 0.33, 3: 0.12}
        area_weight = [AREA_WEIGHTS.get(a.code, 5) for a in areas]
        for size in (1, 2, 3):
            all_combos = list(itertools.combinations(range(len(areas)), size))
            raw = [math.prod(area_weight[i] for i in combo) for combo in all_combos]
            for combo, w in zip(all_combos, raw, strict=True):
                combos.append(combo)
                weights.append(size_weight[size] * w / sum(raw))
        self.combos = combos
        self.pick_combo = Picker(range(len(combos)), weights, rng)

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
        self.parks = {p.id: self._parks_for(p, formers.get(p.code, [])) for p in provinces}

        # Organisers: each upper-level police union by its Zipf weight, a quarter of it for
        # the union itself and the rest over its grassroots unions (Zipf again); each
        # federation gets a tenth of its province's union weight. The central units and
        # their grassroots unions work all over the country.
        children = {}
        for b in branches:
            if b.level == UnionBranch.Level.GRASSROOTS:
                children.setdefault(b.parent_id, []).append(b)
        union_by_province, federation_by_province = {}, {}
        central_ids = set()
        organisers, weights = [], []
        for b in branches:
            if b.demo_weight is None:
                continue
            kids = children.get(b.id, [])
            if b.demo_central:
                central_ids.update([b.id, *(kid.id for kid in kids)])
            else:
                union_by_province[b.province_id] = b
            organisers.append(b)
            weights.append(b.demo_weight * 0.25)
            share = zipf(len(kids), 0.8)
            for kid, s in zip(kids, share, strict=True):
                organisers.append(kid)
                weights.append(b.demo_weight * 0.75 * s / sum(share))
        for b in branches:
            if b.kind == UnionBranch.Kind.LABOUR_FEDERATION:
                federation_by_province[b.province_id] = b
                union = union_by_province.get(b.province_id)
                organisers.append(b)
                weights.append(0.1 * (union.demo_weight if union else 0.05))
        # One tuple per organiser: id, home province, works nationwide, its partner's id
        # by province (the federation for a police union, the police union for a federation).
        info = []
        for b in organisers:
            counterpart = (
                union_by_province
                if b.kind == UnionBranch.Kind.LABOUR_FEDERATION
                else federation_by_province
            )
            partners = {pid: other.id for pid, other in counterpart.items() if other.id != b.id}
            info.append((b.id, b.province_id, b.id in central_ids, partners, b.name))
        self.pick_organiser = Picker(info, weights, rng)
        self.branch_names = {b.id: b.name for b in branches}

        self.titles = self._title_pickers(rng)
        self.pick_status = Picker(["published", "draft", "withdrawn"], [94, 5, 1], rng)
        self.pick_precision = Picker(["day", "month", "year"], [92, 6, 2], rng)
        self.pick_qualifier = Picker(["exact", "more_than", "nearly"], [85, 12, 3], rng)
        self.middles = [
            _pair(f"Báo cáo viên {speaker} đã thông tin về {tip}.")
            for speaker in SPEAKERS
            for tip in TIPS
        ]
        self.attendees = [(_pair("Có"), _pair(f"{who} tham dự.")) for who in ATTENDEES]
        self.gift = (_pair("Dịp này, ban tổ chức đã trao"), _pair(GIFT_TAIL))
        self.rare = _pair(RARE_SENTENCE)
        self.stats = {"published": 0, "draft": 0, "withdrawn": 0, "focus": 0, "partners": 0}
        self._pairs = {}
        self._heads = {}

    @staticmethod
    def _parks_for(province, former_parts):
        codes = [province.code] if not province.is_current else [f.code for f in former_parts]
        parks = [f"KCN {name}" for code in codes for name in PARKS.get(code, [])]
        return parks or [f"Cụm công nghiệp {province.name}"]

    def _title_pickers(self, rng):
        """For each (activity type, first focus area): a Picker of (text, folded, where?)."""
        pickers = {}
        action_w = [30, 20, 15, 10, 8, 7, 5, 5]
        audience_w = [30, 25, 15, 12, 6, 5, 4, 3]
        for activity_type in self.pick_type.items:
            for area in self.areas:
                topics = TOPICS.get(area.code, FALLBACK_TOPICS)
                code = activity_type.code
                entries, weights = [], []
                if code == "de-an-06":
                    for title in ID_TITLES:
                        for audience, w in zip(AUDIENCES, audience_w, strict=True):
                            entries.append((f"{title} {audience}", True))
                            weights.append(w)
                elif code == "tham-hoi-tet":
                    for title in TET_TITLES:
                        for audience, w in zip(AUDIENCES, audience_w, strict=True):
                            entries.append((f"{title} {audience} dịp Tết Nguyên đán", False))
                            weights.append(w)
                elif code == "mo-hinh":
                    entries = [(f"{a} {m}", True) for a in MODEL_ACTIONS for m in MODELS]
                elif code == "ho-tro":
                    entries = [(title, False) for title in SUPPORT_TITLES]
                elif code == "trao-doi-thong-tin":
                    entries = [(title, False) for title in EXCHANGE_TITLES]
                elif code == "khac":
                    entries = [
                        (f"{o} tuyên truyền {t}", False) for o in OTHER_TITLES for t in topics
                    ]
                else:
                    if code == "phong-chong-lua-dao":
                        topics = FRAUD_TOPICS
                    for action, aw in zip(ACTIONS, action_w, strict=True):
                        for topic in topics:
                            for audience, uw in zip(AUDIENCES, audience_w, strict=True):
                                entries.append((f"{action} {topic} cho {audience}", True))
                                weights.append(aw * uw)
                items = [(*_pair(text), where) for text, where in entries]
                pickers[activity_type.id, area.id] = Picker(items, weights or [1] * len(items), rng)
        return pickers

    def _pair(self, text):
        pair = self._pairs.get(text)
        if pair is None:
            pair = self._pairs[text] = _pair(text)
        return pair

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

    def rows(self, first_id, count):
        """Yield event rows in EVENT_COLUMNS order; remember what the links need."""
        rnd = self.random
        stats = self.stats
        regulation_id = self.regulation.id
        self.first_id = first_id
        self.combo_index = combo_index = array("B")
        self.partner_of = partner_of = array("q")
        pick_status = self.pick_status
        pick_precision = self.pick_precision
        pick_qualifier = self.pick_qualifier
        pick_organiser = self.pick_organiser
        pick_type = self.pick_type
        pick_combo = self.pick_combo
        pick_any_province = self.pick_any_province
        pick_former = self.pick_former
        province_by_id = self.province_by_id
        titles = self.titles
        area_ids = self.area_ids
        combos = self.combos
        parks = self.parks
        pair = self._pair
        heads = self._heads
        middles = self.middles
        attendees = self.attendees
        gift_head, gift_tail = self.gift
        merger = MERGER.toordinal()
        dates = {}
        one_day = datetime.timedelta(days=1)
        eight = datetime.time(8)
        checked = 0

        for n, ordinal in enumerate(self._dates_sorted(count)):
            start = dates.get(ordinal)
            if start is None:
                start = dates[ordinal] = datetime.date.fromordinal(ordinal)
            precision = pick_precision()
            end = None
            if precision == "month":
                start = start.replace(day=1)
            elif precision == "year":
                start = start.replace(month=1, day=1)
            elif rnd() < 0.15:
                end = start + one_day * (1 + int(rnd() * 4))

            organiser_id, home, nationwide, partners, organiser_name = pick_organiser()
            if nationwide:
                home = None if rnd() < 0.1 else pick_any_province().id
            elif rnd() < 0.03:
                home = pick_any_province().id
            province = province_by_id[home] if home else None
            if province is not None and ordinal < merger and rnd() < 0.7:
                province = pick_former[home]()

            combo = pick_combo()
            combo_index.append(combo)
            activity_type = pick_type()
            partner = partners.get(home, 0) if home and rnd() < 0.35 else 0
            partner_of.append(partner)

            # Place: an industrial park, a company, a hall, or none.
            r = rnd()
            if province is None or r >= 0.93:
                place = ""
            elif r < 0.55:
                options = parks[province.id]
                place = options[int(rnd() * len(options))]
            elif r < 0.75:
                place = COMPANIES[int(rnd() * len(COMPANIES))]
            else:
                place = f"{VENUES[int(rnd() * len(VENUES))]} {province.name}"

            # Title: a prebuilt body, then where.
            body, body_folded, takes_where = titles[activity_type.id, area_ids[combos[combo][0]]]()
            if activity_type.code == "tham-hoi-tet":
                year = str(start.year if start.month <= 6 else start.year + 1)
                body, body_folded = f"{body} {year}", f"{body_folded} {year}"
            if takes_where and place.startswith(("KCN", "Công ty", "Cụm")):
                suffix = pair(place)
            elif province is not None and rnd() < 0.5:
                suffix = pair(f"trên địa bàn {province.name}")
            else:
                suffix = None
            if suffix:
                title = f"{body} {suffix[0]}"
                title_folded = f"{body_folded} {suffix[1]}"
            else:
                title, title_folded = body, body_folded

            # Figures.
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

            # Description: who with whom where; what was said; how many came; extras.
            key = (organiser_id, partner)
            head = heads.get(key)
            if head is None:
                text = organiser_name
                if partner:
                    text += f" phối hợp với {self.branch_names[partner]}"
                head = heads[key] = _pair(f"{text} tổ chức hoạt động")
            where = place or (province.name if province is not None else "")
            if where:
                where_text, where_folded = pair(where)
                head = (f"{head[0]} tại {where_text}.", f"{head[1]} tai {where_folded}.")
            else:
                head = (f"{head[0]} trên phạm vi toàn quốc.", f"{head[1]} tren pham vi toan quoc.")
            middle = middles[int(rnd() * len(middles))]
            description = f"{head[0]} {middle[0]}"
            description_folded = f"{head[1]} {middle[1]}"
            if participants:
                number = f"{participants:,}".replace(",", ".")
                (lead, lead_f), (tail, tail_f) = attendees[int(rnd() * len(attendees))]
                description += f" {lead} {number} {tail}"
                description_folded += f" {lead_f} {number} {tail_f}"
            if rnd() < 0.3:
                number = str(5 + int(rnd() * 95))
                description += f" {gift_head[0]} {number} {gift_tail[0]}"
                description_folded += f" {gift_head[1]} {number} {gift_tail[1]}"
            if rnd() < RARE_RATE:
                description += f" {self.rare[0]}"
                description_folded += f" {self.rare[1]}"

            if place:
                search_text = f" {title_folded} {description_folded} {pair(place)[1]}"
            else:
                search_text = f" {title_folded} {description_folded}"
            if checked < 200:  # a cheap guard that fragment folding matches the model's
                expected = " " + fold(" ".join((title, description, place)))
                if expected != search_text:
                    raise CommandError(f"search_text mismatch: {search_text!r} != {expected!r}")
                checked += 1

            status = pick_status()
            stats[status] += 1
            created = datetime.datetime.combine(start, eight, TZ) + datetime.timedelta(
                days=int(rnd() * 40) - 10, seconds=int(rnd() * 32400)
            )
            yield (
                first_id + n,
                "",
                title,
                description,
                "",
                "",
                place,
                start,
                end,
                precision,
                sessions,
                participants,
                pick_qualifier(),
                status,
                None,
                search_text,
                created,
                created,
                1,
                True,
                activity_type.id,
                regulation_id,
                None,
                province.id if province is not None else None,
                None,
                organiser_id,
            )

    def focus_rows(self):
        first_id = self.first_id
        area_ids = self.area_ids
        combos = self.combos
        stats = self.stats
        for n, combo in enumerate(self.combo_index):
            for index in combos[combo]:
                stats["focus"] += 1
                yield (first_id + n, area_ids[index])

    def partner_rows(self):
        first_id = self.first_id
        stats = self.stats
        for n, partner in enumerate(self.partner_of):
            if partner:
                stats["partners"] += 1
                yield (first_id + n, partner)


def _pair(text):
    """A text and its fold(), for fragments that are joined with single spaces."""
    return text, fold(text)
