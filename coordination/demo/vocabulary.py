"""The words and weights demo activities are made of: places, titles, topics, skews.

Only data lives here; branches.py and events.py turn it into rows.
"""

import datetime

from coordination.models.geography import MERGER_DATE

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
#: What was done at an ID drive or a Tết visit, instead of a speaker's talk.
ID_MIDDLES = [
    "Cán bộ Công an hướng dẫn kê khai, thu nhận hồ sơ cấp căn cước.",
    "Cán bộ Công an hướng dẫn cài đặt và kích hoạt tài khoản định danh điện tử VNeID.",
    "Tổ công tác làm thủ tục cấp căn cước ngay tại chỗ cho người lao động.",
]
TET_MIDDLES = [
    "Đoàn đã thăm hỏi, chúc Tết cán bộ, chiến sĩ Công an xã và các gia đình.",
    "Đoàn đã động viên cán bộ, chiến sĩ và bà con nhân dân vui xuân đón Tết.",
]
ATTENDEES = ["đoàn viên, công nhân lao động", "công nhân", "người lao động", "cán bộ, đoàn viên"]
#: A sentence in about 1 activity in 10,000: what a benchmark's rare search finds.
RARE_SENTENCE = (
    "Đặc biệt, báo cáo viên cảnh báo thủ đoạn giả danh nhân viên bưu điện để chiếm đoạt tài sản."
)
RARE_RATE = 1e-4
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
