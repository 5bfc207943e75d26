"""The demo region's organisation: regions, departments with their posts, and named accounts.

Department codes and 2010-era names follow the ones the province generator uses, so demo
and synthetic data agree on what ``320100-012`` is.
"""

CITY = "320100"

# (code, name, level, parent code)
REGIONS = (
    ("320000", "江苏省", "province", None),
    ("320100", "南京市", "city", "320000"),
    ("320102", "玄武区", "county", "320100"),
    ("320115", "江宁区", "county", "320100"),
)

# Post sets: (code, name, enforcement post).
WINDOW = ("window", "窗口受理岗", False)
REVIEW = ("review", "承办岗", False)
CHECK = ("check", "审核岗", False)
APPROVE = ("approve", "批准岗", False)
ENFORCE = ("enforce", "执法岗", True)
LEGAL = ("legal", "法制审核岗", False)
EXPERT = ("expert", "专家评审组织岗", False)
APPLICATION_POSTS = (WINDOW, REVIEW, CHECK, APPROVE)
ENFORCEMENT_POSTS = (*APPLICATION_POSTS, ENFORCE, LEGAL)

LAND_POSTS = (
    WINDOW, ("review", "初审岗", False), ("survey", "现场踏勘岗", False), ("examine", "用地审查岗", False),
    ("plan", "规划审查岗", False), EXPERT, CHECK, APPROVE, ("lead", "分管领导审核岗", False),
    ("head", "局长审批岗", False), ("certify", "制证岗", False), ("deliver", "送达岗", False),
)

_SERVICE_HALL = "南京市政务服务中心"


# What gives a body its power to enforce (主体资格依据), by kind.
BASES = {
    "organ": "《中华人民共和国地方各级人民代表大会和地方各级人民政府组织法》第六十四条；南京市人民政府机构设置方案",
    "authorised": "《住房公积金管理条例》第十条、第三十七条、第三十八条（法规授权的组织，以自己的名义实施）",
    "entrusted": "《中华人民共和国行政处罚法》第二十条、第二十一条；南京市国土资源局行政执法委托书（以委托机关名义实施）",
}


def _department(region, code, name, short_name, posts, *, kind="organ", entrusted_by=None, phone, address,
                supervision_phone=None, hall=None):
    return {
        "region": region, "code": code, "name": name, "short_name": short_name, "kind": kind, "basis": BASES[kind],
        "entrusted_by": entrusted_by, "posts": posts, "phone": phone, "address": address,
        "supervision_phone": supervision_phone or phone[:-4] + "0110",
        "hall": hall if hall is not None else f"{_SERVICE_HALL}{short_name}窗口",
    }


DEPARTMENTS = (
    _department(CITY, "003", "南京市发展和改革委员会", "发改委", (*APPLICATION_POSTS, ENFORCE, LEGAL, EXPERT),
                phone="025-68787000", address="南京市北京东路41号"),
    _department(CITY, "008", "南京市公安局", "公安局", ENFORCEMENT_POSTS,
                phone="025-84420000", address="南京市扬州路1号", hall="南京市公安局行政服务中心"),
    _department(CITY, "010", "南京市民政局", "民政局", APPLICATION_POSTS,
                phone="025-83311000", address="南京市北京东路41号"),
    _department(CITY, "012", "南京市国土资源局", "国土局", LAND_POSTS,
                phone="025-83730000", address="南京市北京东路63号"),
    _department(CITY, "015", "南京市规划局", "规划局", (*ENFORCEMENT_POSTS, EXPERT),
                phone="025-83216000", address="南京市北京东路63号"),
    _department(CITY, "018", "南京市城乡建设委员会", "建委", ENFORCEMENT_POSTS,
                phone="025-83630000", address="南京市北京东路63号"),
    _department(CITY, "020", "南京市交通运输局", "交通局", ENFORCEMENT_POSTS,
                phone="025-84456000", address="南京市北京东路63号"),
    _department(CITY, "025", "南京市卫生局", "卫生局", (*ENFORCEMENT_POSTS, EXPERT),
                phone="025-84443000", address="南京市紫竹林3号"),
    _department(CITY, "028", "南京市环境保护局", "环保局", (*ENFORCEMENT_POSTS, EXPERT),
                phone="025-83631000", address="南京市广州路227号"),
    _department(CITY, "030", "南京市工商行政管理局", "工商局", ENFORCEMENT_POSTS,
                phone="025-83301000", address="南京市汉中门大街1号"),
    _department(CITY, "033", "南京市质量技术监督局", "质监局", ENFORCEMENT_POSTS,
                phone="025-83212000", address="南京市大光路150号"),
    _department(CITY, "040", "南京市人力资源和社会保障局", "人社局", ENFORCEMENT_POSTS,
                phone="025-83722000", address="南京市北京东路41号"),
    _department(CITY, "061", "南京住房公积金管理中心", "公积金中心", ENFORCEMENT_POSTS, kind="authorised",
                phone="025-12329", address="南京市珠江路308号", supervision_phone="025-83155000",
                hall="南京住房公积金管理中心服务大厅"),
    _department(CITY, "071", "南京市国土资源执法监察支队", "国土执法支队", (REVIEW, CHECK, APPROVE, ENFORCE, LEGAL),
                kind="entrusted", entrusted_by="012", phone="025-83730300", address="南京市北京东路63号",
                hall="南京市国土资源执法监察支队"),
    _department("320102", "010", "南京市玄武区民政局", "玄武区民政局", APPLICATION_POSTS,
                phone="025-84411000", address="南京市玄武区北京东路19号", hall="玄武区政务服务中心民政窗口"),
    _department("320115", "028", "南京市江宁区环境保护局", "江宁区环保局", (*ENFORCEMENT_POSTS, EXPERT),
                phone="025-52121000", address="南京市江宁区东山街道上元大街", hall="江宁区政务服务中心环保窗口"),
)

LAND_BUREAU = f"{CITY}-012"

# The fixed accounts: username → (family name, given name, roles, officer).
# A role is (role, scope): a department's full code or a region code, or None for an applicant.
# ``officer`` names the department the user works in, its posts and whether they carry a certificate.
ACCOUNTS = {
    "admin": ("周", "立群", (("administrator", CITY),), None),
    "legal": ("吴", "敏", (("legal_office", CITY),), None),
    "supervisor": ("郑", "国强", (("supervisor", CITY),), None),
    "clerk": ("孙", "丽华", (("catalog_clerk", LAND_BUREAU),), (LAND_BUREAU, (), False)),
    "head": ("钱", "建国", (("department_head", LAND_BUREAU),), (LAND_BUREAU, ("head",), False)),
    "officer": ("李", "志刚", (), (LAND_BUREAU, ("window", "review", "survey"), True)),
    "applicant": ("赵", "小梅", (("applicant", None),), None),
}
SUPERUSERS = frozenset({"admin"})

# Certificates (执法证) of demo officers are valid over these dates.
CERTIFICATE_VALID = ("2024-01-01", "2028-12-31")

# Enforcement personnel of the register (执法人员库) whose certificates tell its stories, relative to
# the demo's anchor day: username → (department, story). They hold the department's enforcement post.
REGISTER = {
    "zf-020-1": ("320100-020", "expiring"),  # valid for 12 more days: reminded
    "zf-030-1": ("320100-030", "expiring"),  # valid for 26 more days: reminded
    "zf-028-1": ("320100-028", "expired"),  # its annual check lapsed 20 days ago; its 立案 of a case was refused
    "zf-008-1": ("320100-008", "failed"),  # failed this year's annual check
    "zf-071-1": ("320100-071", "pending"),  # registered three days ago, awaiting the legal office's review
    "zf-033-1": ("320100-033", "lost"),  # reported lost, a new certificate approved
    "zf-040-1": ("320100-040", "left"),  # left the service
}

SURNAMES = "王陈张刘杨黄徐朱胡高林何郭马罗梁宋谢韩唐冯许曹彭曾董袁潘蒋蔡余杜叶程魏苏吕丁沈任姚卢姜崔陆汪范金石廖贾夏韦傅方邹熊秦顾"
GIVEN_NAMES = (
    "伟", "芳", "秀英", "敏", "静", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "秀兰", "霞", "平",
    "刚", "桂英", "建华", "文斌", "海燕", "晓东", "志强", "玉兰", "德明", "春梅", "国华", "红霞", "永刚", "雪梅",
    "振宇", "晓明", "俊杰", "婷婷", "立新", "丽娟", "卫东", "文静", "建军", "慧敏", "海峰", "小燕", "宏伟", "凤英",
)


def person(index: int) -> tuple[str, str]:
    """A deterministic Chinese name (family name, given name) for the ``index``-th generated account."""
    return SURNAMES[(index * 7) % len(SURNAMES)], GIVEN_NAMES[(index * 5 + index // len(GIVEN_NAMES)) % len(GIVEN_NAMES)]


def department_tag(department: dict) -> str:
    """How usernames name a department: ``015`` in the city, ``320102-010`` in a district."""
    if department["region"] == CITY:
        return department["code"]
    return f"{department['region']}-{department['code']}"


def full_code(department: dict) -> str:
    return f"{department['region']}-{department['code']}"


def clerk_username(department: dict) -> str:
    """The catalog clerk of a department; the land bureau's is the fixed ``clerk`` account."""
    return "clerk" if full_code(department) == LAND_BUREAU else f"clerk-{department_tag(department)}"


def post_officer_username(department: dict, post_code: str) -> str:
    return f"d{department_tag(department)}-{post_code}-1"
