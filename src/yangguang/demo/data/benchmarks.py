"""Demo discretion benchmarks (行政处罚裁量基准): one per penalty power of the demo catalog.

Each names the violations the power covers, the provision violated and the one that punishes
(from the laws the power's legal basis cites; the article texts are paraphrased), the law's own
standard and at least three tiers whose conditions test the factors of ``discretion.domain``.
The lightest tier goes without conditions ("otherwise"); the heaviest tier whose conditions
hold applies. Circumstances follow 《行政处罚法》 articles 30–33, 36 and 49 and the usual local lists.
"""

PUNISHMENT_LAW = "《中华人民共和国行政处罚法》"


def provision(law: str, article: str, text: str = "") -> dict:
    return {"law": law, "article": article, "text": text}


def when(*alternatives) -> list:
    """Alternatives of conditions, each a dict {factor: {op: bound}} or {factor: bool}."""
    clauses = []
    for alternative in alternatives:
        clause = []
        for factor, bounds in alternative.items():
            clause.append({"factor": factor, "is": bounds} if isinstance(bounds, bool) else {"factor": factor, **bounds})
        clauses.append(clause)
    return clauses


def fine(low, high) -> dict:
    return {"min": str(low), "max": str(high)}


def multiple(base: str, low, high) -> dict:
    return {"base": base, "min": str(low), "max": str(high)}


def tier(level: str, conditions: list, description: str = "", **standard) -> dict:
    return {"level": level, "conditions": conditions, "description": description, "standard": standard}


def circumstance(code: str, name: str, effect: str, basis: str = "", mandatory: bool = False) -> dict:
    return {"code": code, "name": name, "effect": effect, "mandatory": mandatory, "basis": basis}


# The circumstances every demo benchmark lists (情节).
COMMON = [
    circumstance("no_fault", "当事人有证据足以证明没有主观过错", "exempt", f"{PUNISHMENT_LAW}第三十三条第二款", True),
    circumstance("time_barred", "违法行为在二年内未被发现", "exempt", f"{PUNISHMENT_LAW}第三十六条第一款", True),
    circumstance("coerced", "受他人胁迫或者诱骗实施违法行为", "mitigate", f"{PUNISHMENT_LAW}第三十二条第（二）项", True),
    circumstance("meritorious", "配合行政机关查处违法行为有立功表现", "mitigate", f"{PUNISHMENT_LAW}第三十二条第（四）项", True),
    circumstance("eliminated_harm", "主动消除或者减轻违法行为危害后果", "lighter", f"{PUNISHMENT_LAW}第三十二条第（一）项", True),
    circumstance("confessed", "主动供述行政机关尚未掌握的违法行为", "lighter", f"{PUNISHMENT_LAW}第三十二条第（三）项", True),
    circumstance("minor_role", "在共同违法行为中起次要或者辅助作用", "lighter"),
    circumstance("cooperated", "积极配合调查，如实陈述违法事实并主动提供证据材料", "lighter"),
    circumstance("evidence_destroyed", "隐匿、销毁违法证据", "heavier"),
    circumstance("obstruction", "以暴力、威胁等方法阻碍执法人员依法执行职务", "heavier"),
    circumstance("refused_order", "经责令改正拒不改正或者被告诫后继续实施违法行为", "heavier"),
    circumstance("emergency", "在发生突发事件期间实施违法行为", "heavier", f"{PUNISHMENT_LAW}第四十九条"),
    circumstance("retaliation", "对举报人、证人打击报复", "heavier"),
]
JUVENILE = circumstance("juvenile", "已满十四周岁不满十八周岁的未成年人有违法行为", "lighter", f"{PUNISHMENT_LAW}第三十条", True)
FIRST_MINOR = "初次违法且危害后果轻微，并在立案调查前主动改正"


def benchmark(strategy: str, violations: list, *, params: dict | None = None, extra=()) -> dict:
    return {"strategy": {"name": strategy, "params": params or {}}, "circumstances": [*COMMON, *extra],
            "violations": violations}


LAND_LAW = "《中华人民共和国土地管理法》"
LAND_REGULATION = "《中华人民共和国土地管理法实施条例》"
PLANNING_LAW = "《中华人民共和国城乡规划法》"
SECURITY_LAW = "《中华人民共和国治安管理处罚法》"

BENCHMARKS = {
    # 发展和改革委员会: 招标投标法
    "320100-003-CF-0001": benchmark("multiples", [{
        "code": "ZB-49-01", "name": "必须进行招标的项目而不招标，或者化整为零、以其他方式规避招标",
        "violated": provision("《中华人民共和国招标投标法》", "第三条", "大型基础设施、公用事业等关系社会公共利益、公众安全的项目，全部或者部分使用国有资金投资的项目，必须进行招标。"),
        "punished": provision("《中华人民共和国招标投标法》", "第四十九条", "责令限期改正，可以处项目合同金额千分之五以上千分之十以下的罚款。"),
        "statutory": {"multiple": multiple("project_amount", "0.005", "0.01"),
                      "measures": "责令限期改正；全部或者部分使用国有资金的项目，可以暂停项目执行或者暂停资金拨付"},
        "tiers": [
            tier("minor", [], "项目合同金额较小，或者在立案调查前已主动改正、补办招标的",
                 multiple=multiple("project_amount", "0.005", "0.006")),
            tier("general", when({"project_amount": {"gte": "10000000"}}, {"corrected": False, "project_amount": {"gte": "3000000"}}),
                 "项目合同金额一千万元以上，或者三百万元以上且未主动改正的",
                 multiple=multiple("project_amount", "0.006", "0.008")),
            tier("serious", when({"project_amount": {"gte": "50000000"}}, {"repeat_count": {"gte": 1}}),
                 "项目合同金额五千万元以上，或者曾因规避招标受过处罚的",
                 multiple=multiple("project_amount", "0.008", "0.01")),
        ],
    }]),
    # 公安局: 治安管理处罚法
    "320100-008-CF-0001": benchmark("three_tiers", [{
        "code": "ZA-23-01", "name": "扰乱机关、团体、企业、事业单位秩序，致使工作、生产、营业、医疗、教学、科研不能正常进行",
        "violated": provision(SECURITY_LAW, "第二十三条第一款第（一）项"),
        "punished": provision(SECURITY_LAW, "第二十三条第一款", "处警告或者二百元以下罚款；情节较重的，处五日以上十日以下拘留，可以并处五百元以下罚款。"),
        "statutory": {"warning": True, "fine": fine(0, 500), "detention_days": {"min": 5, "max": 10}},
        "tiers": [
            tier("minor", [], "情节轻微，经劝阻即停止，未造成损失的", warning=True, fine=fine(0, 100)),
            tier("general", when({"harm": {"gte": "slight"}}, {"duration_days": {"gte": 1}}),
                 "致使工作、营业等不能正常进行，造成一定影响的", warning=True, fine=fine(100, 200)),
            tier("serious", when({"harm": {"gte": "serious"}}, {"repeat_count": {"gte": 1}}, {"persons": {"gte": 5}}),
                 "情节较重：造成较大经济损失或者恶劣社会影响，多次实施，或者纠集五人以上的",
                 fine=fine(200, 500), detention_days={"min": 5, "max": 10}),
        ],
    }], extra=[JUVENILE]),
    "320100-008-CF-0002": benchmark("three_tiers", [{
        "code": "ZA-56-01", "name": "旅馆业工作人员对住宿的旅客不按规定登记姓名、身份证件种类和号码",
        "violated": provision("《旅馆业治安管理办法》", "第六条", "旅馆接待旅客住宿必须登记，查验身份证件，按规定的项目如实登记。"),
        "punished": provision(SECURITY_LAW, "第五十六条第一款", "处二百元以上五百元以下罚款。"),
        "statutory": {"fine": fine(200, 500)},
        "tiers": [
            tier("exempt", when({"first_offence": True, "persons": {"lte": 1}, "corrected": True}),
                 FIRST_MINOR + "（仅一名旅客未登记）", measures="责令改正，予以批评教育"),
            tier("minor", [], "未登记旅客二名以下的", fine=fine(200, 300)),
            tier("general", when({"persons": {"gte": 3}}), "未登记旅客三名以上不满十名的", fine=fine(300, 400)),
            tier("serious", when({"persons": {"gte": 10}}, {"repeat_count": {"gte": 1}}),
                 "未登记旅客十名以上，或者一年内曾因同类行为受过处罚的", fine=fine(400, 500)),
        ],
    }], extra=[JUVENILE]),
    # 国土资源执法监察支队: 土地管理法及其实施条例
    "320100-071-CF-0001": benchmark("percent_split", [{
        "code": "TD-77-01", "name": "未经批准或者采取欺骗手段骗取批准，非法占用土地",
        "violated": provision(LAND_LAW, "第四十四条第一款", "建设占用土地，涉及农用地转为建设用地的，应当办理农用地转用审批手续。"),
        "punished": provision(LAND_REGULATION, "第五十七条", "依照《土地管理法》第七十七条处以罚款的，罚款额为非法占用土地每平方米100元以上1000元以下。"),
        "statutory": {"multiple": multiple("area", 100, 1000), "confiscate": ["illegal_goods"],
                      "measures": "责令退还非法占用的土地，限期拆除在非法占用的土地上新建的建筑物和其他设施，恢复土地原状"},
        "tiers": [
            tier("minor", [], "非法占用一般耕地以外土地不满五百平方米的", multiple=multiple("area", 100, 300)),
            tier("general", when({"area": {"gte": "500"}}), "非法占用土地五百平方米以上不满二千平方米的",
                 multiple=multiple("area", 300, 600)),
            tier("serious", when({"area": {"gte": "2000"}}, {"harm": {"gte": "general"}}),
                 "非法占用土地二千平方米以上，或者破坏耕地种植条件的", multiple=multiple("area", 600, 900),
                 confiscate=["illegal_goods"]),
            tier("severe", when({"area": {"gte": "10000"}}, {"harm": {"gte": "serious"}}),
                 "非法占用土地一万平方米以上，或者占用永久基本农田、造成耕地严重毁坏的",
                 multiple=multiple("area", 800, 1000), confiscate=["illegal_goods"]),
        ],
    }], params={"split": "0.6", "lighter": "general"}),
    "320100-071-CF-0002": benchmark("three_tiers", [{
        "code": "TD-74-01", "name": "买卖或者以其他形式非法转让土地",
        "violated": provision(LAND_LAW, "第二条第三款", "任何单位和个人不得侵占、买卖或者以其他形式非法转让土地。"),
        "punished": provision(LAND_REGULATION, "第五十四条", "依照《土地管理法》第七十四条处以罚款的，罚款额为违法所得的10%以上50%以下。"),
        "statutory": {"multiple": multiple("illegal_income", "0.1", "0.5"), "confiscate": ["illegal_income", "illegal_goods"],
                      "measures": "限期拆除在非法转让的土地上新建的建筑物和其他设施，恢复土地原状"},
        "tiers": [
            tier("minor", [], "违法所得不满十万元的", multiple=multiple("illegal_income", "0.1", "0.2"),
                 confiscate=["illegal_income"]),
            tier("general", when({"illegal_income": {"gte": "100000"}}), "违法所得十万元以上不满一百万元的",
                 multiple=multiple("illegal_income", "0.2", "0.35"), confiscate=["illegal_income"]),
            tier("serious", when({"illegal_income": {"gte": "1000000"}}, {"harm": {"gte": "serious"}}),
                 "违法所得一百万元以上，或者非法转让永久基本农田的", multiple=multiple("illegal_income", "0.35", "0.5"),
                 confiscate=["illegal_income", "illegal_goods"]),
        ],
    }]),
    # 规划局: 城乡规划法
    "320100-015-CF-0001": benchmark("three_tiers", [
        {
            "code": "GH-64-01", "name": "未取得建设工程规划许可证进行建设，尚可采取改正措施消除对规划实施的影响",
            "violated": provision(PLANNING_LAW, "第四十条第一款", "在城市、镇规划区内进行建筑物、构筑物、道路、管线和其他工程建设的，建设单位或者个人应当申请办理建设工程规划许可证。"),
            "punished": provision(PLANNING_LAW, "第六十四条", "尚可采取改正措施消除对规划实施的影响的，限期改正，处建设工程造价百分之五以上百分之十以下的罚款。"),
            "statutory": {"multiple": multiple("project_amount", "0.05", "0.1"), "measures": "责令停止建设，限期改正"},
            "tiers": [
                tier("minor", [], "建设工程造价不满一百万元，或者在立案调查前已停止建设并申请补办手续的",
                     multiple=multiple("project_amount", "0.05", "0.06")),
                tier("general", when({"project_amount": {"gte": "1000000"}, "corrected": False}),
                     "建设工程造价一百万元以上且未主动停止建设的", multiple=multiple("project_amount", "0.06", "0.08")),
                tier("serious", when({"project_amount": {"gte": "10000000"}}, {"repeat_count": {"gte": 1}}),
                     "建设工程造价一千万元以上，或者曾因违法建设受过处罚的", multiple=multiple("project_amount", "0.08", "0.1")),
            ],
        },
        {
            "code": "GH-64-02", "name": "未取得建设工程规划许可证进行建设，无法采取改正措施消除影响",
            "violated": provision(PLANNING_LAW, "第四十条第一款"),
            "punished": provision(PLANNING_LAW, "第六十四条", "无法采取改正措施消除影响的，限期拆除，不能拆除的，没收实物或者违法收入，可以并处建设工程造价百分之十以下的罚款。"),
            "statutory": {"multiple": multiple("project_amount", "0", "0.1"), "confiscate": ["illegal_income", "illegal_goods"],
                          "measures": "限期拆除"},
            "tiers": [
                tier("minor", [], "能够按期自行拆除的", multiple=multiple("project_amount", "0", "0.03")),
                tier("general", when({"corrected": False}), "不能拆除、没收实物或者违法收入的",
                     multiple=multiple("project_amount", "0.03", "0.07"), confiscate=["illegal_income", "illegal_goods"]),
                tier("serious", when({"harm": {"gte": "serious"}}, {"repeat_count": {"gte": 1}}),
                     "严重影响城乡规划实施，或者曾因违法建设受过处罚的", multiple=multiple("project_amount", "0.07", "0.1"),
                     confiscate=["illegal_income", "illegal_goods"]),
            ],
        },
    ]),
    # 建设委员会: 建筑法、建设工程质量管理条例
    "320100-018-CF-0001": benchmark("three_tiers", [{
        "code": "JZ-64-01", "name": "未取得施工许可证或者开工报告未经批准擅自施工",
        "violated": provision("《中华人民共和国建筑法》", "第七条", "建筑工程开工前，建设单位应当按照国家有关规定向工程所在地县级以上人民政府建设行政主管部门申请领取施工许可证。"),
        "punished": provision("《建设工程质量管理条例》", "第五十七条", "责令停止施工，限期改正，处工程合同价款百分之一以上百分之二以下的罚款。"),
        "statutory": {"multiple": multiple("project_amount", "0.01", "0.02"), "measures": "责令停止施工，限期改正"},
        "tiers": [
            tier("exempt", when({"first_offence": True, "corrected": True, "harm": {"lte": "none"}}),
                 FIRST_MINOR + "（已停止施工并补办施工许可证）", measures="责令改正，予以批评教育"),
            tier("minor", [], "施工时间不满三十日，且在立案调查后按期改正的", multiple=multiple("project_amount", "0.01", "0.013")),
            tier("general", when({"duration_days": {"gte": 30}}, {"corrected": False}),
                 "施工时间三十日以上，或者经责令后未按期改正的", multiple=multiple("project_amount", "0.013", "0.016")),
            tier("serious", when({"project_amount": {"gte": "50000000"}}, {"harm": {"gte": "general"}}, {"repeat_count": {"gte": 1}}),
                 "工程合同价款五千万元以上，造成质量安全隐患，或者曾因同类行为受过处罚的",
                 multiple=multiple("project_amount", "0.016", "0.02")),
        ],
    }]),
    # 交通运输局: 道路运输条例
    "320100-020-CF-0001": benchmark("three_tiers", [{
        "code": "YS-63-01", "name": "未取得道路运输经营许可，擅自从事道路运输经营",
        "violated": provision("《中华人民共和国道路运输条例》", "第八条、第二十四条", "从事客运、货运经营的，应当依法取得道路运输经营许可。"),
        "punished": provision("《中华人民共和国道路运输条例》", "第六十三条", "责令停止经营；有违法所得的，没收违法所得，处违法所得2倍以上10倍以下的罚款；没有违法所得或者违法所得不足2万元的，处2万元以上10万元以下的罚款。"),
        "statutory": {"multiple": multiple("illegal_income", 2, 10), "fine": fine(20000, 100000),
                      "confiscate": ["illegal_income"], "measures": "责令停止经营"},
        "tiers": [
            tier("minor", [], "没有违法所得或者违法所得不足二万元的", fine=fine(20000, 50000), confiscate=["illegal_income"]),
            tier("general", when({"illegal_income": {"gte": "20000"}}), "违法所得二万元以上不满十万元的",
                 multiple=multiple("illegal_income", 2, 5), confiscate=["illegal_income"]),
            tier("serious", when({"illegal_income": {"gte": "100000"}}, {"repeat_count": {"gte": 1}}),
                 "违法所得十万元以上，或者一年内曾因非法营运受过处罚的", multiple=multiple("illegal_income", 5, 10),
                 fine=fine(50000, 100000), confiscate=["illegal_income"]),
        ],
    }]),
    # 卫生局: 医疗机构管理条例及其实施细则
    "320100-025-CF-0001": benchmark("percent_split", [{
        "code": "WS-44-01", "name": "未取得《医疗机构执业许可证》擅自执业",
        "violated": provision("《医疗机构管理条例》", "第二十四条", "任何单位或者个人，未取得《医疗机构执业许可证》，不得开展诊疗活动。"),
        "punished": provision("《医疗机构管理条例》", "第四十四条", "责令其停止执业活动，没收非法所得和药品、器械，并可以根据情节处以1万元以下的罚款。"),
        "statutory": {"fine": fine(0, 10000), "confiscate": ["illegal_income", "illegal_goods"], "measures": "责令停止执业活动"},
        "tiers": [
            tier("minor", [], "擅自执业时间不满三个月，未造成患者伤害的", fine=fine(0, 3000),
                 confiscate=["illegal_income", "illegal_goods"]),
            tier("general", when({"duration_days": {"gte": 90}}), "擅自执业时间在三个月以上的（《医疗机构管理条例实施细则》第七十七条第（三）项）",
                 fine=fine(3000, 6000), confiscate=["illegal_income", "illegal_goods"]),
            tier("serious", when({"repeat_count": {"gte": 1}}, {"harm": {"gte": "general"}}),
                 "因擅自执业曾受过处罚，或者给患者造成伤害的（实施细则第七十七条第（一）、（四）项）",
                 fine=fine(6000, 10000), confiscate=["illegal_income", "illegal_goods"]),
        ],
    }], params={"split": "0.6", "lighter": "general"}),
    # 环境保护局: 环境影响评价法
    "320100-028-CF-0001": benchmark("three_tiers", [{
        "code": "HP-31-01", "name": "建设项目环境影响评价文件未依法报批或者未经批准，擅自开工建设",
        "violated": provision("《中华人民共和国环境影响评价法》", "第二十五条", "建设项目的环境影响评价文件未依法经审批部门审查或者审查后未予批准的，建设单位不得开工建设。"),
        "punished": provision("《中华人民共和国环境影响评价法》", "第三十一条第一款", "责令停止建设，根据违法情节和危害后果，处建设项目总投资额百分之一以上百分之五以下的罚款，并可以责令恢复原状。"),
        "statutory": {"multiple": multiple("project_amount", "0.01", "0.05"), "measures": "责令停止建设，可以责令恢复原状"},
        "tiers": [
            tier("minor", [], "开工建设不满三十日，未造成环境污染的", multiple=multiple("project_amount", "0.01", "0.02")),
            tier("general", when({"duration_days": {"gte": 30}}, {"harm": {"gte": "slight"}}),
                 "开工建设三十日以上，或者造成轻微环境污染的", multiple=multiple("project_amount", "0.02", "0.035")),
            tier("serious", when({"harm": {"gte": "serious"}}, {"repeat_count": {"gte": 1}}, {"duration_days": {"gte": 180}}),
                 "造成严重环境污染或者生态破坏，已建成投产，或者曾因同类行为受过处罚的",
                 multiple=multiple("project_amount", "0.035", "0.05")),
        ],
    }]),
    # 工商行政管理局: 无照经营查处取缔办法
    "320100-030-CF-0001": benchmark("three_tiers", [{
        "code": "GS-14-01", "name": "无照经营",
        "violated": provision("《无照经营查处取缔办法》", "第四条", "应当取得而未依法取得营业执照，擅自从事经营活动的，属于无照经营行为。"),
        "punished": provision("《无照经营查处取缔办法》", "第十四条", "予以取缔，没收违法所得，并处2万元以下的罚款；规模较大、社会危害严重的，并处2万元以上20万元以下的罚款；危害人体健康、存在重大安全隐患的，并处5万元以上50万元以下的罚款。"),
        "statutory": {"fine": fine(0, 500000), "confiscate": ["illegal_income", "illegal_goods"], "measures": "予以取缔"},
        "tiers": [
            tier("exempt", when({"first_offence": True, "corrected": True, "harm": {"lte": "slight"}, "illegal_income": {"lt": "5000"}}),
                 FIRST_MINOR + "（已办理营业执照，违法所得不满五千元）", measures="责令改正，予以批评教育"),
            tier("minor", [], "经营规模较小、未造成危害后果的", fine=fine(0, 20000), confiscate=["illegal_income"]),
            tier("serious", when({"illegal_income": {"gte": "50000"}}, {"harm": {"gte": "general"}}, {"repeat_count": {"gte": 1}}),
                 "经营规模较大、社会危害严重的", fine=fine(20000, 200000), confiscate=["illegal_income"]),
            tier("severe", when({"harm": {"gte": "serious"}}),
                 "危害人体健康、存在重大安全隐患、威胁公共安全或者破坏环境资源的", fine=fine(50000, 500000),
                 confiscate=["illegal_income", "illegal_goods"]),
        ],
    }]),
    # 质量技术监督局: 产品质量法
    "320100-033-CF-0001": benchmark("three_tiers", [{
        "code": "ZJ-49-01", "name": "生产、销售不符合保障人体健康和人身、财产安全的国家标准、行业标准的产品",
        "violated": provision("《中华人民共和国产品质量法》", "第十三条第一款", "可能危及人体健康和人身、财产安全的工业产品，必须符合保障人体健康和人身、财产安全的国家标准、行业标准。"),
        "punished": provision("《中华人民共和国产品质量法》", "第四十九条", "责令停止生产、销售，没收违法生产、销售的产品，并处货值金额等值以上三倍以下的罚款；有违法所得的，并处没收违法所得；情节严重的，吊销营业执照。"),
        "statutory": {"multiple": multiple("goods_value", 1, 3), "confiscate": ["illegal_income", "illegal_goods"],
                      "licence": ["revoke"], "measures": "责令停止生产、销售"},
        "tiers": [
            tier("minor", [], "货值金额不满五万元，未造成危害后果的", multiple=multiple("goods_value", "1", "1.5"),
                 confiscate=["illegal_income", "illegal_goods"]),
            tier("general", when({"goods_value": {"gte": "50000"}}), "货值金额五万元以上不满二十万元的",
                 multiple=multiple("goods_value", "1.5", "2"), confiscate=["illegal_income", "illegal_goods"]),
            tier("serious", when({"goods_value": {"gte": "200000"}}, {"harm": {"gte": "general"}}),
                 "货值金额二十万元以上，或者造成人身伤害、财产损失的", multiple=multiple("goods_value", "2", "3"),
                 confiscate=["illegal_income", "illegal_goods"]),
            tier("severe", when({"harm": {"gte": "serious"}}, {"repeat_count": {"gte": 2}}),
                 "情节严重：造成严重人身伤害或者重大财产损失，或者多次受到处罚仍不改正的",
                 multiple=multiple("goods_value", "2.5", "3"), confiscate=["illegal_income", "illegal_goods"],
                 licence=["revoke"]),
        ],
    }]),
    # 劳动和社会保障局: 劳动保障监察条例
    "320100-040-CF-0001": benchmark("bands", [{
        "code": "LD-25-01", "name": "用人单位违反劳动保障法律、法规或者规章延长劳动者工作时间",
        "violated": provision("《中华人民共和国劳动法》", "第四十一条", "用人单位延长工作时间一般每日不得超过一小时；因特殊原因需要延长的，每日不得超过三小时，每月不得超过三十六小时。"),
        "punished": provision("《劳动保障监察条例》", "第二十五条", "给予警告，责令限期改正，并可以按照受侵害的劳动者每人100元以上500元以下的标准计算，处以罚款。"),
        "statutory": {"warning": True, "multiple": multiple("persons", 100, 500), "measures": "责令限期改正"},
        "tiers": [
            tier("exempt", when({"first_offence": True, "corrected": True, "persons": {"lte": 3}}),
                 FIRST_MINOR + "（受侵害劳动者三人以下）", measures="责令改正，予以批评教育"),
            tier("minor", [], "受侵害劳动者不满十人，且在责令期限内改正的", warning=True, multiple=multiple("persons", 100, 200)),
            tier("general", when({"persons": {"gte": 10}}, {"duration_days": {"gte": 30}}),
                 "受侵害劳动者十人以上，或者违法延长工作时间持续三十日以上的", warning=True,
                 multiple=multiple("persons", 200, 350)),
            tier("serious", when({"persons": {"gte": 50}}, {"repeat_count": {"gte": 1}}, {"harm": {"gte": "serious"}}),
                 "受侵害劳动者五十人以上，曾因同类行为受过处罚，或者造成劳动者伤亡的", warning=True,
                 multiple=multiple("persons", 350, 500)),
        ],
    }], params={"lighter": ["0", "0.3"], "general": ["0.3", "0.7"], "heavier": ["0.7", "1"]}),
    # 住房公积金管理中心: 住房公积金管理条例
    "320100-061-CF-0001": benchmark("percent_split", [{
        "code": "GJJ-37-01", "name": "单位不办理住房公积金缴存登记或者不为本单位职工办理住房公积金账户设立手续，逾期不办理",
        "violated": provision("《住房公积金管理条例》", "第十四条、第十五条", "单位应当向住房公积金管理中心办理住房公积金缴存登记，并为本单位职工办理住房公积金账户设立手续。"),
        "punished": provision("《住房公积金管理条例》", "第三十七条", "责令限期办理；逾期不办理的，处1万元以上5万元以下的罚款。"),
        "statutory": {"fine": fine(10000, 50000), "measures": "责令限期办理"},
        "tiers": [
            tier("exempt", when({"first_offence": True, "corrected": True}), FIRST_MINOR + "（已补办缴存登记和账户设立手续）",
                 measures="责令改正，予以批评教育"),
            tier("minor", [], "涉及职工不满十人，逾期不满三十日的", fine=fine(10000, 20000)),
            tier("general", when({"persons": {"gte": 10}}, {"duration_days": {"gte": 30}}),
                 "涉及职工十人以上，或者逾期三十日以上的", fine=fine(20000, 35000)),
            tier("serious", when({"persons": {"gte": 50}}, {"repeat_count": {"gte": 1}}),
                 "涉及职工五十人以上，或者曾因同类行为受过处罚的", fine=fine(35000, 50000)),
        ],
    }], params={"split": "0.5", "lighter": "general"}),
    # 江宁区环境保护局: 大气污染防治法
    "320115-028-CF-0001": benchmark("three_tiers", [{
        "code": "DQ-99-02", "name": "超过大气污染物排放标准或者超过重点大气污染物排放总量控制指标排放大气污染物",
        "violated": provision("《中华人民共和国大气污染防治法》", "第十八条", "排放大气污染物的，应当符合大气污染物排放标准，遵守重点大气污染物排放总量控制要求。"),
        "punished": provision("《中华人民共和国大气污染防治法》", "第九十九条第（二）项", "责令改正或者限制生产、停产整治，并处十万元以上一百万元以下的罚款；情节严重的，报经有批准权的人民政府批准，责令停业、关闭。"),
        "statutory": {"fine": fine(100000, 1000000), "licence": ["suspend", "revoke"], "measures": "责令改正或者限制生产、停产整治"},
        "tiers": [
            tier("minor", [], "超标排放持续不满七日，未造成环境污染后果的", fine=fine(100000, 250000)),
            tier("general", when({"duration_days": {"gte": 7}}, {"harm": {"gte": "slight"}}),
                 "超标排放持续七日以上，或者造成轻微环境污染的", fine=fine(250000, 500000)),
            tier("serious", when({"duration_days": {"gte": 30}}, {"harm": {"gte": "general"}}),
                 "超标排放持续三十日以上，或者造成一定环境污染的", fine=fine(500000, 800000), licence=["suspend"]),
            tier("severe", when({"harm": {"gte": "serious"}}, {"repeat_count": {"gte": 2}}),
                 "造成严重环境污染，或者两次以上受到处罚仍超标排放的", fine=fine(800000, 1000000),
                 licence=["suspend", "revoke"]),
        ],
    }]),
}

# A revision of the land benchmark under the legal office's review: the split moved to 50 %.
REVISION = {
    "code": "320100-071-CF-0001",
    "reason": "按照市政府法制办关于统一裁量规则的意见，从重情节的调整比例改为法定罚款幅度的百分之五十。",
    "params": {"split": "0.5", "lighter": "general"},
}

# What the demo's investigations find (the facts a penalty decision names), per violation: a
# money, area or count factor is drawn from its (low, high) range, a yes/no factor holds with
# the given chance, a harm level or a repeat count is drawn from the list.
REPEATS = [0, 0, 0, 0, 0, 1]
HARMS = ["none", "none", "slight", "slight", "general"]
FACTS = {
    "ZB-49-01": {"project_amount": (1_500_000, 60_000_000), "corrected": 0.4, "repeat_count": REPEATS},
    "ZA-23-01": {"duration_days": (0, 3), "harm": ["none", "slight", "slight", "general", "serious"],
                 "persons": (1, 8), "repeat_count": REPEATS},
    "ZA-56-01": {"first_offence": 0.7, "corrected": 0.6, "persons": (1, 14), "repeat_count": REPEATS},
    "TD-77-01": {"area": (120, 6_000), "harm": HARMS},
    "TD-74-01": {"illegal_income": (30_000, 1_500_000), "harm": HARMS},
    "GH-64-01": {"project_amount": (300_000, 15_000_000), "corrected": 0.4, "repeat_count": REPEATS},
    "GH-64-02": {"project_amount": (200_000, 8_000_000), "corrected": 0.5, "harm": HARMS, "repeat_count": REPEATS},
    "JZ-64-01": {"project_amount": (2_000_000, 80_000_000), "duration_days": (5, 120), "first_offence": 0.7,
                 "corrected": 0.5, "harm": HARMS, "repeat_count": REPEATS},
    "YS-63-01": {"illegal_income": (3_000, 180_000), "repeat_count": REPEATS},
    "WS-44-01": {"duration_days": (10, 300), "harm": HARMS, "repeat_count": REPEATS},
    "HP-31-01": {"project_amount": (1_000_000, 50_000_000), "duration_days": (10, 240), "harm": HARMS,
                 "repeat_count": REPEATS},
    "GS-14-01": {"illegal_income": (1_000, 120_000), "first_offence": 0.7, "corrected": 0.5, "harm": HARMS,
                 "repeat_count": REPEATS},
    "ZJ-49-01": {"goods_value": (8_000, 400_000), "harm": HARMS, "repeat_count": [*REPEATS, 2]},
    "LD-25-01": {"persons": (3, 80), "duration_days": (5, 90), "first_offence": 0.7, "corrected": 0.6, "harm": HARMS,
                 "repeat_count": REPEATS},
    "GJJ-37-01": {"persons": (3, 120), "duration_days": (5, 120), "first_offence": 0.7, "corrected": 0.4,
                  "repeat_count": REPEATS},
    "DQ-99-02": {"duration_days": (1, 60), "harm": HARMS, "repeat_count": REPEATS},
}
