"""The demo catalog: powers of the Nanjing departments with their content and flowcharts.

Legal bases name real laws and articles; their ``text`` paraphrases the article rather than
quoting it. Every record says which state the loader leaves it in (``state``):
``published`` (the default), ``revision`` (published, with a revision under review),
``returned`` (returned by the legal office), ``draft`` or ``revoked``.
"""

from . import flows
from .org import CITY, DEPARTMENTS, full_code

# (statutory limit, unit, committed limit, unit, extension) by category; a record may override them.
LIMITS = {
    "XK": (20, "workday", 12, "workday", 10),
    "CF": (90, "day", 60, "day", 0),
    "ZS": (20, "workday", 7, "workday", 0),
    "QZ": (30, "day", 20, "day", 0),
    "SP": (20, "workday", 15, "workday", 0),
    "GF": (30, "day", 20, "day", 0),
    "JL": (30, "workday", 20, "workday", 0),
    "QR": (20, "workday", 10, "workday", 0),
    "ZY": (15, "day", 10, "day", 0),
    "CJ": (180, "day", 120, "day", 0),
    "QT": (20, "workday", 10, "workday", 0),
}
RESULTS = {
    "XK": ["准予行政许可决定书", "不予行政许可决定书"],
    "CF": ["行政处罚决定书"],
    "ZS": ["缴款通知书"],
    "QZ": ["查封（扣押）决定书", "解除查封（扣押）决定书"],
    "SP": ["批复文件"],
    "GF": ["给付决定通知书"],
    "JL": ["表彰决定"],
    "QR": ["登记证明"],
    "ZY": ["征用通知书", "征用补偿决定书"],
    "CJ": ["行政裁决书"],
    "QT": ["办理结果通知书"],
}
TEMPLATES = {
    "XK": flows.licence, "CF": flows.penalty, "ZS": flows.levy, "QZ": flows.enforcement, "SP": flows.approval,
    "GF": flows.benefit, "JL": flows.reward, "QR": flows.registration, "ZY": flows.requisition,
    "CJ": flows.adjudication, "QT": flows.registration,
}
_BY_CODE = {full_code(d): d for d in DEPARTMENTS}
PENALTY_CONDITIONS = "有违法事实，依法应当给予行政处罚，属于本机关管辖，且在追责时效内。"
FILE_CONDITIONS = "有证据证明存在违法行为，依法应当采取行政强制措施。"


def basis(law: str, article: str, text: str = "") -> dict:
    return {"law": law, "article": article, "text": text}


def material(name: str, required: bool = True, copies: int = 1, note: str = "") -> dict:
    return {"name": name, "required": required, "copies": copies, "note": note}


def fee(name: str, standard: str, fee_basis: str) -> dict:
    return {"name": name, "standard": standard, "basis": fee_basis}


LICENCE_LIMIT_BASIS = basis("《中华人民共和国行政许可法》", "第四十二条",
                            "除当场作出决定外，应当自受理申请之日起二十日内作出决定，经本机关负责人批准可延长十日。")
APPLICATION = material("申请书（申请表）", note="加盖公章或申请人签字")
IDENTITY = material("申请人身份证明或营业执照", note="复印件，核对原件")
PROXY = material("授权委托书及受托人身份证明", required=False, note="委托代理人办理的提供")


def power(department: str, category: str, name: str, bases: list[dict], *, conditions: str = "", materials=(),
          fees=(), results=None, limits=None, flow=None, online=None, disclosure="public", filed_reason="",
          state="published", **details) -> dict:
    """One demo power record: ``department`` is a full code; ``flow`` is a payload or keywords for the
    category's template, which then fills the committed limit; ``details`` serve the ``state``."""
    dept = _BY_CODE[department]
    statutory, statutory_unit, committed, committed_unit, extension = limits or LIMITS[category]
    if flow is None or "steps" not in flow:
        flow = TEMPLATES[category](committed, committed_unit, **(flow or {}))
    content = {
        "name": name, "legal_bases": bases, "conditions": conditions,
        "materials": list(materials) if materials or category in ("CF", "QZ", "ZY") else [APPLICATION, IDENTITY, PROXY],
        "fees": list(fees), "result_documents": results or RESULTS[category],
        "statutory_limit": statutory, "statutory_unit": statutory_unit,
        "committed_limit": committed, "committed_unit": committed_unit, "extension_limit": extension,
        "consultation_phone": dept["phone"], "supervision_phone": dept["supervision_phone"],
        "handling_place": dept["hall"],
        "online": category not in ("CF", "QZ", "ZY") if online is None else online,
        "disclosure": disclosure, "filed_reason": filed_reason,
    }
    return {"department": department, "category": category, "content": content, "flow": flow, "state": state,
            **details}


NDRC, POLICE, CIVIL, LAND, PLANNING = (f"{CITY}-{c}" for c in ("003", "008", "010", "012", "015"))
CONSTRUCTION, TRANSPORT, HEALTH, ENVIRONMENT = (f"{CITY}-{c}" for c in ("018", "020", "025", "028"))
COMMERCE, QUALITY, LABOUR, FUND, LAND_PATROL = (f"{CITY}-{c}" for c in ("030", "033", "040", "061", "071"))
XUANWU_CIVIL, JIANGNING_ENVIRONMENT = "320102-010", "320115-028"

LAND_LAW = "《中华人民共和国土地管理法》"
PLANNING_LAW = "《中华人民共和国城乡规划法》"
EIA_LAW = "《中华人民共和国环境影响评价法》"
PUNISHMENT_LAW = "《中华人民共和国行政处罚法》"
COERCION_LAW = "《中华人民共和国行政强制法》"
PENALTY_LIMIT_BASIS = basis(PUNISHMENT_LAW, "第六十条", "行政处罚案件应当自立案之日起九十日内作出处罚决定。")
SEIZURE_LIMIT_BASIS = basis(COERCION_LAW, "第二十五条", "查封、扣押的期限一般不超过三十日，情况复杂的经批准可以延长。")

POWERS = [
    # 发展和改革委员会
    power(NDRC, "XK", "企业投资项目核准", [
        basis("《企业投资项目核准和备案管理条例》", "第三条", "关系国家安全、重大生产力布局、战略性资源开发和重大公共利益的企业投资项目实行核准管理。"),
        basis("《中华人民共和国行政许可法》", "第二十六条", "行政许可依法由多个部门分别实施的，可以确定一个部门受理，转告有关部门分别提出意见后统一办理，或者组织联合办理、集中办理。"),
        LICENCE_LIMIT_BASIS,
    ], conditions="项目属于《政府核准的投资项目目录》范围，符合国家产业政策和土地利用、城乡规划、环境保护要求。",
        materials=[APPLICATION, material("项目申请报告", copies=5, note="由具备相应资质的工程咨询机构编制"),
                   material("国土部门出具的用地预审意见", required=False, note="并联审批时由国土局出具"),
                   material("规划部门出具的选址意见", required=False, note="并联审批时由规划局出具"),
                   material("环境影响评价文件审批意见", required=False, note="并联审批时由环保局出具"), IDENTITY],
        results=["项目核准文件", "不予核准决定书"], limits=(20, "workday", 15, "workday", 10),
        flow=flows.joint_investment_approval(land=LAND, planning=PLANNING, environment=ENVIRONMENT)),
    power(NDRC, "QT", "企业投资项目备案", [
        basis("《企业投资项目核准和备案管理条例》", "第三条", "核准范围以外的企业投资项目实行备案管理，按照属地原则备案。"),
    ], conditions="项目不属于核准管理范围，企业在开工建设前通过在线平台告知项目信息。",
        results=["项目备案证明"], limits=(5, "workday", 4, "workday", 0), flow={"register": "备案", "issue": "出具备案证明"}),
    power(NDRC, "SP", "政府投资项目可行性研究报告审批", [
        basis("《政府投资条例》", "第九条", "政府投资项目应当编制项目建议书、可行性研究报告、初步设计，报投资主管部门审批。"),
    ], conditions="项目建议书已经批准，可行性研究报告由具备相应资质的机构编制。",
        materials=[APPLICATION, material("可行性研究报告", copies=3), material("项目建议书批复文件", note="复印件")],
        results=["可行性研究报告批复"], flow={"expert": 15}),
    power(NDRC, "CF", "对依法必须进行招标的项目而不招标的处罚", [
        basis("《中华人民共和国招标投标法》", "第四十九条", "必须进行招标的项目而不招标、将项目化整为零或者以其他方式规避招标的，责令限期改正，可以处项目合同金额千分之五以上千分之十以下的罚款。"),
        PENALTY_LIMIT_BASIS,
    ], conditions=PENALTY_CONDITIONS),
    power(NDRC, "JL", "节能工作先进单位和个人表彰奖励", [
        basis("《中华人民共和国节约能源法》", "第六十七条", "对在节能管理、节能科学技术研究和推广应用中有显著成绩以及检举严重浪费能源行为的单位和个人给予表彰和奖励。"),
    ], conditions="在节能管理、技术推广或者检举浪费能源行为中成绩显著。",
        materials=[material("推荐表"), material("先进事迹材料")], results=["表彰决定"]),

    # 公安局
    power(POLICE, "XK", "大型群众性活动安全许可", [
        basis("《大型群众性活动安全管理条例》", "第十一条", "公安机关对大型群众性活动实行安全许可制度。"),
        LICENCE_LIMIT_BASIS,
    ], conditions="活动承办者具有合法资格，有安全工作方案、安全责任明确，场所符合安全要求。",
        materials=[APPLICATION, material("安全工作方案"), material("活动场所管理者同意使用的证明"), IDENTITY],
        limits=(7, "workday", 6, "workday", 0), flow={"survey": True}),
    power(POLICE, "CF", "对扰乱机关、团体、企业、事业单位秩序的处罚", [
        basis("《中华人民共和国治安管理处罚法》", "第二十三条", "扰乱机关、团体、企业、事业单位秩序，致使工作、生产、营业、医疗、教学、科研不能正常进行的，处警告或者罚款；情节较重的处拘留。"),
    ], conditions=PENALTY_CONDITIONS, limits=(30, "day", 20, "day", 0), flow={"hearing": 5}),
    power(POLICE, "CF", "对旅馆业工作人员不按规定登记住宿旅客信息的处罚", [
        basis("《中华人民共和国治安管理处罚法》", "第五十六条", "旅馆业的工作人员对住宿的旅客不按规定登记姓名、身份证件种类和号码的，处罚款。"),
    ], conditions=PENALTY_CONDITIONS, limits=(30, "day", 20, "day", 0), flow={"hearing": 5}),
    power(POLICE, "ZY", "紧急情况下优先使用单位和个人的交通工具、通信工具", [
        basis("《中华人民共和国人民警察法》", "第十三条", "公安机关因侦查犯罪的需要，必要时可以优先使用单位和个人的交通工具、通信工具、场地和建筑物，用后及时归还并支付适当费用。"),
    ], results=["优先使用通知书", "使用费用支付凭证"]),
    power(POLICE, "QR", "户口迁移登记", [
        basis("《中华人民共和国户口登记条例》", "第十条", "公民迁出本户口管辖区，由本人或者户主在迁出前向户口登记机关申报迁出登记。"),
    ], conditions="符合本市户口迁移政策规定的条件。",
        materials=[APPLICATION, material("居民户口簿"), material("居民身份证"), material("迁入地准予迁入证明", required=False)],
        results=["户口迁移证", "准予迁入证明"], limits=(15, "workday", 5, "workday", 0),
        flow={"register": "审批", "issue": "签发证明"}),
    power(POLICE, "QZ", "对无正当理由不接受传唤的违反治安管理行为人强制传唤", [
        basis("《中华人民共和国治安管理处罚法》", "第八十二条", "对无正当理由不接受传唤或者逃避传唤的人，可以强制传唤。"),
    ], conditions=FILE_CONDITIONS, results=["强制传唤证"], limits=(1, "day", 1, "day", 0),
        flow=flows.enforcement(12, "hour")),

    # 民政局
    power(CIVIL, "XK", "社会团体成立登记", [
        basis("《社会团体登记管理条例》", "第九条", "申请成立社会团体，应当经其业务主管单位审查同意，由发起人向登记管理机关申请筹备。"),
        LICENCE_LIMIT_BASIS,
    ], conditions="有50个以上个人会员或者30个以上单位会员，有规范的名称、相应的组织机构、固定住所和合法财产。",
        materials=[APPLICATION, material("业务主管单位批准文件"), material("章程草案"), material("验资报告"),
                   material("住所使用权证明")], results=["社会团体法人登记证书", "不予登记决定书"]),
    power(CIVIL, "XK", "民办非企业单位成立登记", [
        basis("《民办非企业单位登记管理暂行条例》", "第三条", "成立民办非企业单位，应当经其业务主管单位审查同意，并依法登记。"),
        LICENCE_LIMIT_BASIS,
    ], conditions="经业务主管单位审查同意，有规范的名称、必要的组织机构、合法财产和与业务活动相适应的从业人员。",
        materials=[APPLICATION, material("业务主管单位批准文件"), material("章程草案"), material("场所使用权证明"),
                   material("验资报告")], results=["民办非企业单位登记证书", "不予登记决定书"]),

    # 国土资源局 — the land bureau; the twelve-step land pre-review is its flagship.
    power(LAND, "XK", "建设项目用地预审", [
        basis(LAND_LAW, "第五十二条", "建设项目可行性研究论证时，土地行政主管部门可以根据土地利用总体规划、年度计划和建设用地标准对建设用地有关事项进行审查并提出意见。"),
        LICENCE_LIMIT_BASIS,
        basis("《中华人民共和国行政许可法》", "第四十五条", "依法需要专家评审的，所需时间不计算在法定期限内，应书面告知申请人。"),
    ], conditions="建设项目符合土地利用总体规划和供地政策，用地规模符合建设用地标准，已落实补充耕地。",
        materials=[material("建设项目用地预审申请表"), material("建设项目用地预审申请报告"),
                   material("项目建议书批复或者项目备案证明", note="复印件"),
                   material("标注项目用地范围的土地利用总体规划图"), material("勘测定界图及坐标", required=False), PROXY],
        results=["建设项目用地预审意见", "不予通过预审的书面意见"], limits=(20, "workday", 15, "workday", 10),
        flow=flows.land_pre_review()),
    power(LAND, "XK", "临时用地审批", [
        basis(LAND_LAW, "第五十七条", "建设项目施工和地质勘查需要临时使用国有土地或者农民集体所有土地的，由县级以上土地行政主管部门批准，使用期限一般不超过二年。"),
        LICENCE_LIMIT_BASIS,
    ], conditions="因建设项目施工或地质勘查确需临时使用土地，已与土地权利人签订临时使用土地合同。",
        materials=[APPLICATION, material("临时使用土地合同"), material("土地复垦方案"), material("用地范围红线图"), IDENTITY],
        results=["临时用地批准书", "不予许可决定书"], flow=flows.licence(8, survey=True),
        state="revision", revision={
            "reason": "按照市政府行政审批提速要求，承诺时限由12个工作日压缩为8个工作日。", "committed_limit": 8,
        }),
    power(LAND, "XK", "采矿许可证核发", [
        basis("《中华人民共和国矿产资源法》", "第三条", "开采矿产资源必须依法申请，经批准取得采矿权，并办理登记。"),
        LICENCE_LIMIT_BASIS,
    ], conditions="矿区范围已经划定，开发利用方案和矿山地质环境保护与治理恢复方案已通过审查。",
        materials=[APPLICATION, material("划定矿区范围批复"), material("矿产资源开发利用方案"),
                   material("矿山地质环境保护与治理恢复方案"), material("营业执照", note="复印件")],
        fees=[fee("采矿登记费", "每年每平方公里1000元", "《矿产资源开采登记管理办法》及省价格主管部门核定标准")],
        results=["采矿许可证", "不予许可决定书"], flow={"survey": True, "expert": 15}),
    power(LAND, "ZS", "耕地开垦费征收", [
        basis(LAND_LAW, "第三十条", "非农业建设经批准占用耕地，没有条件开垦或者开垦的耕地不符合要求的，按照省级规定缴纳耕地开垦费。"),
    ], conditions="非农业建设经批准占用耕地，未自行开垦补充耕地。",
        materials=[material("建设用地批准文件", note="复印件"), material("占用耕地面积核定表")],
        fees=[fee("耕地开垦费", "按占用耕地面积和省人民政府规定的标准计征", "《中华人民共和国土地管理法》第三十条；江苏省人民政府规定的征收标准")]),
    power(LAND, "ZS", "土地复垦费征收", [
        basis("《土地复垦条例》", "第二十条", "土地复垦义务人不复垦，或者复垦验收不合格的，应当缴纳土地复垦费，由国土资源主管部门代为组织复垦。"),
    ], conditions="土地复垦义务人不复垦或者复垦验收不合格。",
        materials=[material("土地复垦方案", note="复印件"), material("复垦验收结论", required=False)],
        fees=[fee("土地复垦费", "按土地复垦方案确定的复垦费用计征", "《土地复垦条例》第二十条")]),
    power(LAND, "QR", "国有建设用地使用权首次登记", [
        basis("《不动产登记暂行条例》", "第五条", "建设用地使用权等不动产权利依照本条例办理登记。"),
    ], conditions="已依法取得国有建设用地使用权，土地出让价款及相关税费已缴清。",
        materials=[APPLICATION, material("土地出让合同或划拨决定书"), material("地籍调查成果"), material("缴清土地价款凭证")],
        fees=[fee("不动产登记费", "非住宅类每件550元", "国家和省价格、财政主管部门核定的收费标准")],
        results=["不动产权证书"], flow={"register": "登簿", "issue": "缮证发证"}),
    power(LAND, "CJ", "土地权属争议调查处理", [
        basis(LAND_LAW, "第十四条", "土地所有权和使用权争议由当事人协商解决；协商不成的，由人民政府处理。"),
    ], conditions="争议土地位于本市行政区域内，当事人协商不成，申请人与争议有直接利害关系。",
        materials=[APPLICATION, material("土地权属来源证明"), material("争议地块位置图"), IDENTITY],
        results=["土地权属争议调解书", "土地权属争议处理决定书"]),
    power(LAND, "SP", "涉密建设项目用地审查", [
        basis(LAND_LAW, "第五十二条", "建设项目可行性研究论证时，土地行政主管部门对建设用地有关事项进行审查。"),
    ], conditions="建设项目经有关部门确认涉及国家秘密。", results=["用地审查意见"],
        disclosure="filed", filed_reason="事项涉及国家秘密，依照《中华人民共和国保守国家秘密法》不向社会公开，仅报法制办备案。"),
    power(LAND, "XK", "乡（镇）村公共设施、公益事业建设用地审批", [
        basis(LAND_LAW, "第六十一条", "乡（镇）村公共设施、公益事业建设需要使用土地的，经乡（镇）人民政府审核，向县级以上土地行政主管部门提出申请，按规定权限批准。"),
    ], conditions="建设项目符合乡（镇）土地利用总体规划和村庄、集镇规划。",
        state="returned", opinion="该事项依法由县级以上人民政府批准，国土资源局负责审核报批，请核实实施主体与权力类别（建议列为非行政许可审批），并补充乡（镇）人民政府审核意见等申请材料。"),
    power(LAND, "XK", "划拨土地使用权转让、出租、抵押审批", [
        basis("《城镇国有土地使用权出让和转让暂行条例》", "第四十五条", "划拨土地使用权经土地管理部门和房产管理部门批准，可以转让、出租、抵押。"),
        LICENCE_LIMIT_BASIS,
    ], conditions="土地使用者为公司、企业等经济组织或个人，领有国有土地使用证，补交土地使用权出让金或以收益抵交。",
        state="draft"),
    power(LAND, "QR", "土地登记代理人执业登记", [
        basis("《土地登记代理人职业资格制度暂行规定》", "第十四条", "取得土地登记代理人职业资格并在土地登记代理机构执业的，应当办理执业登记。"),
    ], conditions="已取得土地登记代理人职业资格证书，受聘于土地登记代理机构。",
        state="revoked", reason="国务院决定取消土地登记代理人职业资格许可和认定事项，本市相应取消该项权力。"),

    # 国土资源执法监察支队 — entrusted by the land bureau with its enforcement.
    power(LAND_PATROL, "CF", "对非法占用土地的处罚", [
        basis(LAND_LAW, "第七十七条", "未经批准或者采取欺骗手段骗取批准，非法占用土地的，责令退还土地，限期拆除或者没收新建的建筑物和其他设施，可以并处罚款。"),
        PENALTY_LIMIT_BASIS,
    ], conditions=PENALTY_CONDITIONS),
    power(LAND_PATROL, "CF", "对买卖或者以其他形式非法转让土地的处罚", [
        basis(LAND_LAW, "第七十四条", "买卖或者以其他形式非法转让土地的，没收违法所得，限期拆除或者没收新建的建筑物和其他设施，可以并处罚款。"),
        PENALTY_LIMIT_BASIS,
    ], conditions=PENALTY_CONDITIONS),
    power(LAND_PATROL, "QZ", "制止在非法占用的土地上继续施工", [
        basis(LAND_LAW, "第八十三条", "责令限期拆除在非法占用的土地上新建的建筑物和其他设施的，建设单位或者个人必须立即停止施工；对继续施工的，作出处罚决定的机关有权制止。"),
        basis(COERCION_LAW, "第九条", "行政强制措施包括查封场所、设施或者财物，扣押财物等。"),
    ], conditions=FILE_CONDITIONS, results=["制止违法施工通知书", "查封（扣押）决定书"]),

    # 规划局
    power(PLANNING, "XK", "建设项目选址意见书核发", [
        basis(PLANNING_LAW, "第三十六条", "按照国家规定需要有关部门批准或者核准的以划拨方式提供国有土地使用权的建设项目，报送批准或核准前应当申请核发选址意见书。"),
        LICENCE_LIMIT_BASIS,
    ], conditions="建设项目符合城乡规划，以划拨方式取得国有土地使用权。",
        materials=[APPLICATION, material("项目建议书或项目申请报告"), material("拟选址位置示意图"), IDENTITY],
        results=["建设项目选址意见书", "不予许可决定书"], flow={"survey": True}),
    power(PLANNING, "XK", "建设用地规划许可证核发", [
        basis(PLANNING_LAW, "第三十七条", "以划拨方式提供国有土地使用权的建设项目，经核定用地位置、面积、允许建设的范围，核发建设用地规划许可证。"),
        basis(PLANNING_LAW, "第三十八条", "以出让方式取得国有土地使用权的建设项目，在签订出让合同后领取建设用地规划许可证。"),
        LICENCE_LIMIT_BASIS,
    ], conditions="建设项目已经批准、核准或备案，用地符合控制性详细规划和规划条件。",
        materials=[APPLICATION, material("项目批准、核准或备案文件"), material("国有土地使用权出让合同", required=False),
                   material("建设项目选址意见书", required=False), material("用地红线图")],
        results=["建设用地规划许可证", "不予许可决定书"]),
    power(PLANNING, "XK", "建设工程规划许可证核发", [
        basis(PLANNING_LAW, "第四十条", "在城市、镇规划区内进行建筑物、构筑物、道路、管线和其他工程建设的，应当申请办理建设工程规划许可证。"),
        LICENCE_LIMIT_BASIS,
    ], conditions="已取得建设用地规划许可证和土地使用权证明，设计方案符合控制性详细规划和规划条件。",
        materials=[APPLICATION, material("土地使用权证明"), material("建设工程设计方案", copies=2),
                   material("建设用地规划许可证", note="复印件")],
        results=["建设工程规划许可证", "不予许可决定书"], flow={"expert": 10}),
    power(PLANNING, "CF", "对未取得建设工程规划许可证进行建设的处罚", [
        basis(PLANNING_LAW, "第六十四条", "未取得建设工程规划许可证进行建设的，责令停止建设；尚可采取改正措施的，限期改正并处建设工程造价百分之五以上百分之十以下的罚款。"),
        PENALTY_LIMIT_BASIS,
    ], conditions=PENALTY_CONDITIONS),
    power(PLANNING, "QT", "建设工程规划条件核实", [
        basis(PLANNING_LAW, "第四十五条", "规划主管部门对建设工程是否符合规划条件予以核实；未经核实或者不符合规划条件的，建设单位不得组织竣工验收。"),
    ], conditions="建设工程已按建设工程规划许可证施工完毕。",
        materials=[APPLICATION, material("建设工程规划许可证及附图"), material("竣工测量成果报告")],
        results=["规划核实合格证明"], flow={"register": "现场核实", "issue": "出具核实意见"}),

    # 城乡建设委员会
    power(CONSTRUCTION, "XK", "建筑工程施工许可", [
        basis("《中华人民共和国建筑法》", "第七条", "建筑工程开工前，建设单位应当向工程所在地县级以上建设行政主管部门申请领取施工许可证。"),
        basis("《中华人民共和国建筑法》", "第八条", "建设行政主管部门应当自收到申请之日起十五日内，对符合条件的申请颁发施工许可证。"),
    ], conditions="已办理用地批准手续，取得规划许可证，施工场地已基本具备施工条件，已确定施工企业，有保证工程质量和安全的具体措施。",
        materials=[APPLICATION, material("建设工程规划许可证", note="复印件"), material("中标通知书及施工合同"),
                   material("施工图设计文件审查合格书"), material("质量安全监督手续")],
        results=["建筑工程施工许可证", "不予许可决定书"], limits=(15, "workday", 7, "workday", 0)),
    power(CONSTRUCTION, "XK", "商品房预售许可", [
        basis("《中华人民共和国城市房地产管理法》", "第四十五条", "商品房预售应当已交付全部土地使用权出让金取得土地使用权证书，持有建设工程规划许可证，投入开发建设的资金达到规定比例，并取得商品房预售许可证明。"),
        LICENCE_LIMIT_BASIS,
    ], conditions="已取得土地使用权证书和建设工程规划许可证，投入开发建设的资金达到工程建设总投资的25%以上，已确定施工进度和竣工交付日期。",
        materials=[APPLICATION, material("土地使用权证书"), material("建设工程规划许可证"), material("施工许可证"),
                   material("商品房预售方案")],
        results=["商品房预售许可证", "不予许可决定书"], flow={"survey": True}),
    power(CONSTRUCTION, "CF", "对未取得施工许可证擅自施工的处罚", [
        basis("《中华人民共和国建筑法》", "第六十四条", "未取得施工许可证或者开工报告未经批准擅自施工的，责令改正；对不符合开工条件的责令停止施工，可以处以罚款。"),
        PENALTY_LIMIT_BASIS,
    ], conditions=PENALTY_CONDITIONS),
    power(CONSTRUCTION, "QT", "房屋建筑工程竣工验收备案", [
        basis("《建设工程质量管理条例》", "第四十九条", "建设单位应当自建设工程竣工验收合格之日起十五日内，将竣工验收报告和有关认可文件报建设行政主管部门备案。"),
    ], conditions="建设工程已竣工验收合格。",
        materials=[material("竣工验收备案表", copies=2), material("工程竣工验收报告"), material("规划、消防、环保等认可文件")],
        results=["竣工验收备案证明"], limits=(15, "workday", 5, "workday", 0), flow={"register": "备案", "issue": "出具备案证明"}),

    # 交通运输局
    power(TRANSPORT, "XK", "道路旅客运输经营许可", [
        basis("《中华人民共和国道路运输条例》", "第八条", "申请从事客运经营的，应当具备车辆、驾驶人员和安全生产管理制度等条件。"),
        basis("《中华人民共和国道路运输条例》", "第十条", "申请从事客运经营的，应当依法向道路运输管理机构提出申请，管理机构在规定期限内审查完毕。"),
        LICENCE_LIMIT_BASIS,
    ], conditions="有与其经营业务相适应并经检测合格的车辆，有符合规定条件的驾驶人员，有健全的安全生产管理制度。",
        materials=[APPLICATION, material("可行性报告"), material("拟投入车辆承诺书"), material("驾驶人员从业资格证", note="复印件"),
                   material("安全生产管理制度文本")],
        results=["道路运输经营许可证", "不予许可决定书"]),
    power(TRANSPORT, "CF", "对未取得道路运输经营许可擅自从事道路运输经营的处罚", [
        basis("《中华人民共和国道路运输条例》", "第六十三条", "未取得道路运输经营许可，擅自从事道路运输经营的，责令停止经营，没收违法所得，并处罚款。"),
        PENALTY_LIMIT_BASIS,
    ], conditions=PENALTY_CONDITIONS),
    power(TRANSPORT, "QZ", "暂扣无车辆营运证又无法当场提供其他有效证明的车辆", [
        basis(COERCION_LAW, "第九条", "行政强制措施包括查封场所、设施或者财物，扣押财物等。"),
        SEIZURE_LIMIT_BASIS,
    ], conditions=FILE_CONDITIONS, results=["车辆暂扣凭证", "解除暂扣通知书"]),

    # 卫生局
    power(HEALTH, "XK", "医疗机构执业登记", [
        basis("《医疗机构管理条例》", "第十五条", "医疗机构执业，必须进行登记，领取《医疗机构执业许可证》。"),
        LICENCE_LIMIT_BASIS,
    ], conditions="已取得设置医疗机构批准书，有相应的场所、设备、卫生技术人员和规章制度。",
        materials=[APPLICATION, material("设置医疗机构批准书"), material("医疗机构用房产权证明或使用证明"),
                   material("卫生技术人员名录及资格证书"), material("规章制度")],
        fees=[fee("医疗机构执业登记费", "按床位规模分档收取", "省价格、财政主管部门核定的收费标准")],
        results=["医疗机构执业许可证", "不予登记决定书"], flow={"survey": True}),
    power(HEALTH, "XK", "公共场所卫生许可", [
        basis("《公共场所卫生管理条例》", "第八条", "公共场所经营单位应当向卫生行政部门申请办理卫生许可证。"),
        LICENCE_LIMIT_BASIS,
    ], conditions="场所布局、卫生设施和从业人员健康状况符合公共场所卫生标准和要求。",
        materials=[APPLICATION, material("营业执照", note="复印件"), material("从业人员健康合格证明"),
                   material("卫生管理制度"), material("场所平面布局图")],
        results=["公共场所卫生许可证", "不予许可决定书"], flow={"survey": True}),
    power(HEALTH, "CF", "对未取得医疗机构执业许可证擅自执业的处罚", [
        basis("《医疗机构管理条例》", "第四十四条", "未取得《医疗机构执业许可证》擅自执业的，责令停止执业活动，没收非法所得和药品、器械，并可以处以罚款。"),
        PENALTY_LIMIT_BASIS,
    ], conditions=PENALTY_CONDITIONS),
    power(HEALTH, "ZY", "传染病暴发、流行时临时征用房屋、交通工具和设施设备", [
        basis("《中华人民共和国传染病防治法》", "第四十五条", "传染病暴发、流行时，县级以上地方人民政府有权在本行政区域内临时征用房屋、交通工具以及相关设施、设备。"),
        basis("《中华人民共和国突发事件应对法》", "第十二条", "有关人民政府及其部门为应对突发事件可以征用单位和个人的财产，使用完毕应当及时返还并给予补偿。"),
    ]),
    power(HEALTH, "JL", "无偿献血先进单位和个人表彰奖励", [
        basis("《中华人民共和国献血法》", "第十七条", "各级人民政府和红十字会对积极参加献血和在献血工作中做出显著成绩的单位和个人给予奖励。"),
    ], conditions="积极参加无偿献血或者在献血工作中做出显著成绩。",
        materials=[material("推荐表"), material("献血记录或事迹材料")]),
    power(HEALTH, "QR", "医师执业注册", [
        basis("《中华人民共和国执业医师法》", "第十三条", "国家实行医师执业注册制度，取得医师资格的可以向所在地卫生行政部门申请注册。"),
    ], conditions="已取得医师资格证书，受聘于医疗、预防、保健机构。",
        materials=[material("医师执业注册申请审核表"), material("医师资格证书"), material("健康体检证明"), material("聘用证明")],
        results=["医师执业证书"], flow={"register": "注册", "issue": "发放执业证书"}),

    # 环境保护局
    power(ENVIRONMENT, "XK", "建设项目环境影响评价文件审批", [
        basis(EIA_LAW, "第二十二条", "建设项目的环境影响报告书、报告表，由建设单位报有审批权的环境保护行政主管部门审批。"),
        LICENCE_LIMIT_BASIS,
    ], conditions="建设项目符合环境功能区划和污染物排放总量控制要求，环境影响评价文件由具有相应资质的机构编制。",
        materials=[APPLICATION, material("环境影响报告书（表）", copies=3), material("公众参与说明", required=False),
                   material("项目备案或核准文件", note="复印件")],
        results=["环境影响评价文件批复", "不予批准决定书"], flow={"expert": 10}),
    power(ENVIRONMENT, "CF", "对建设项目未依法报批环境影响评价文件擅自开工建设的处罚", [
        basis(EIA_LAW, "第三十一条", "建设单位未依法报批建设项目环境影响评价文件擅自开工建设的，责令停止建设，处以罚款，可以责令恢复原状。"),
        PENALTY_LIMIT_BASIS,
    ], conditions=PENALTY_CONDITIONS),
    power(ENVIRONMENT, "ZS", "排污费征收", [
        basis("《排污费征收使用管理条例》", "第二条", "直接向环境排放污染物的单位和个体工商户应当依照条例缴纳排污费。"),
    ], conditions="直接向环境排放污染物的单位和个体工商户。",
        materials=[material("排放污染物申报登记表"), material("监测数据", required=False)],
        fees=[fee("排污费", "按排放污染物的种类、数量和污染当量计征", "《排污费征收使用管理条例》；《排污费征收标准管理办法》")]),
    power(ENVIRONMENT, "QZ", "查封、扣押造成污染物排放的设施、设备", [
        basis("《中华人民共和国环境保护法》", "第二十五条", "违法排放污染物，造成或者可能造成严重污染的，环境保护主管部门可以查封、扣押造成污染物排放的设施、设备。"),
        SEIZURE_LIMIT_BASIS,
    ], conditions=FILE_CONDITIONS),

    # 工商行政管理局
    power(COMMERCE, "XK", "企业设立登记", [
        basis("《中华人民共和国公司登记管理条例》", "第三条", "公司经公司登记机关依法登记，领取《企业法人营业执照》，方取得企业法人资格。"),
        LICENCE_LIMIT_BASIS,
    ], conditions="名称已经预先核准，有符合规定的注册资本、章程、组织机构和住所。",
        materials=[APPLICATION, material("公司章程"), material("企业名称预先核准通知书"), material("股东主体资格证明"),
                   material("住所使用证明")],
        results=["营业执照", "登记驳回通知书"], limits=(15, "workday", 5, "workday", 0)),
    power(COMMERCE, "CF", "对无照经营行为的处罚", [
        basis("《无照经营查处取缔办法》", "第十四条", "对无照经营行为予以取缔，没收违法所得，并处罚款。"),
        PENALTY_LIMIT_BASIS,
    ], conditions=PENALTY_CONDITIONS),
    power(COMMERCE, "QR", "动产抵押登记", [
        basis("《中华人民共和国物权法》", "第一百八十九条", "企业、个体工商户、农业生产经营者以生产设备、原材料等动产抵押的，应当向抵押人住所地的工商行政管理部门办理登记。"),
    ], conditions="抵押人为企业、个体工商户或农业生产经营者，抵押物为法律允许抵押的动产。",
        materials=[material("动产抵押登记书"), material("抵押合同"), material("抵押人、抵押权人主体资格证明")],
        results=["动产抵押登记书（已登记）"], limits=(5, "workday", 1, "workday", 0),
        flow=flows.registration(8, "hour")),

    # 质量技术监督局
    power(QUALITY, "QR", "特种设备使用登记", [
        basis("《特种设备安全监察条例》", "第二十五条", "特种设备在投入使用前或者投入使用后三十日内，使用单位应当向特种设备安全监督管理部门登记。"),
    ], conditions="特种设备经监督检验合格，使用单位有安全管理制度和持证作业人员。",
        materials=[material("特种设备使用登记表", copies=2), material("产品合格证明"), material("监督检验证书"),
                   material("作业人员证书", note="复印件")],
        results=["特种设备使用登记证"], flow={"register": "登记", "issue": "发证"}),
    power(QUALITY, "QT", "计量器具强制检定", [
        basis("《中华人民共和国计量法》", "第九条", "用于贸易结算、安全防护、医疗卫生、环境监测方面列入强制检定目录的工作计量器具，实行强制检定。"),
    ], conditions="使用列入强制检定目录的工作计量器具。",
        materials=[material("强制检定申请表"), material("计量器具登记台账")],
        fees=[fee("计量检定费", "按器具种类分项收取", "省价格、财政主管部门核定的计量检定收费标准")],
        results=["检定证书", "检定结果通知书"], flow={"register": "实施检定", "issue": "出具检定证书"}),
    power(QUALITY, "CF", "对生产、销售不符合保障人体健康和人身、财产安全标准产品的处罚", [
        basis("《中华人民共和国产品质量法》", "第四十九条", "生产、销售不符合保障人体健康和人身、财产安全的国家标准、行业标准的产品的，责令停止生产、销售，没收违法产品，并处罚款。"),
        PENALTY_LIMIT_BASIS,
    ], conditions=PENALTY_CONDITIONS),
    power(QUALITY, "QZ", "查封、扣押不符合安全标准的产品", [
        basis("《中华人民共和国产品质量法》", "第十八条", "对有根据认为不符合保障人体健康和人身、财产安全标准的产品，可以予以查封或者扣押。"),
        SEIZURE_LIMIT_BASIS,
    ], conditions=FILE_CONDITIONS),

    # 人力资源和社会保障局
    power(LABOUR, "QR", "工伤认定", [
        basis("《工伤保险条例》", "第十七条", "职工发生事故伤害或者被诊断为职业病，用人单位应当在三十日内提出工伤认定申请；用人单位未提出的，职工或其近亲属可在一年内提出。"),
        basis("《工伤保险条例》", "第二十条", "社会保险行政部门应当自受理工伤认定申请之日起六十日内作出工伤认定的决定。"),
    ], conditions="职工在工作时间和工作场所内因工作原因受到事故伤害，或者有其他应当认定为工伤的情形。",
        materials=[material("工伤认定申请表"), material("劳动关系证明"), material("医疗诊断证明或职业病诊断证明书")],
        results=["认定工伤决定书", "不予认定工伤决定书"], limits=(60, "day", 30, "day", 0),
        flow={"register": "作出认定决定", "issue": "送达决定书"}),
    power(LABOUR, "GF", "失业保险金给付", [
        basis("《失业保险条例》", "第十四条", "按照规定参加失业保险且缴费满一年，非因本人意愿中断就业，并已办理失业登记的失业人员，可以领取失业保险金。"),
    ], conditions="参加失业保险且所在单位和本人已缴费满一年，非因本人意愿中断就业，已办理失业登记并有求职要求。",
        materials=[material("失业保险金申领登记表"), material("终止或解除劳动合同证明"), material("居民身份证"),
                   material("失业登记证明")],
        results=["失业保险待遇核定通知书"], limits=(15, "workday", 10, "workday", 0)),
    power(LABOUR, "CF", "对用人单位违法延长劳动者工作时间的处罚", [
        basis("《劳动保障监察条例》", "第二十五条", "用人单位违反劳动保障法律、法规或者规章延长劳动者工作时间的，给予警告，责令限期改正，并可以按受侵害的劳动者人数处以罚款。"),
        PENALTY_LIMIT_BASIS,
    ], conditions=PENALTY_CONDITIONS),

    # 住房公积金管理中心 — authorised by law.
    power(FUND, "QT", "住房公积金提取", [
        basis("《住房公积金管理条例》", "第二十四条", "职工购买、建造、翻建、大修自住住房，离休、退休，完全丧失劳动能力并与单位终止劳动关系等情形，可以提取职工住房公积金账户内的存储余额。"),
    ], conditions="符合购买、建造、翻建、大修自住住房，离休、退休等法定提取情形之一。",
        materials=[material("住房公积金提取申请书"), material("居民身份证"), material("提取事由证明材料")],
        results=["住房公积金提取审批表"], limits=(3, "workday", 1, "workday", 0),
        flow=flows.registration(8, "hour", register="审核", issue="划款")),
    power(FUND, "CF", "对单位不办理住房公积金缴存登记的处罚", [
        basis("《住房公积金管理条例》", "第三十七条", "单位不办理住房公积金缴存登记或者不为职工办理账户设立手续的，责令限期办理；逾期不办理的，处一万元以上五万元以下的罚款。"),
        PENALTY_LIMIT_BASIS,
    ], conditions=PENALTY_CONDITIONS),
    power(FUND, "QZ", "对逾期不缴或者少缴住房公积金的单位申请人民法院强制执行", [
        basis("《住房公积金管理条例》", "第三十八条", "单位逾期不缴或者少缴住房公积金的，责令限期缴存；逾期仍不缴存的，可以申请人民法院强制执行。"),
    ], conditions="单位经责令限期缴存后逾期仍不缴存。", results=["强制执行申请书"], limits=(90, "day", 60, "day", 0)),

    # 玄武区民政局
    power(XUANWU_CIVIL, "GF", "城市居民最低生活保障金给付", [
        basis("《城市居民最低生活保障条例》", "第七条", "申请享受城市居民最低生活保障待遇，由户主向户籍所在地的街道办事处或者镇人民政府提出书面申请。"),
    ], conditions="持有本区非农业户口，共同生活的家庭成员人均收入低于本市城市居民最低生活保障标准。",
        materials=[material("最低生活保障申请书"), material("户口簿、身份证"), material("家庭收入证明"),
                   material("家庭财产申报表")],
        results=["最低生活保障金领取证", "不予批准通知书"]),
    power(XUANWU_CIVIL, "QR", "内地居民结婚登记", [
        basis("《婚姻登记条例》", "第四条", "内地居民结婚，男女双方应当共同到一方当事人常住户口所在地的婚姻登记机关办理结婚登记。"),
    ], conditions="男女双方自愿结婚，达到法定婚龄，均无配偶且没有禁止结婚的亲属关系。",
        materials=[material("户口簿"), material("居民身份证"), material("本人无配偶以及与对方没有直系血亲和三代以内旁系血亲关系的签字声明"),
                   material("近期2寸半身免冠合影照片", copies=3)],
        fees=[fee("结婚证工本费", "9元/对", "国家价格、财政主管部门核定的婚姻登记收费标准")],
        results=["结婚证"], limits=(1, "workday", 1, "workday", 0), flow=flows.registration(4, "hour")),

    # 江宁区环境保护局
    power(JIANGNING_ENVIRONMENT, "XK", "建设项目环境影响报告表审批", [
        basis(EIA_LAW, "第二十二条", "建设项目的环境影响报告书、报告表，由建设单位报有审批权的环境保护行政主管部门审批。"),
        LICENCE_LIMIT_BASIS,
    ], conditions="建设项目符合江宁区环境功能区划和总量控制要求，报告表由具有相应资质的机构编制。",
        materials=[APPLICATION, material("环境影响报告表", copies=3), material("项目备案文件", note="复印件")],
        results=["环境影响报告表批复", "不予批准决定书"], limits=(20, "workday", 10, "workday", 10)),
    power(JIANGNING_ENVIRONMENT, "CF", "对超过大气污染物排放标准排放大气污染物的处罚", [
        basis("《中华人民共和国大气污染防治法》", "第九十九条", "超过大气污染物排放标准或者重点大气污染物排放总量控制指标排放大气污染物的，责令改正或者限制生产、停产整治，并处罚款。"),
        PENALTY_LIMIT_BASIS,
    ], conditions=PENALTY_CONDITIONS),
]


def _assign_codes(records: list[dict]) -> None:
    """Give each record its unified code, numbering each department's category from 0001."""
    used: dict[tuple, int] = {}
    for record in records:
        region, department = record["department"].split("-")
        key = (record["department"], record["category"])
        used[key] = used.get(key, 0) + 1
        record["code"] = f"{region}-{department}-{record['category']}-{used[key]:04d}"


_assign_codes(POWERS)
