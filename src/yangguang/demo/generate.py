"""Synthetic catalogs (模拟权力目录): departments with posts, and powers with flowcharts.

Everything is drawn from one ``random.Random(seed)``, so a seed always gives the same data.
The records have the shape ``catalog.interchange`` imports.
"""

import random

from yangguang.org.models import Department, Post, Region, RegionLevel

REGIONS = {
    "320000": ("江苏省", "025"), "320100": ("南京市", "025"), "320200": ("无锡市", "0510"), "320300": ("徐州市", "0516"),
    "320400": ("常州市", "0519"), "320500": ("苏州市", "0512"), "320600": ("南通市", "0513"), "320700": ("连云港市", "0518"),
    "320800": ("淮安市", "0517"), "320900": ("盐城市", "0515"), "321000": ("扬州市", "0514"), "321100": ("镇江市", "0511"),
    "321200": ("泰州市", "0523"), "321300": ("宿迁市", "0527"),
}

# (code, name, short name, objects its powers concern, laws it applies)
DEPARTMENTS = (
    ("003", "发展和改革委员会", "发改委", ("固定资产投资项目", "企业投资项目", "价格行为", "粮食收购"),
     ("《中华人民共和国价格法》", "《企业投资项目核准和备案管理条例》")),
    ("005", "教育局", "教育局", ("民办学校", "教师资格", "校外培训机构", "中外合作办学"),
     ("《中华人民共和国教育法》", "《中华人民共和国民办教育促进法》")),
    ("008", "公安局", "公安局", ("大型群众性活动", "典当业", "旅馆业", "爆破作业", "剧毒化学品购买"),
     ("《中华人民共和国治安管理处罚法》", "《大型群众性活动安全管理条例》")),
    ("010", "民政局", "民政局", ("社会团体", "民办非企业单位", "养老机构", "殡葬设施"),
     ("《社会团体登记管理条例》", "《养老机构管理办法》")),
    ("012", "国土资源局", "国土局", ("建设项目用地", "临时用地", "采矿权", "土地复垦方案", "国有土地使用权"),
     ("《中华人民共和国土地管理法》", "《中华人民共和国矿产资源法》")),
    ("015", "规划局", "规划局", ("建设工程规划", "建设用地规划", "乡村建设规划", "临时建设工程"),
     ("《中华人民共和国城乡规划法》", "《江苏省城乡规划条例》")),
    ("018", "城乡建设委员会", "建委", ("建筑工程施工", "建筑业企业资质", "商品房预售", "城镇排水"),
     ("《中华人民共和国建筑法》", "《城市房地产开发经营管理条例》")),
    ("020", "交通运输局", "交通局", ("道路运输经营", "出租汽车经营", "公路超限运输", "机动车维修经营"),
     ("《中华人民共和国道路运输条例》", "《中华人民共和国公路法》")),
    ("023", "水务局", "水务局", ("取水", "河道管理范围内建设项目", "水土保持方案", "排水设施"),
     ("《中华人民共和国水法》", "《中华人民共和国水土保持法》")),
    ("025", "卫生局", "卫生局", ("医疗机构执业", "公共场所卫生", "放射诊疗", "母婴保健技术服务"),
     ("《医疗机构管理条例》", "《公共场所卫生管理条例》")),
    ("028", "环境保护局", "环保局", ("排污", "建设项目环境影响评价", "危险废物经营", "辐射安全"),
     ("《中华人民共和国环境保护法》", "《中华人民共和国环境影响评价法》")),
    ("030", "工商行政管理局", "工商局", ("企业登记", "广告经营", "商标印制", "个体工商户"),
     ("《中华人民共和国公司登记管理条例》", "《中华人民共和国广告法》")),
    ("033", "质量技术监督局", "质监局", ("特种设备", "计量器具", "工业产品生产", "产品质量"),
     ("《特种设备安全监察条例》", "《中华人民共和国计量法》")),
    ("035", "安全生产监督管理局", "安监局", ("危险化学品经营", "烟花爆竹经营", "非煤矿山", "安全生产条件"),
     ("《中华人民共和国安全生产法》", "《危险化学品安全管理条例》")),
    ("038", "文化广电新闻出版局", "文广新局", ("娱乐场所", "互联网上网服务营业场所", "印刷经营", "营业性演出"),
     ("《娱乐场所管理条例》", "《印刷业管理条例》")),
    ("040", "人力资源和社会保障局", "人社局", ("劳务派遣经营", "职业技能鉴定", "社会保险", "特殊工时制度"),
     ("《中华人民共和国劳动合同法》", "《社会保险费征缴暂行条例》")),
)

# (code, name, enforcement post); every generated department has them all.
POSTS = (
    ("window", "窗口受理岗", False), ("review", "审查岗", False), ("survey", "现场勘查岗", True),
    ("expert", "专家评审岗", False), ("check", "复核岗", False), ("approve", "审批岗", False),
    ("investigate", "调查取证岗", True), ("legal", "法制审核岗", False), ("deliver", "送达岗", False),
)

# Roughly Nanjing's 2007 mix: penalties dominate, licences and "other" follow.
CATEGORY_WEIGHTS = {"CF": 60, "XK": 9, "QT": 8, "QR": 5, "ZS": 4, "SP": 4, "QZ": 3, "GF": 2, "JL": 2, "CJ": 2, "ZY": 1}

NAMES = {
    "XK": ("{o}许可", "{o}审批", "{o}核准", "{o}许可证核发"),
    "CF": ("对未经许可擅自从事{o}的处罚", "对违反规定变更{o}的处罚", "对伪造、涂改{o}证明文件的处罚",
           "对拒不配合{o}监督检查的处罚", "对超范围从事{o}的处罚", "对未按规定备案{o}的处罚"),
    "ZS": ("{o}有关费用征收", "{o}相关规费征收"),
    "QZ": ("对违法{o}的查封、扣押", "{o}违法行为的代履行"),
    "SP": ("{o}审核", "{o}方案审查"),
    "GF": ("{o}补助资金给付",),
    "JL": ("{o}工作先进单位和个人表彰奖励",),
    "QR": ("{o}确认", "{o}登记"),
    "ZY": ("{o}应急征用",),
    "CJ": ("{o}权属争议裁决",),
    "QT": ("{o}年度检验", "{o}备案", "{o}信息公示"),
}
RESULTS = {
    "XK": ("准予行政许可决定书", "不予行政许可决定书"), "CF": ("行政处罚决定书",), "ZS": ("缴款通知书",),
    "QZ": ("查封（扣押）决定书", "解除查封（扣押）决定书"), "CJ": ("行政裁决书",), "JL": ("表彰决定",),
}
MATERIALS = (
    ("申请表", True, ""), ("申请人身份证明或营业执照", True, "复印件，核对原件"), ("法定代表人授权委托书", False, "委托办理的提供"),
    ("相关技术资料", True, ""), ("场地使用证明", True, ""), ("现场照片", False, "彩色打印"),
)
PENALTY = ("CF", "QZ")
DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """Chinese numerals for 1–99, as article numbers are written (第五十二条)."""
    tens, units = divmod(n, 10)
    return (DIGITS[tens] if tens > 1 else "") + ("十" if tens else "") + (DIGITS[units] if units else "")


def _region(code: str) -> Region:
    name = REGIONS.get(code, (f"行政区{code}", ""))[0]
    if code.endswith("0000"):
        return Region.objects.get_or_create(code=code, defaults={"name": name, "level": RegionLevel.PROVINCE})[0]
    parent = _region(code[:2] + "0000" if code.endswith("00") else code[:4] + "00")
    level = RegionLevel.CITY if code.endswith("00") else RegionLevel.COUNTY
    return Region.objects.get_or_create(code=code, defaults={"name": name, "level": level, "parent": parent})[0]


def generate_org(*, region_codes=("320100",)) -> list[Department]:
    """The regions, their departments and every department's posts; existing rows are kept."""
    departments = []
    for region_code in region_codes:
        region = _region(region_code)
        Department.objects.bulk_create(
            [Department(region=region, code=code, name=f"{region.name}{name}", short_name=short)
             for code, name, short, *_ in DEPARTMENTS],
            ignore_conflicts=True,
        )
        departments += Department.objects.filter(region=region, code__in=[d[0] for d in DEPARTMENTS]).select_related("region")
    Post.objects.bulk_create(
        [Post(department=department, code=code, name=name, is_enforcement=enforcement)
         for department in departments for code, name, enforcement in POSTS],
        ignore_conflicts=True,
    )
    return departments


def generate_catalog(n: int, *, seed: int = 0, region_codes=("320100",)) -> list[dict]:
    """``n`` power records over the departments ``generate_org`` creates for ``region_codes``."""
    rng = random.Random(seed)
    categories, weights = zip(*CATEGORY_WEIGHTS.items())
    return [
        _record(rng, rng.choice(region_codes), rng.choice(DEPARTMENTS), rng.choices(categories, weights)[0])
        for _ in range(n)
    ]


def _record(rng: random.Random, region_code: str, department, category: str) -> dict:
    code, _, short, objects, laws = department
    city, area = REGIONS.get(region_code, (f"行政区{region_code}", "025"))
    obj = rng.choice(objects)
    name = rng.choice(NAMES[category]).format(o=obj)
    if category in PENALTY:
        statutory, unit = (90, "day") if category == "CF" else (30, "day")
        committed = rng.randint(statutory // 2, statutory * 2 // 3)
    else:
        statutory, unit = (20, "workday") if category in ("XK", "SP", "ZS") else (30, "workday")
        committed = rng.randint(5, 15) if statutory == 20 else rng.randint(10, 20)
    if category in PENALTY:
        flow, committed = _penalty_flow(rng, committed, unit)
    else:
        other = rng.choice([d for d in DEPARTMENTS if d[0] != code])
        flow, committed = _application_flow(rng, committed, unit, joint_department=f"{region_code}-{other[0]}")
    filed = rng.random() < 0.02
    record = {
        "code": "",
        "department": f"{region_code}-{code}",
        "category": category,
        "name": name,
        "legal_bases": [
            {"law": law, "article": f"第{chinese_number(rng.randint(2, 90))}条",
             "text": f"有关{obj}的事项，由县级以上人民政府{short[:-1] or short}主管部门依照本法规定办理。"}
            for law in rng.sample(laws, rng.randint(1, len(laws)))
        ],
        "conditions": "" if category in PENALTY else f"申请人符合{obj}有关法律、法规规定的条件，申请材料齐全、符合法定形式。",
        "materials": [] if category in PENALTY else [
            {"name": m_name, "required": required, "copies": rng.randint(1, 2), "note": note}
            for m_name, required, note in MATERIALS[: rng.randint(2, len(MATERIALS))]
        ],
        "fees": _fees(rng, category, obj, laws),
        "result_documents": list(RESULTS.get(category, (f"{name}决定书",))),
        "statutory_limit": statutory, "statutory_unit": unit,
        "committed_limit": committed, "committed_unit": unit,
        "extension_limit": 10 if category == "XK" else 0,
        "consultation_phone": f"{area}-{rng.randint(52000000, 86999999)}",
        "supervision_phone": "12345",
        "handling_place": f"{city}政务服务中心{short}窗口",
        "online": category not in PENALTY,
        "disclosure": "filed" if filed else "public",
        "filed_reason": "涉及国家秘密，依法不予公开。" if filed else "",
        "flow": flow,
    }
    return record


def _fees(rng, category, obj, laws) -> list[dict]:
    if category == "ZS":
        return [{"name": f"{obj}费", "standard": "按核定标准征收", "basis": laws[0]}]
    if category == "XK" and rng.random() < 0.2:
        return [{"name": "证照工本费", "standard": f"{rng.choice((5, 10, 20))}元/证", "basis": "苏价费〔2004〕321号"}]
    return []


class _Flow:
    """A flowchart under construction; ``counted`` holds the task steps on its longest path."""

    def __init__(self, unit: str):
        self.unit = unit
        self.steps: list[dict] = []
        self.transitions: list[dict] = []
        self.counted: list[dict] = []

    def step(self, key, name, kind, post=None, *, department=None, counted=True, limit=None, legal_review=False):
        step = {"key": key, "name": name, "kind": kind}
        if legal_review:
            step["legal_review"] = True
        if department:
            step["department"] = department
        if post:
            step.update(post=post, limit=limit or 1, unit=self.unit)
            if counted:
                self.counted.append(step)
        self.steps.append(step)
        return key

    def arrow(self, source, target, condition=""):
        self.transitions.append({"from": source, "to": target, **({"condition": condition} if condition else {})})

    def chain(self, *keys):
        for source, target in zip(keys, keys[1:]):
            self.arrow(source, target)

    def finish(self, rng, committed: int) -> tuple[dict, int]:
        """Spread the committed limit over the counted steps, keeping a little slack; it grows
        if it cannot give each of them a day."""
        committed = max(committed, len(self.counted))
        for step in self.counted:
            step["limit"] = 1
        spare = committed - len(self.counted)
        for _ in range(spare - rng.randint(0, spare // 4)):
            rng.choice(self.counted)["limit"] += 1
        for step in self.steps:  # the other department's arm of a joint approval gets the same limit
            if step.get("department"):
                step["limit"] = next(s["limit"] for s in self.steps if s["key"] == "review")
        return {"steps": self.steps, "transitions": self.transitions}, committed


def _application_flow(rng, committed, unit, *, joint_department):
    """Licence-like: 受理 → (现场勘查 | 专家评审) → 审查 (∥ 会审) → 复核 → 决定 → 送达."""
    flow = _Flow(unit)
    flow.step("start", "申请", "start")
    flow.step("accept", "受理", "task", "window")
    branch = rng.choice(("none", "survey", "expert"))
    joint = rng.random() < 0.3
    check, deliver = rng.random() < 0.5, rng.random() < 0.5
    flow.arrow("start", "accept")
    before_review = "accept"
    if branch == "survey":
        flow.step("need_survey", "是否现场勘查", "exclusive")
        flow.step("survey", "现场勘查", "task", "survey")
        flow.chain("accept", "need_survey")
        flow.arrow("need_survey", "survey", "需要勘查")
        flow.arrow("need_survey", "split" if joint else "review", "无需勘查")
        before_review = "survey"
    if joint:
        flow.step("split", "并联审批", "split")
        flow.step("review", "审查", "task", "review")
        flow.step("joint_review", "会审", "task", "review", department=joint_department, counted=False)
        flow.step("join", "会审汇总", "join")
        flow.chain(before_review, "split", "review", "join")
        flow.chain("split", "joint_review", "join")
        after_review = "join"
    else:
        flow.step("review", "审查", "task", "review")
        flow.arrow(before_review, "review")
        after_review = "review"
    if branch == "expert":
        flow.step("need_expert", "是否专家评审", "exclusive")
        flow.step("expert", "专家评审", "excluded", "expert", counted=False, limit=rng.randint(5, 10))
        flow.arrow(after_review, "need_expert")
        flow.arrow("need_expert", "expert", "需专家评审")
        after_review = "need_expert"
    tail = (["check"] if check else []) + ["approve"] + (["deliver"] if deliver else [])
    names = {"check": ("复核", "check"), "approve": ("决定", "approve"), "deliver": ("送达", "deliver")}
    for key in tail:
        flow.step(key, names[key][0], "task", names[key][1])
    flow.step("end", "办结", "end")
    if branch == "expert":
        flow.arrow("need_expert", tail[0], "无需评审")
        flow.arrow("expert", tail[0])
    else:
        flow.arrow(after_review, tail[0])
    flow.chain(*tail, "end")
    return flow.finish(rng, committed)


def _penalty_flow(rng, committed, unit):
    """Penalty (一般程序): 立案 → 调查取证 → 法制审核 → (听证) → (集体讨论) → 决定 → 送达."""
    flow = _Flow(unit)
    flow.step("start", "案件来源", "start")
    flow.step("file", "立案", "task", "window")
    flow.step("investigate", "调查取证", "task", "investigate")
    flow.step("legal", "法制审核", "task", "legal", legal_review=True)
    flow.chain("start", "file", "investigate", "legal")
    last = "legal"
    if rng.random() < 0.5:
        flow.step("hearing_asked", "是否要求听证", "exclusive")
        flow.step("hearing", "听证", "excluded", "legal", counted=False, limit=rng.randint(7, 15))
        flow.arrow(last, "hearing_asked")
        flow.arrow("hearing_asked", "hearing", "当事人要求听证")
        last = "hearing_asked"
    major = rng.random() < 0.4
    if major:
        flow.step("major", "是否重大案件", "exclusive")
        flow.step("collective", "集体讨论", "task", "approve")
    flow.step("decide", "处罚决定", "task", "approve")
    flow.step("deliver", "送达", "task", "deliver")
    flow.step("end", "结案", "end")
    entry = "major" if major else "decide"
    if last == "hearing_asked":
        flow.arrow("hearing_asked", entry, "未要求听证")
        flow.arrow("hearing", entry)
    else:
        flow.arrow(last, entry)
    if major:
        flow.arrow("major", "collective", "重大案件")
        flow.arrow("major", "decide", "一般案件")
        flow.arrow("collective", "decide")
    flow.chain("decide", "deliver", "end")
    return flow.finish(rng, committed)
