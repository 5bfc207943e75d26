"""Life events of the demo catalog (主题服务): how residents and enterprises of the city browse
the powers they will meet, each with the demo powers it gathers (by code)."""

LIFE_EVENTS = (
    # code, name, audience, power codes
    ("start-business", "开办企业", "enterprise", (
        "320100-030-XK-0001", "320100-003-QT-0001", "320100-025-XK-0002", "320100-030-QR-0001")),
    ("invest-build", "投资建设", "enterprise", (
        "320100-003-XK-0001", "320100-003-QT-0001", "320100-012-XK-0001", "320100-015-XK-0001",
        "320100-015-XK-0002", "320100-015-XK-0003", "320100-018-XK-0001", "320100-028-XK-0001",
        "320115-028-XK-0001", "320100-018-QT-0001", "320100-015-QT-0001")),
    ("land-property", "用地与不动产", "enterprise", (
        "320100-012-XK-0001", "320100-012-XK-0002", "320100-012-QR-0001", "320100-012-XK-0005",
        "320100-018-XK-0002")),
    ("transport", "交通运输经营", "enterprise", ("320100-020-XK-0001",)),
    ("medical", "医疗卫生", "enterprise", ("320100-025-XK-0001", "320100-025-XK-0002", "320100-025-QR-0001")),
    ("organisation", "社会组织", "enterprise", ("320100-010-XK-0001", "320100-010-XK-0002")),
    ("marriage-household", "婚姻户籍", "person", ("320102-010-QR-0001", "320100-008-QR-0001")),
    ("work-insurance", "就业与社保", "person", ("320100-040-QR-0001", "320100-040-GF-0001")),
    ("housing", "住房", "person", ("320100-061-QT-0001", "320100-018-XK-0002")),
    ("assistance", "社会救助", "person", ("320102-010-GF-0001",)),
)
