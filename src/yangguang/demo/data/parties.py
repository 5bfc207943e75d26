"""Fake but well-formed parties for the demo cases (申请人 / 当事人) and what they apply for.

Every identity is drawn from a ``random.Random``: resident identity card numbers carry a
Nanjing district code, a real birth date and the GB 11643 check digit; unified social credit
codes carry a Nanjing registration code, an organisation code with its GB 11714 check digit
and the GB 32100 check character. None of them belongs to anyone.
"""

import datetime
import random

from yangguang.cases.domain import CREDIT_ALPHABET, credit_code_check, id_card_check

from .org import GIVEN_NAMES, SURNAMES

# GB/T 2260 codes of Nanjing's districts and their names, for ID numbers and addresses.
DISTRICTS = (
    ("320102", "玄武区", ("北京东路", "中山路", "龙蟠路", "珠江路", "太平北路")),
    ("320104", "秦淮区", ("中华路", "建康路", "瑞金路", "大光路", "龙蟠中路")),
    ("320105", "建邺区", ("江东中路", "应天大街", "河西大街", "奥体大街", "庐山路")),
    ("320106", "鼓楼区", ("中山北路", "汉中路", "广州路", "湖南路", "虎踞路")),
    ("320111", "浦口区", ("江浦街道文德路", "浦珠路", "星火路", "浦口大道")),
    ("320113", "栖霞区", ("仙林大道", "尧化街道尧新大道", "迈皋桥街道和燕路", "马群街道")),
    ("320114", "雨花台区", ("软件大道", "雨花西路", "宁南大道", "铁心桥街道")),
    ("320115", "江宁区", ("双龙大道", "秣陵街道将军大道", "东山街道上元大街", "天元中路", "胜太路")),
    ("320116", "六合区", ("雄州街道园林路", "葛塘街道", "龙池街道延安路")),
)
ORGANISATION_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
MOBILE_PREFIXES = ("133", "135", "136", "138", "139", "150", "151", "152", "158", "159", "180", "182", "187", "189")

TRADE_NAMES = (
    "恒瑞", "宁远", "金陵", "钟山", "紫金", "秦淮", "长江", "新港", "华宁", "德润", "中盛", "汇通", "鼎泰", "瑞华",
    "天元", "东恒", "嘉禾", "苏宁", "润泽", "宏达", "明达", "博远", "建华", "同创", "锦程", "万安", "永泰", "安泰",
)
INDUSTRIES = (
    ("置业", "房地产开发"), ("建设工程", "建筑施工"), ("物流", "道路货物运输"), ("精密机械", "机械制造"),
    ("电子科技", "电子元器件制造"), ("新材料", "建材制造"), ("环保科技", "环保设备制造"), ("医药", "药品批发"),
    ("商贸", "批发零售"), ("酒店管理", "住宿"), ("交通运输", "道路旅客运输"), ("餐饮管理", "餐饮服务"),
)

COMPANY_PATTERNS = ("南京{trade}{industry}有限公司", "南京{trade}{industry}有限公司", "江苏{trade}{industry}有限公司",
                    "南京{trade}{industry}股份有限公司", "南京市{trade}{industry}有限责任公司")


def organisation_code(body8: str) -> str:
    """An organisation code (组织机构代码, GB 11714): eight characters and their check digit."""
    values = [int(c) if c.isdigit() else ord(c) - 55 for c in body8]
    check = 11 - sum(v * w for v, w in zip(values, ORGANISATION_WEIGHTS)) % 11
    return body8 + {10: "X", 11: "0"}.get(check, str(check))


def credit_code(body17: str) -> str:
    """A unified social credit code (统一社会信用代码, GB 32100) with its check character."""
    return body17 + credit_code_check(body17)


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)


def mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def address(rng: random.Random, district=None) -> str:
    code, name, roads = district or rng.choice(DISTRICTS)
    return f"南京市{name}{rng.choice(roads)}{rng.randrange(1, 400)}号"


def person(rng: random.Random, name: str | None = None) -> dict:
    """A natural person (自然人) with a resident identity card of a Nanjing district."""
    district = rng.choice(DISTRICTS)
    born = datetime.date(1955, 1, 1) + datetime.timedelta(days=rng.randrange(45 * 365))
    body = f"{district[0]}{born:%Y%m%d}{rng.randrange(1, 999):03d}"
    return {"kind": "person", "name": name or person_name(rng), "id_type": "id_card",
            "id_number": body + id_card_check(body), "phone": mobile(rng), "address": address(rng, district)}


def organisation(rng: random.Random, name: str | None = None, contact: str | None = None) -> dict:
    """A company (法人) registered in Nanjing, identified by its unified social credit code."""
    district = rng.choice(DISTRICTS)
    suffix = "".join(rng.choice(CREDIT_ALPHABET) for _position in range(5))
    body = "91" + district[0] + organisation_code("MA1" + suffix)
    if name is None:
        trade, (industry, _business) = rng.choice(TRADE_NAMES), rng.choice(INDUSTRIES)
        name = rng.choice(COMPANY_PATTERNS).format(trade=trade, industry=industry)
    return {"kind": "organisation", "name": name, "id_type": "credit_code", "id_number": credit_code(body),
            "phone": f"025-{rng.randrange(5, 9)}{rng.randrange(10**7):07d}", "address": address(rng, district),
            "contact": contact or person_name(rng)}


# --- what is applied for --------------------------------------------------------------------

LAND_PROJECTS = (
    ("{trade}科技产业园一期", "工业", (3, 25)), ("{place}保障性住房（安置房）项目", "住宅", (4, 18)),
    ("{place}物流仓储中心", "仓储", (2, 12)), ("{place}小学新建工程", "教育", (1, 4)),
    ("{place}社区卫生服务中心", "医疗卫生", (0.4, 1.5)), ("{road}道路改造工程", "交通", (2, 15)),
    ("{place}110千伏变电站", "公用设施", (0.3, 1.2)), ("{trade}精密制造基地", "工业", (5, 30)),
    ("{place}污水处理厂扩建工程", "公用设施", (1, 6)), ("{place}商业综合体", "商服", (2, 9)),
    ("{place}地铁车辆段上盖工程", "交通", (8, 35)), ("{place}养老服务中心", "社会福利", (0.6, 3)),
)
PLACES = ("江宁开发区", "秣陵", "麒麟", "仙林", "尧化", "板桥", "桥林", "龙袍", "汤山", "淳化", "雄州", "横溪", "铁心桥",
          "燕子矶", "马群", "谷里")


def land_project(rng: random.Random, trade: str) -> tuple[str, dict]:
    """The title and particulars (项目名称、用地面积…) of a construction project's land pre-review."""
    pattern, use, (low, high) = rng.choice(LAND_PROJECTS)
    place = rng.choice(PLACES)
    district = rng.choice(DISTRICTS)
    title = pattern.format(trade=f"南京{trade}", place=place, road=rng.choice(district[2]))
    area = round(rng.uniform(low, high), 4)
    farmland = round(area * rng.uniform(0, 0.45), 4) if use != "交通" or rng.random() < 0.5 else 0
    return title, {
        "项目所在地": f"南京市{district[1]}", "用地类型": use, "用地面积（公顷）": f"{area:.4f}",
        "其中耕地（公顷）": f"{farmland:.4f}", "总投资（万元）": str(int(area * rng.uniform(800, 4000))),
    }
