"""Demo cases (演示办件): a few hundred cases in every state, driven through the case services.

Every case is first planned as a script of moves — who does what at which instant — drawn
from one ``random.Random(seed)``: office hours on the official calendar, step durations as a
share of each step's limit, and a fate (granted, denied, refused, withdrawn; a correction, a
return, a transfer, a special procedure, an extension). The scripts are then played in time
order through ``cases.services``, so every case, token, due time and hash-chained event is
written exactly as an officer's clicks would write it.

The quarter of the land bureau's pre-reviews (建设项目用地预审) ends on the day before the
anchor day (today, unless the official calendar ends too soon), so the workbench shows open
cases whose lights are green, yellow and red against their due. Nothing happens on or after
the anchor day: the same seed and anchor day always give the same cases.
"""

import datetime
import heapq
import math
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count, Q
from django.utils import timezone

from yangguang.cases import domain as case_domain
from yangguang.cases import services
from yangguang.cases.models import Case, CaseState, Extension
from yangguang.catalog.models import Power
from yangguang.core.errors import DomainError
from yangguang.discretion import domain as discretion_domain
from yangguang.supervision import services as supervision_services
from yangguang.worktime.domain import SHANGHAI, WorkCalendar
from yangguang.worktime.errors import CalendarNotConfirmed
from yangguang.worktime.selectors import calendar_load

from .data import org, parties
from .data.benchmarks import BENCHMARKS, FACTS
from .data.powers import POWERS

SEED = 2007
LAND_PRE_REVIEW = "320100-012-XK-0001"
LAND_CASES = 100
OTHER_CASES = 190
QUARTER = 91  # days of the land bureau's quarter, ending the day before the anchor day
# Nothing is planned before the catalog is complete (the last demo power is published in July).
EARLIEST_ANCHOR = datetime.date(2026, 10, 21)
# The anchor day keeps this many days before the end of the official calendar, so that the
# due times of the open cases can be computed.
CALENDAR_MARGIN = 14
NEVER = datetime.datetime(9999, 1, 1, tzinfo=datetime.UTC)
OFFICE_HOURS = ((datetime.time(8, 30), datetime.time(12, 0)), (datetime.time(13, 30), datetime.time(17, 30)))
HOURS_PER = {"workday": 7.5, "day": 5.0}  # office hours a step may take per unit of its limit
# Steps whose officer records the decision (决定), in order of preference when a chart has several.
DECISION_STEPS = ("director", "decide", "adjudicate", "approve", "register", "assess")
# Steps after the decision at which the decision is delivered (送达) before the step is done.
DELIVERY_STEPS = ("deliver", "issue", "refuse", "notice", "pay", "notify", "agreement")
CENT = Decimal("0.01")
PDF_BODY = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class DemoCaseError(Exception):
    """A planned move was refused by the services: the demo's plan breaks a rule."""


# --- office time --------------------------------------------------------------------------


class Office:
    """Office hours (08:30–12:00, 13:30–17:30) on the working days of the official calendar."""

    def __init__(self, calendar: WorkCalendar):
        self.calendar = calendar
        self._workdays: dict[datetime.date, bool] = {}

    def is_workday(self, day: datetime.date) -> bool:
        known = self._workdays.get(day)
        if known is None:
            try:
                known = self.calendar.is_workday(day)
            except CalendarNotConfirmed:
                known = None
            self._workdays[day] = known
        return known

    def later(self, start: datetime.datetime, hours: float) -> datetime.datetime:
        """``hours`` of office time after ``start``; ``NEVER`` past the end of the calendar."""
        if start >= NEVER:
            return NEVER
        moment = start.astimezone(SHANGHAI)
        remaining = datetime.timedelta(seconds=round(hours * 3600))
        day = moment.date()
        while True:
            workday = self.is_workday(day)
            if workday is None:
                return NEVER
            if workday:
                for begin, end in OFFICE_HOURS:
                    opens = datetime.datetime.combine(day, begin, SHANGHAI)
                    closes = datetime.datetime.combine(day, end, SHANGHAI)
                    piece = max(moment, opens)
                    if piece < closes:
                        if closes - piece >= remaining:
                            return piece + remaining
                        remaining -= closes - piece
            day += datetime.timedelta(days=1)
            moment = datetime.datetime.combine(day, datetime.time(), SHANGHAI)

    def workdays_before(self, day: datetime.date, count: int) -> datetime.date:
        """The ``count``-th working day before ``day``."""
        while count:
            day -= datetime.timedelta(days=1)
            if self.is_workday(day):
                count -= 1
        return day

    def at(self, day: datetime.date, hour: int, minute: int = 0, second: int = 0) -> datetime.datetime:
        return datetime.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=SHANGHAI)


def anchor_day(today: datetime.date, calendar: WorkCalendar) -> datetime.date:
    """Today, kept inside the official calendar and after the demo catalog's publication."""
    last = datetime.date(max(calendar.confirmed_years), 12, 31) - datetime.timedelta(days=CALENDAR_MARGIN)
    return max(EARLIEST_ANCHOR, min(today, last))


# --- scripts -------------------------------------------------------------------------------


@dataclass
class Move:
    at: datetime.datetime
    who: str
    action: str
    step: str = ""
    fields: dict = field(default_factory=dict)


@dataclass
class Script:
    """One planned case: its application and the moves that follow."""

    power: str
    who: str  # the account that applies (the applicant online, the window at the counter)
    channel: str
    applicant: dict
    title: str
    particulars: dict
    materials: list[str]
    received: datetime.datetime
    moves: list[Move] = field(default_factory=list)
    # What the services will compute due times from: the periods (start, amount, unit,
    # extension days) and the special procedures (begin, end) the plan holds.
    periods: list[tuple] = field(default_factory=list)
    spans: list[tuple] = field(default_factory=list)


@dataclass
class Fate:
    """What happens to a planned case; empty strings mean "does not happen"."""

    outcome: str = "granted"  # granted, denied, refused, withdrawn
    correction: bool = False
    supplement_days: float = 1.5  # working days the applicant takes to correct
    extension: str = ""  # approved, refused, pending
    extension_at: str = ""
    extension_days: int = 10
    suspension: str = ""  # kind of a special procedure started by hand
    suspension_at: str = ""
    suspension_days: float = 3  # working days it takes; 0 = not ended yet
    return_at: str = ""
    transfer_at: str = ""
    withdraw_at: str = ""
    hearing: bool = False  # a penalty's party asks for a hearing (听证)
    settled: bool = False  # a dispute is settled by mediation (调解)
    pace: float = 1.0  # >1 for slow handling
    stall_at: str = ""  # the case waits at this step (nothing more is done)
    deviation: str = ""  # "above" or "below": a penalty outside its benchmark's range, with a reason


def chart(record: dict) -> case_domain.Graph:
    """The engine's graph of a demo power's flowchart payload; posts as (department, code)."""
    nodes, outgoing, incoming = {}, {}, {}
    for index, step in enumerate(record["flow"]["steps"]):
        post = (step.get("department") or record["department"], step["post"]) if step.get("post") else None
        nodes[step["key"]] = case_domain.Node(step["key"], step["name"], step["kind"], index, post,
                                              step.get("limit"), step.get("unit", "workday"))
    for arrow in record["flow"]["transitions"]:
        outgoing.setdefault(arrow["from"], []).append((arrow["to"], arrow.get("condition", "")))
        incoming.setdefault(arrow["to"], []).append(arrow["from"])
    return case_domain.Graph(nodes, {k: tuple(v) for k, v in outgoing.items()}, {k: tuple(v) for k, v in incoming.items()})


def _holders() -> dict[tuple[str, str], list[str]]:
    """The accounts holding each post, by (department full code, post code)."""
    holders: dict[tuple[str, str], list[str]] = {}
    for spec in org.DEPARTMENTS:
        for code, _name, _enforcement in spec["posts"]:
            holders[(org.full_code(spec), code)] = [org.post_officer_username(spec, code)]
    for username, (_family, _given, _roles, officer) in org.ACCOUNTS.items():
        if officer:
            department, posts, _certified = officer
            for code in posts:
                holders[(department, code)].append(username)
    return holders


# --- what officers write ---------------------------------------------------------------------

OPINIONS = {
    "accept": "申请材料齐全，符合法定形式，予以受理。",
    "file": "经初步核查，有违法事实，符合立案条件，予以立案。",
    "report": "现场发现违法行为，报请负责人批准实施行政强制措施。",
    "preliminary": "材料齐全，项目已取得立项批准文件，同意进入现场踏勘。",
    "survey": "已现场踏勘，用地范围与勘测定界图一致。",
    "examine": "用地规模符合建设用地指标，符合供地政策。",
    "plan": "符合土地利用总体规划，不占用基本农田。",
    "expert": "专家评审意见：同意该项目用地。",
    "evaluate": "咨询评估意见：项目建设必要，方案可行。",
    "recheck": "复核无误，同意报分管领导审核。",
    "lead": "同意，报局长审批。",
    "director": "同意。",
    "certify": "预审意见书已制作并用印。",
    "review": "经审查，申请材料真实、齐全，符合法定条件。",
    "check": "审核同意。",
    "investigate": "已调查取证，制作询问笔录和现场勘验笔录，违法事实清楚。",
    "hear": "案件审理：事实清楚，证据确凿，适用法律正确，程序合法。",
    "notify": "已送达行政处罚告知书，告知陈述、申辩和听证权利。",
    "hearing": "听证会已举行，当事人陈述申辩意见已记录。",
    "legal": "法制审核通过。",
    "land": "国土局意见：项目用地符合土地利用总体规划，同意。",
    "planning": "规划局意见：项目选址符合城市规划，同意。",
    "environment": "环保局意见：环境影响评价文件已批复，同意。",
    "mediate": "已组织双方调解。",
    "publicise": "已张榜公示七日，无异议。",
    "assess": "已核定征收额。",
    "decide": "同意。",
    "approve": "同意。",
    "register": "已登记。",
    "issue": "证件（文书）已制作并送达。",
    "deliver": "文书已送达当事人，送达回证已归档。",
    "refuse": "已书面告知申请人不予许可的理由及救济途径。",
    "notice": "缴款通知书已开具并送达。",
    "pay": "已发放。",
    "adjudicate": "依法作出裁决。",
    "agreement": "双方达成调解协议，调解书已制作并送达。",
    "compensate": "已核定并支付补偿。",
}
REFUSALS = (
    "申请事项依法不需要取得行政许可，依据《中华人民共和国行政许可法》第三十二条第一款第（一）项，不予受理。",
    "申请事项依法不属于本行政机关职权范围，依据《中华人民共和国行政许可法》第三十二条第一款第（二）项，不予受理，请向有关行政机关申请。",
)
LAND_REFUSAL = ("该项目用地已列入已批准的农用地转用和土地征收范围，依法不需要另行办理用地预审，依据《中华人民共和国行政许可法》"
                "第三十二条第一款第（一）项，不予受理。")
DENIALS = {
    "XK": "申请人不符合法定条件和标准，依据《中华人民共和国行政许可法》第三十八条第二款，不予行政许可；"
          "申请人可在六十日内申请行政复议或在六个月内提起行政诉讼。",
    LAND_PRE_REVIEW: "项目用地规模超出建设用地指标且占用基本农田，不符合土地利用总体规划，不予通过预审；"
                     "申请人可在六十日内申请行政复议或在六个月内提起行政诉讼。",
    "CF": "违法行为轻微并及时改正，没有造成危害后果，依据《中华人民共和国行政处罚法》第三十三条第一款，不予行政处罚。",
}
NO_FAULT = "当事人有证据足以证明没有主观过错，依据《中华人民共和国行政处罚法》第三十三条第二款，不予行政处罚。"
GRANTS = {
    LAND_PRE_REVIEW: "项目用地符合土地利用总体规划和供地政策，用地规模符合建设用地标准，同意通过用地预审。",
    "XK": "申请人提交的申请材料齐全、符合法定形式，经审查符合法定条件和标准，依据《中华人民共和国行政许可法》第三十八条第一款，准予行政许可。",
    "QZ": "经负责人批准，依法实施行政强制措施，并制作现场笔录。",
    "CJ": "经调查核实，依法作出处理。",
    "*": "经审查，符合法定条件，予以办理。",
}
EXTENSION_REASONS = ("项目涉及占用耕地，需征求市农业部门和规划部门意见，二十个工作日内不能作出决定。",
                     "申请用地范围与已批准项目存在交叉，需补充勘测定界，报请延长办理期限。")
SUSPENSION_REASONS = {
    "inspection": "委托有资质的检验机构对消防及安全设施进行检验，所需时间不计入办理时限，已书面告知申请人。",
    "testing": "委托环境监测站对场所空气质量进行检测，所需时间不计入办理时限，已书面告知申请人。",
    "appraisal": "委托鉴定机构对房屋结构安全进行鉴定，所需时间不计入办理时限，已书面告知申请人。",
    "expert_review": "组织专家对技术方案进行评审，所需时间不计入办理时限，已书面告知申请人。",
}
WITHDRAWALS = ("项目建设方案调整，申请人书面申请撤回。", "申请人因投资计划变更，申请撤回本次申请。")
SOURCES = ("日常巡查", "群众举报", "上级交办", "部门移送", "媒体曝光")
# Penalties by power name: (penalty types, smallest and largest fine in yuan; 0 = no fine).
PENALTIES = {
    "对非法占用土地的处罚": (("责令退还非法占用的土地，没收新建建筑物，并处罚款",), (20_000, 600_000)),
    "对买卖或者以其他形式非法转让土地的处罚": (("没收违法所得，并处罚款",), (50_000, 800_000)),
    "对扰乱机关、团体、企业、事业单位秩序的处罚": (("警告", "罚款"), (200, 500)),
    "对旅馆业工作人员不按规定登记住宿旅客信息的处罚": (("罚款",), (200, 500)),
    "对未取得施工许可证擅自施工的处罚": (("责令停止施工，并处罚款",), (10_000, 200_000)),
    "对未取得建设工程规划许可证进行建设的处罚": (("责令限期改正，并处罚款",), (50_000, 900_000)),
    "对未取得医疗机构执业许可证擅自执业的处罚": (("责令停止执业活动，没收非法所得和药品器械，并处罚款",), (3_000, 10_000)),
    "对单位不办理住房公积金缴存登记的处罚": (("罚款",), (10_000, 50_000)),
}
DEFAULT_PENALTY = (("罚款", "警告，并处罚款"), (5_000, 100_000))
WARNING = "警告"
# Circumstances (情节) an investigation finds, with their chances; exempting and mitigating ones
# are not drawn (the denied penalties name theirs).
CIRCUMSTANCE_ODDS = {"cooperated": 0.35, "eliminated_harm": 0.1, "confessed": 0.06, "minor_role": 0.04,
                     "refused_order": 0.1, "evidence_destroyed": 0.04, "obstruction": 0.02}
# The written reasons for a penalty outside its benchmark's range (discretion_reason).
DEVIATION_REASONS = {
    "above": "违法行为持续时间长、涉及面广，社会影响恶劣，本裁量基准未规定该情形，按基准幅度处罚明显过轻；"
             "经案件集体讨论，决定在基准幅度以上、法定幅度以内处罚。",
    "below": "当事人为小微企业，生产经营困难，且已主动整改、消除影响，按基准幅度处罚明显过重；"
             "经案件集体讨论，依据过罚相当原则在基准幅度以下、法定幅度以内处罚。",
}
DOCUMENT_WORDS = {"XK": "许", "CF": "罚", "QZ": "强", "ZS": "征", "SP": "批", "GF": "给", "JL": "奖", "QR": "登",
                  "ZY": "用", "CJ": "裁", "QT": "办"}


def _short(department: str) -> str:
    spec = next(d for d in org.DEPARTMENTS if org.full_code(d) == department)
    return spec["short_name"].removesuffix("局").removesuffix("委").removesuffix("中心").removesuffix("支队")


def pdf(name: str, owner: str) -> SimpleUploadedFile:
    body = PDF_BODY.replace(b"trailer", f"% {owner} {name}\ntrailer".encode())
    return SimpleUploadedFile(f"{name}.pdf", body, content_type="application/pdf")


def _meeting(predicate: discretion_domain.Predicate):
    """A fact meeting a condition of a benchmark tier, as a decision gives it."""
    if predicate.value is not None:
        return predicate.value
    factor = discretion_domain.FACTORS[predicate.factor]
    value = predicate.low if predicate.low is not None else predicate.high
    if predicate.low is not None and not predicate.low_inclusive:
        value += 1
    elif predicate.low is None and not predicate.high_inclusive:
        value = value - 1 if factor.kind in (discretion_domain.COUNT, discretion_domain.LEVEL) else value / 2
    if factor.kind == discretion_domain.LEVEL:
        return discretion_domain.HARM_LEVELS[value]
    if factor.kind == discretion_domain.MONEY:
        return discretion_domain.money_text(value)
    return discretion_domain.number_text(value) if factor.kind == discretion_domain.NUMBER else value


# --- the planner ---------------------------------------------------------------------------


class Planner:
    """Turns a power, a fate and a moment of receipt into a script of moves."""

    def __init__(self, rng: random.Random, office: Office):
        self.rng = rng
        self.office = office
        self.holders = _holders()
        self.records = {record["code"]: record for record in POWERS}
        self.charts = {code: chart(record) for code, record in self.records.items()}
        self.documents = Counter()
        # The benchmark each penalty power's decisions are checked against (published before its cases).
        self.benchmarks = {code: discretion_domain.clean_content(content)[0] for code, content in BENCHMARKS.items()}

    # durations and actors

    def duration(self, node: case_domain.Node, fate: Fate, start: datetime.datetime, share: float) -> datetime.datetime:
        """When a step begun at ``start`` is done: ``share`` of its limit, slowed by the fate's pace."""
        share *= fate.pace
        if node.unit == "hour":
            return start + datetime.timedelta(minutes=max(5.0, share * (node.limit or 1) * 60))
        hours = max(0.1, share * (node.limit or 1) * HOURS_PER[node.unit])
        return self.office.later(start, hours)

    def minutes(self, start, low=2, high=20):
        return start + datetime.timedelta(seconds=self.rng.randrange(low * 60, high * 60))

    def holder(self, node: case_domain.Node) -> str:
        accounts = self.holders[node.post_id]
        # The fixed demo accounts (officer, head) take half of their posts' work.
        return accounts[-1] if len(accounts) > 1 and self.rng.random() < 0.5 else accounts[0]

    def document_no(self, record: dict, year: int) -> str:
        key = (record["department"], record["category"], year)
        self.documents[key] += 1  # numbered again in the order decisions are made (_number_documents)
        word = "预" if record["code"] == LAND_PRE_REVIEW else DOCUMENT_WORDS[record["category"]]
        return f"宁{_short(record['department'])}{word}〔{year}〕{self.documents[key]}号"

    def decision(self, record: dict, fate: Fate, at: datetime.datetime) -> dict:
        fields = {"decision": "granted" if fate.outcome != "denied" else "denied",
                  "document_no": self.document_no(record, at.year)}
        content = self.benchmarks.get(record["code"]) if record["category"] == "CF" else None
        if fate.outcome != "denied" and record["category"] != "CF":
            fields["reason"] = GRANTS.get(record["code"]) or GRANTS.get(record["category"]) or GRANTS["*"]
        if fate.outcome == "denied":
            fields["reason"] = DENIALS.get(record["code"]) or DENIALS.get(record["category"]) or DENIALS["XK"]
            if content is not None:
                fields |= self.no_penalty(record, content)
        elif content is not None:
            fields |= self.penalty(record, content, fate)
        elif record["category"] == "CF":
            kinds, (low, high) = PENALTIES.get(record["content"]["name"], DEFAULT_PENALTY)
            kind = self.rng.choice(kinds)
            basis = record["content"]["legal_bases"][0]
            fields["penalty_kind"] = kind
            fields["reason"] = f"当事人的行为违反了{basis['law']}的规定，依据{basis['law']}{basis['article']}，决定{kind}。"
            if kind != WARNING:
                step = 100 if high <= 10_000 else 1_000
                fields["penalty_amount"] = str(Decimal(self.rng.randrange(low, high + 1, step)))
        return fields

    # a penalty decision against its power's discretion benchmark (裁量基准)

    def facts(self, violation: discretion_domain.Violation, content: discretion_domain.Content) -> dict:
        """What the investigation found, as the decision names it (``discretion.domain`` factors)."""
        rng, facts = self.rng, {}
        for name, spec in FACTS[violation.code].items():
            kind = discretion_domain.FACTORS[name].kind
            if isinstance(spec, list):
                facts[name] = rng.choice(spec)
            elif isinstance(spec, float):
                facts[name] = rng.random() < spec
            elif kind == discretion_domain.COUNT:
                facts[name] = rng.randint(*spec)
            else:  # money or area: spread over orders of magnitude, three significant digits
                value = spec[0] * (spec[1] / spec[0]) ** rng.random()
                unit = 10 ** max(0, int(math.log10(value)) - 2)
                facts[name] = str(round(value / unit) * unit)
        if facts.get("repeat_count"):
            facts["first_offence"] = False
        found = [code for code, odds in CIRCUMSTANCE_ODDS.items() if code in content.circumstances and rng.random() < odds]
        if found:
            facts["circumstances"] = found
        return facts

    @staticmethod
    def outcome(content: discretion_domain.Content, code: str, facts: dict) -> discretion_domain.Outcome:
        """The calculator's tier and range for the facts, as the decision step will compute them."""
        cleaned, errors = discretion_domain.clean_facts(facts, content.circumstances)
        outcome = discretion_domain.calculate(content, code, cleaned)
        if errors or outcome.missing_base:
            raise DemoCaseError(f"{code}: the demo's facts {facts} do not resolve: {errors or outcome.missing_base}")
        return outcome

    def no_penalty(self, record: dict, content: discretion_domain.Content) -> dict:
        """A penalty denied: the violation and facts for which its benchmark says no penalty (不予处罚),
        those of its no-penalty tier, or else the party's proof that it was not at fault."""
        violation = self.rng.choice(list(content.violations.values()))
        facts = self.facts(violation, content)
        facts.pop("circumstances", None)
        fields = {"violation": violation.code, "facts": facts}
        exempt = next((tier for tier in violation.tiers if tier.level == discretion_domain.EXEMPT and tier.conditions), None)
        if exempt is not None:
            if "harm" in facts:
                facts["harm"] = "none"  # 没有造成危害后果
            facts |= {p.factor: _meeting(p) for p in exempt.conditions[0]}
            if facts.get("first_offence"):
                facts["repeat_count"] = 0
        else:
            facts["circumstances"] = ["no_fault"]
            fields["reason"] = NO_FAULT
        if not self.outcome(content, violation.code, facts).exempt:
            raise DemoCaseError(f"{record['code']} {violation.code}: no facts of the benchmark give no penalty")
        return fields

    def penalty(self, record: dict, content: discretion_domain.Content, fate: Fate) -> dict:
        """A penalty decided on the violation and facts found: a kind and an amount the benchmark's
        calculator allows, or, for a fate with a ``deviation``, outside its range with a written reason."""
        rng = self.rng
        violation = rng.choice(list(content.violations.values()))
        for _attempt in range(50):
            facts = self.facts(violation, content)
            outcome = self.outcome(content, violation.code, facts)
            if not outcome.exempt:
                break
        else:
            raise DemoCaseError(f"{record['code']} {violation.code}: the demo's facts always give no penalty")
        standard, final = outcome.standard, outcome.range
        kinds = PENALTIES.get(record["content"]["name"], DEFAULT_PENALTY)[0]
        fines = [kind for kind in kinds if kind != WARNING and (standard.warning or WARNING not in kind)] or ["罚款"]
        amount = None
        if fate.deviation:
            kind = rng.choice(fines)
            amount, direction = self.outside(outcome, fate.deviation)
        elif outcome.no_fine or final.high == 0:
            kind = WARNING if standard.warning else fines[0]
        elif standard.warning and WARNING in kinds and rng.random() < 0.3:
            kind = WARNING  # the tier allows a warning instead of a fine
        else:
            kind, amount = rng.choice(fines), self.amount(final.low, final.high)
        found = discretion_domain.check(outcome, decision="granted", penalty_kind=kind, penalty_amount=amount)
        if bool(found) != bool(fate.deviation):
            raise DemoCaseError(f"{record['code']} {violation.code}: {kind} {amount} against {final}: {found}")
        fields = {"penalty_kind": kind, "violation": violation.code, "facts": facts,
                  "reason": f"当事人的行为违反了{violation.violated.law}{violation.violated.article}的规定，"
                            f"依据{violation.punished.law}{violation.punished.article}，决定{kind}。"}
        if amount is not None:
            fields["penalty_amount"] = str(amount)
        if fate.deviation:
            fields["discretion_reason"] = DEVIATION_REASONS[direction]
        return fields

    def amount(self, low: Decimal, high: Decimal) -> Decimal:
        """A round amount in yuan within [low, high]."""
        step = 1_000 if high > 100_000 else 100 if high > 5_000 else 10
        first, last = math.ceil(low / step), math.floor(high / step)
        if first > last:
            return min(high, low.quantize(CENT, rounding=ROUND_CEILING))
        return Decimal(self.rng.randint(first, last) * step)

    def outside(self, outcome: discretion_domain.Outcome, direction: str) -> tuple[Decimal, str]:
        """An amount outside the benchmark's range but inside the law's, ``direction`` if it can be."""
        final, law = outcome.range, outcome.statutory_range
        gaps = {"above": (final.high, law.high), "below": (law.low, final.low)}
        for side in (direction, "below" if direction == "above" else "above"):
            low, high = gaps[side]
            if high - low >= 4:
                return self.amount(low + (high - low) / 4, high - (high - low) / 4), side
        raise DemoCaseError(f"{outcome.violation.code}: no amount outside {final} inside {law}")

    # the script

    def script(self, code: str, fate: Fate, received: datetime.datetime, *, who: str, channel: str, applicant: dict,
               title: str, particulars: dict | None = None, materials: list[str] | None = None) -> Script:
        record, graph = self.records[code], self.charts[code]
        rng = self.rng
        if materials is None:
            required = [m["name"] for m in record["content"]["materials"] if m["required"]]
            materials = required[:rng.randint(1, 3)]
        script = Script(code, who, channel, applicant, title, particulars or {}, materials, received)
        moves = script.moves
        moves.append(Move(received, who, "apply"))
        acceptance = graph.acceptance
        node = graph.nodes[acceptance]
        script.periods.append((received, node.limit, node.unit, 0))
        if fate.stall_at == acceptance:
            return script
        window = self.holder(node)
        t = self.duration(node, fate, received, rng.uniform(0.03, 0.5))
        if fate.outcome == "refused":
            reason = LAND_REFUSAL if code == LAND_PRE_REVIEW and rng.random() < 0.5 else rng.choice(REFUSALS)
            moves.append(Move(t, window, "refuse", acceptance, {"reason": reason}))
            return script
        if fate.correction:
            items = [name for name in (m["name"] for m in record["content"]["materials"]) if name not in materials][:2]
            items = items or ["申请表未加盖申请单位公章"]
            moves.append(Move(t, window, "request_correction", acceptance, {"items": items, "opinion": "请一次性补正以下材料。"}))
            t = self.office.later(t, fate.supplement_days * 7.5)
            if channel == "online":
                files = [(item, item) for item in items]
                moves.append(Move(t, who, "supplement", "", {"materials": files, "note": "已按补正告知补齐材料。"}))
            else:
                moves.append(Move(t, window, "supplement", "", {"note": "申请人已到窗口补交：" + "、".join(items)}))
            t = self.duration(node, fate, t, rng.uniform(0.02, 0.3))
        if fate.withdraw_at == acceptance:
            moves.append(Move(self.minutes(t, 10, 90), who, "withdraw", "", {"reason": rng.choice(WITHDRAWALS)}))
            return script
        opinion = OPINIONS["file" if record["category"] == "CF" else "accept"]
        moves.append(Move(t, window, "accept", acceptance, {"opinion": opinion}))
        content = record["content"]
        script.periods[:0] = [(t, content["committed_limit"], content["committed_unit"], 0),
                              (t, content["statutory_limit"], content["statutory_unit"], 0)]
        self._steps(script, record, graph, fate, t)
        script.moves.sort(key=lambda move: move.at)
        return script

    def _decision_step(self, graph, fate: Fate) -> str:
        if fate.settled and "agreement" in graph.nodes:
            return "agreement"
        return next((key for key in DECISION_STEPS if key in graph.nodes), "")

    def _steps(self, script: Script, record: dict, graph, fate: Fate, accepted: datetime.datetime) -> None:
        rng, moves = self.rng, script.moves
        active = {key: accepted for key in graph.route(graph.acceptance, {}).tasks}
        waiting: dict[str, int] = {}
        decision_step = self._decision_step(graph, fate)
        decided = delivered = returned = False
        done: set[str] = set()  # the one-off events that happened (a step may be reached again after a return)
        last = accepted
        last_holder = ""
        finishes: dict[str, datetime.datetime] = {}  # when each active step will be done, drawn on arrival
        holders: dict[str, str] = {}  # who does each active step
        while active:
            for key, arrived in active.items():
                if key not in finishes:
                    node = graph.nodes[key]
                    share = rng.uniform(0.1, 0.45) if node.kind == "excluded" else rng.uniform(0.12, 0.7)
                    finishes[key] = self.duration(node, fate, arrived, share)
            key = min(finishes, key=lambda k: (finishes[k], k))
            arrived, t = active[key], finishes[key]
            node = graph.nodes[key]
            if key not in holders:  # the first time this step is picked (it may be picked again, below)
                holders[key] = self.holder(node)
                if node.kind == "excluded":
                    script.spans.append((arrived, t if key != fate.stall_at else NEVER))
                elif node.limit:
                    script.periods.append((arrived, node.limit, node.unit, 0))
            holder = holders[key]
            if key == fate.stall_at or t >= NEVER:
                return
            if key == fate.withdraw_at:
                moment = arrived + (t - arrived) / 2
                moves.append(Move(moment, script.who if script.channel == "online" else self.holder(
                    graph.nodes[graph.acceptance]), "withdraw", "", {"reason": rng.choice(WITHDRAWALS)}))
                return
            if key == fate.transfer_at and "transfer" not in done:
                done.add("transfer")
                others = [name for name in self.holders[node.post_id] if name != holder]
                moment = self.minutes(arrived, 5, 60)
                moves.append(Move(moment, holder, "transfer", key, {"to": others[0], "opinion": "转由该同志承办。"}))
                holder = holders[key] = others[0]
                t = max(t, self.minutes(moment))
            if fate.extension and key == fate.extension_at and "extension" not in done:
                done.add("extension")
                asked = self.office.later(arrived, rng.uniform(1, 5))
                moves.append(Move(asked, holder, "request_extension", key,
                                  {"days": fate.extension_days, "reason": rng.choice(EXTENSION_REASONS)}))
                if fate.extension == "pending":
                    return
                answered = self.office.later(asked, rng.uniform(0.5, 6))
                if fate.extension == "approved":
                    script.periods = [(start, amount, unit, fate.extension_days if i < 2 else 0)
                                      for i, (start, amount, unit, _days) in enumerate(script.periods)]
                    moves.append(Move(answered, "head", "approve_extension", "", {"opinion": "同意延长办理期限。"}))
                else:
                    moves.append(Move(answered, "head", "refuse_extension", "", {"opinion": "理由不充分，请在原期限内办结。"}))
                t = max(t, self.office.later(answered, rng.uniform(2, 30)))
            if fate.suspension and key == fate.suspension_at and "suspension" not in done:
                done.add("suspension")
                begun = self.office.later(arrived, rng.uniform(1, 6))
                moves.append(Move(begun, holder, "suspend", key,
                                  {"kind": fate.suspension, "reason": SUSPENSION_REASONS[fate.suspension]}))
                ended = self.office.later(begun, fate.suspension_days * 7.5) if fate.suspension_days else NEVER
                script.spans.append((begun, ended))
                if not fate.suspension_days:
                    return
                moves.append(Move(ended, holder, "resume", key, {"opinion": "检验（检测、鉴定）结论已出具，恢复办理。"}))
                t = max(self.office.later(ended, rng.uniform(1, 6)), t)
            if t >= NEVER:
                return
            if t > finishes[key]:
                # Delayed (transfer, extension, special procedure): steps done meanwhile go first.
                finishes[key] = t
                if any(finishes[other] < t for other in active if other != key):
                    continue
            if key == fate.return_at and not returned:
                targets = [k for k in graph.return_targets(key, exclude=graph.acceptance) if graph.nodes[k].kind == "task"]
                if targets:
                    returned = True
                    moves.append(Move(t, holder, "return", key, {"to": targets[0], "reason": "审查意见与现场情况不符，退回重新审查。"}))
                    del active[key], finishes[key], holders[key]
                    active[targets[0]] = t
                    continue
            if key == decision_step and not decided:
                moves.append(Move(t, holder, "decide", key, self.decision(record, fate, t)))
                decided, t = True, self.minutes(t)
            if decided and not delivered and key in DELIVERY_STEPS:
                online = script.channel == "online" and rng.random() < 0.4
                method = "electronic" if online else rng.choice(("direct", "post"))
                moves.append(Move(t, holder, "deliver", "", {"method": method}))
                delivered, t = True, self.minutes(t)
            branch = ""
            arms = graph.branches_after(key)
            if arms:
                flag = fate.outcome != "denied" if key == decision_step else (fate.hearing or fate.settled)
                branch = arms[0][1] if flag else arms[1][1]
            routing = graph.route(key, waiting, branch)
            if routing.ended and len(active) == 1 and not decided:
                moves.append(Move(t, holder, "decide", key, self.decision(record, fate, t)))
                decided, t = True, self.minutes(t)
            fields = {"opinion": OPINIONS.get(key, "已办理。")}
            if branch:
                fields["branch"] = branch
            moves.append(Move(t, holder, "complete", key, fields))
            for join in routing.arrivals:
                waiting[join] = waiting.get(join, 0) + 1
            for join in routing.joined:
                waiting.pop(join, None)
            del active[key], finishes[key], holders[key]
            for target in routing.tasks:
                active[target] = t
            last, last_holder = t, holder
        if decided and not delivered:
            moves.append(Move(self.office.later(last, rng.uniform(0.5, 12)), last_holder, "deliver", "",
                              {"method": "electronic" if script.channel == "online" else rng.choice(("direct", "post"))}))


# --- the demo's cases ------------------------------------------------------------------------


class DemoCases:
    """The plan of every demo case, relative to the anchor day."""

    def __init__(self, anchor: datetime.date, calendar: WorkCalendar, published: dict[str, datetime.datetime],
                 seed: int = SEED):
        self.rng = random.Random(seed)
        self.office = Office(calendar)
        self.planner = Planner(self.rng, self.office)
        self.anchor = anchor
        self.until = datetime.datetime.combine(anchor, datetime.time(), SHANGHAI)
        self.published = published
        self.scripts: list[Script] = []
        self.company_names: set[str] = set()

    # parties

    def company(self, contact=None) -> dict:
        """A company not drawn before (two companies of one name would confuse the pages)."""
        for _attempt in range(100):
            party = parties.organisation(self.rng, contact=contact)
            if party["name"] not in self.company_names:
                break
        self.company_names.add(party["name"])
        return party

    def received(self, first: datetime.date, last: datetime.date) -> datetime.datetime:
        """A random instant of office hours on a working day in [first, last]."""
        span = (last - first).days
        while True:
            day = first + datetime.timedelta(days=self.rng.randrange(span + 1))
            if self.office.is_workday(day):
                minute = self.rng.randrange(8 * 60 + 40, 17 * 60 + 10)
                return self.office.at(day, minute // 60, minute % 60, self.rng.randrange(60))

    def workday(self, count: int, hour: int, minute: int = 0) -> datetime.datetime:
        """``count`` working days before the anchor day, at ``hour``:``minute``."""
        return self.office.at(self.office.workdays_before(self.anchor, count), hour, minute, self.rng.randrange(60))

    # plans

    def plan(self) -> list[Script]:
        self._featured()
        self._land_quarter()
        self._others()
        self._number_documents()
        return self.scripts

    def _number_documents(self) -> None:
        """Number the decisions (文书编号) per department, kind and year in the order they are made."""
        decisions = sorted(((move.at, index, move) for index, script in enumerate(self.scripts)
                            for move in script.moves if move.action == "decide" and move.at < self.until),
                           key=lambda item: (item[0], item[1]))
        counters = Counter()
        for at, index, move in decisions:
            prefix = move.fields["document_no"].split("〔")[0]
            counters[prefix, at.year] += 1
            move.fields["document_no"] = f"{prefix}〔{at.year}〕{counters[prefix, at.year]}号"

    def _add(self, code, fate, received, *, who=None, channel="counter", applicant=None, title="", particulars=None,
             materials=None):
        record = self.planner.records[code]
        earliest = self.published[code] + datetime.timedelta(days=1)
        if received < earliest:
            received = self.received(earliest.date(), max(earliest.date(), self.anchor - datetime.timedelta(days=1)))
        if who is None:
            who = self.planner.holder(self.planner.charts[code].nodes[self.planner.charts[code].acceptance])
        if applicant is None:
            person = record["category"] == "CF" and self.rng.random() >= 0.75  # a quarter of penalised parties
            applicant = parties.person(self.rng) if person else self.company()
        if not title:
            title = self._title(record, applicant)
        for _attempt in range(24):
            script = self.planner.script(code, fate, received, who=who, channel=channel, applicant=applicant,
                                         title=title, particulars=particulars, materials=materials)
            if self.fits(script):
                self.scripts.append(script)
                return script
            # Its due times would run past the official calendar: received a week or two earlier, it fits.
            latest = max(earliest.date(), received.date() - datetime.timedelta(days=7))
            received = self.received(max(earliest.date(), latest - datetime.timedelta(days=7)), latest)
        return None

    def fits(self, script: Script) -> bool:
        """Whether every due time the services will compute for the played part of ``script`` lies
        inside the official calendar.

        The services recompute the dues on every action with the special procedures known by
        then, so each period is tried before the first procedure, and then with each one ended
        in turn (an open one stops the clock).
        """
        spans = sorted((begin, None if end >= self.until else end) for begin, end in script.spans if begin < self.until)
        periods = [period for period in script.periods if period[0] < self.until]
        for known in range(len(spans) + 1):
            for start, amount, unit, extension in periods:
                try:
                    case_domain.period_due(start, amount, unit, extension, self.office.calendar, spans[:known])
                except CalendarNotConfirmed:
                    return False
        return True

    def _title(self, record: dict, applicant: dict) -> str:
        name = record["content"]["name"]
        if record["category"] == "CF":
            return f"{applicant['name']}{name.removeprefix('对').removesuffix('的处罚')}案"
        return f"{applicant['name']}{name}"

    def _land(self, fate, received, **extra):
        trade = self.rng.choice(parties.TRADE_NAMES)
        applicant = extra.pop("applicant", None) or self.company()
        title, particulars = parties.land_project(self.rng, trade)
        return self._add(LAND_PRE_REVIEW, fate, received, applicant=applicant, title=title, particulars=particulars,
                         **extra)

    def _featured(self) -> None:
        """Cases placed so that every state and every demo account's work is there, whatever the draw."""
        applicant = parties.person(self.rng, name="赵小梅")
        company = self.company(contact="赵小梅")
        online = {"who": "applicant", "channel": "online"}
        # The applicant's own cases, online: awaiting acceptance, correcting, in progress, done, refused, withdrawn.
        self._land(Fate(stall_at="accept"), self.workday(1, 10, 12), applicant=company, **online)
        self._land(Fate(correction=True, supplement_days=99), self.workday(3, 14, 5), applicant=company, **online)
        self._land(Fate(stall_at="examine", pace=0.6), self.workday(6, 9, 40), applicant=company, **online)
        self._land(Fate(), self.workday(40, 9, 15), applicant=company, **online)
        self._add("320100-030-XK-0001", Fate(outcome="refused"), self.workday(12, 15, 20), applicant=company, **online)
        self._add("320100-025-XK-0002", Fate(withdraw_at="review"), self.workday(20, 10, 0), applicant=company, **online)
        self._add("320100-015-XK-0003", Fate(stall_at="expert", pace=0.5), self.workday(12, 9, 30), applicant=company,
                  **online)
        self._add("320100-008-QR-0001", Fate(), self.workday(25, 11, 0), applicant=applicant,
                  title="赵小梅户口迁移登记", **online)
        # Open pre-reviews near their committed due (yellow) and past it (red).
        self._land(Fate(stall_at="examine", pace=0.6), self.workday(15, 9, 20))  # 14 of 15 working days used
        self._land(Fate(stall_at="recheck", pace=0.7), self.workday(24, 16, 0))
        # The head's pending extension, an extended case still open and one refused.
        self._land(Fate(extension="pending", extension_at="examine", pace=0.6), self.workday(9, 9, 0))
        self._land(Fate(extension="approved", extension_at="examine", stall_at="lead", pace=0.9), self.workday(17, 14, 0))
        self._land(Fate(extension="refused", extension_at="recheck", pace=0.8), self.workday(35, 10, 30))
        # Special procedures under way: an inspection started by hand, a penalty hearing.
        self._add("320100-025-XK-0001", Fate(suspension="inspection", suspension_at="survey", suspension_days=0),
                  self.workday(8, 9, 50))
        self._add("320100-071-CF-0001", Fate(hearing=True, stall_at="hearing", pace=0.5), self.workday(45, 10, 0))
        # Done: a penalty decided with a fine and delivered, a licence denied, a dispute settled.
        self._add("320100-071-CF-0001", Fate(pace=0.4), self.workday(70, 9, 0))
        self._add("320100-015-XK-0002", Fate(outcome="denied"), self.workday(30, 15, 0))
        self._add("320100-012-CJ-0001", Fate(settled=True, pace=0.3), self.workday(75, 9, 0))
        # Penalties decided outside their discretion benchmark with a written reason: open for the
        # legal office's review, alert D01 raised. The first of them and two small penalties come
        # early, below the thresholds of major penalties (重大行政处罚), so that the first penalties
        # appealed (demo.legal) are not all filed ones.
        self._add("320100-008-CF-0002", Fate(deviation="above", pace=0.4), self.workday(100, 10, 30))
        self._add("320100-008-CF-0001", Fate(pace=0.4), self.workday(102, 9, 40))
        self._add("320100-008-CF-0001", Fate(pace=0.4), self.workday(98, 15, 10))
        self._add("320100-018-CF-0001", Fate(deviation="below", pace=0.4), self.workday(40, 14, 0))

    def _land_quarter(self) -> None:
        """About a hundred pre-reviews received over the quarter before the anchor day."""
        rng = self.rng
        first, last = self.anchor - datetime.timedelta(days=QUARTER), self.anchor - datetime.timedelta(days=1)
        count = LAND_CASES - sum(1 for s in self.scripts if s.power == LAND_PRE_REVIEW)
        for _index in range(count):
            draw = rng.random()
            fate = Fate(pace=rng.choice((0.5, 0.6, 0.7, 0.8)))
            if draw < 0.04:
                fate.outcome = "refused"
            elif draw < 0.07:
                fate.withdraw_at = rng.choice(("survey", "examine"))
            elif draw < 0.15:
                fate.outcome = "denied"
            if rng.random() < 0.12:
                fate.correction, fate.supplement_days = True, rng.uniform(0.5, 4)
            if rng.random() < 0.05:
                fate.extension, fate.extension_at = "approved", rng.choice(("examine", "recheck"))
            if rng.random() < 0.05:
                fate.return_at = "plan"
            if rng.random() < 0.04:
                fate.transfer_at = "preliminary"
            received = self.received(first, last)
            if rng.random() < 0.08:
                fate.pace = rng.uniform(1.4, 2.2)  # the slow ones: yellow and red lights
            elif rng.random() < 0.05:
                # Stuck at a step for weeks: red.
                fate.stall_at = rng.choice(("examine", "recheck", "lead"))
                received = self.received(first, first + datetime.timedelta(days=QUARTER // 2))
            self._land(fate, received)

    def _others(self) -> None:
        """Cases of the other published powers over the last four months, ex officio ones earlier."""
        rng = self.rng
        codes = [r["code"] for r in POWERS if r["state"] in ("published", "revision") and r["code"] != LAND_PRE_REVIEW
                 and r["content"]["disclosure"] != "filed"]
        weights = {"XK": 6, "QR": 4, "CF": 4, "QT": 2, "ZS": 2, "GF": 2, "QZ": 2, "SP": 2, "JL": 1, "CJ": 1, "ZY": 1}
        by_category = {}
        for code in codes:
            by_category.setdefault(self.planner.records[code]["category"], []).append(code)
        categories = sorted(by_category)
        for _index in range(OTHER_CASES):
            category = rng.choices(categories, [weights[c] for c in categories])[0]
            code = rng.choice(by_category[category])
            graph = self.planner.charts[code]
            fate = Fate(pace=rng.choice((0.6, 0.8, 1.0, 1.0, 1.2)))
            ex_officio = category in services.EX_OFFICIO_CATEGORIES
            decision_step = self.planner._decision_step(graph, fate)
            branching = bool(graph.branches_after(decision_step)) if decision_step else False
            draw = rng.random()
            if not ex_officio and draw < 0.05:
                fate.outcome = "refused"
            elif not ex_officio and draw < 0.08:
                fate.withdraw_at = next(iter(graph.route(graph.acceptance, {}).tasks))
            elif (branching or category == "CF") and draw < 0.18:
                fate.outcome = "denied"
            if not ex_officio and rng.random() < 0.1:
                fate.correction, fate.supplement_days = True, rng.uniform(0.5, 4)
            if category == "CF":
                fate.hearing = rng.random() < 0.25
            if category == "CJ":
                fate.settled = rng.random() < 0.5
            if "survey" in graph.nodes and rng.random() < 0.15:
                fate.suspension, fate.suspension_at = rng.choice(("inspection", "testing", "appraisal")), "survey"
                fate.suspension_days = rng.uniform(2, 8)
            if "check" in graph.nodes and "review" in graph.nodes and rng.random() < 0.04:
                fate.return_at = "check"
            if rng.random() < 0.08:
                fate.pace = rng.uniform(1.8, 2.8)
            days = {"CF": 150, "CJ": 230}.get(category, 120)  # long limits: received earlier, to fit the calendar
            first = self.anchor - datetime.timedelta(days=days)
            self._add(code, fate, self.received(first, self.anchor - datetime.timedelta(days=1)))


# --- playing the scripts --------------------------------------------------------------------


@dataclass
class PlayReport:
    cases: int = 0
    calls: int = 0
    seconds: float = 0.0  # in the service calls
    stopped: int = 0  # cases whose next move fell outside the official calendar


def demo_users() -> dict:
    names = {name for spec in org.DEPARTMENTS for name in [org.post_officer_username(spec, p[0]) for p in spec["posts"]]}
    names |= set(org.ACCOUNTS)
    return {user.username: user for user in get_user_model().objects.filter(username__in=names)}


def play(scripts: list[Script], users: dict, powers: dict, until: datetime.datetime = NEVER, clock=None,
         ticks=()) -> PlayReport:
    """Play every move before ``until`` in time order through the services; ``clock`` times the calls.
    ``ticks`` are (instant, function) pairs called with the instant among the moves (the daily sweep)."""
    clock = clock or time.perf_counter
    report = PlayReport()
    queue = [(move.at, index, order) for index, script in enumerate(scripts)
             for order, move in enumerate(script.moves) if move.at < until]
    queue += [(at, -1, order) for order, (at, _function) in enumerate(ticks) if at < until]
    heapq.heapify(queue)
    cases, stopped = {}, set()
    while queue:
        at, index, order = heapq.heappop(queue)
        if index == -1:
            ticks[order][1](at)
            continue
        if index in stopped:
            continue
        script = scripts[index]
        move = script.moves[order]
        actor = users[move.who]
        fields = dict(move.fields)
        if "materials" in fields:
            owner = script.applicant["name"]
            fields["materials"] = [(name, pdf(filename, owner)) for name, filename in fields["materials"]]
        started = clock()
        try:
            if move.action == "apply":
                files = [(name, pdf(name, script.applicant["name"])) for name in script.materials]
                cases[index] = services.case_apply(
                    actor=actor, power=powers[script.power], applicant=script.applicant, title=script.title,
                    particulars=script.particulars, materials=files, channel=script.channel, now=at)
                report.cases += 1
            else:
                services.case_act(actor=actor, case=cases[index], action=move.action, step=move.step, now=at, **fields)
        except CalendarNotConfirmed:
            stopped.add(index)
            continue
        except DomainError as exc:
            raise DemoCaseError(f"{script.power} {script.title}: {move.action} {move.step} by {move.who} at "
                                f"{at.astimezone(SHANGHAI):%Y-%m-%d %H:%M:%S}: {exc}") from exc
        report.seconds += clock() - started
        report.calls += 1
    report.stopped = len(stopped)
    return report


def published_at() -> dict[str, datetime.datetime]:
    return dict(Power.objects.filter(published_version__isnull=False)
                .values_list("code", "published_version__published_at"))


def load(today: datetime.date | None = None, seed: int = SEED) -> tuple[datetime.date, PlayReport]:
    """Plan and play the demo cases; the anchor day and what was played."""
    calendar = calendar_load()
    today = today or timezone.localdate()
    anchor = anchor_day(today, calendar)
    published = published_at()
    demo = DemoCases(anchor, calendar, published, seed)
    scripts = demo.plan()
    powers = {p.code: p for p in Power.objects.filter(code__in={s.power for s in scripts})
              .select_related("published_version__flow", "department__region")}
    first = min(move.at for script in scripts for move in script.moves)
    return anchor, play(scripts, demo_users(), powers, until=demo.until, ticks=daily_sweeps(first, demo.until))


def daily_sweeps(first: datetime.datetime, until: datetime.datetime) -> list:
    """The supervision sweep at 06:00 of every day from ``first`` to ``until`` (as the scheduler
    runs it in production, DOMAIN.md §4.5), so that alerts are raised on the days they fell due."""
    day, ticks = first.astimezone(SHANGHAI).date(), []
    while (at := datetime.datetime.combine(day, datetime.time(6), SHANGHAI)) < until:
        ticks.append((at, lambda now: supervision_services.sweep(now=now)))
        day += datetime.timedelta(days=1)
    return ticks


# --- what is there ---------------------------------------------------------------------------


def summary() -> dict:
    """Counts of the cases by state, and of what the states do not show."""
    states = dict(Case.objects.values_list("state").annotate(n=Count("id")))
    return {
        "states": {state: states.get(state, 0) for state in CaseState.values},
        "special_procedure": Case.objects.filter(suspended_since__isnull=False).count(),
        "extension_pending": Extension.objects.filter(state=Extension.State.REQUESTED).count(),
        "extended": Case.objects.filter(extension_days__gt=0).count(),
        "granted": Case.objects.filter(state=CaseState.COMPLETED, decision="granted").count(),
        "denied": Case.objects.filter(state=CaseState.COMPLETED, decision="denied").count(),
        "penalties": Case.objects.filter(power__category="CF", decision="granted").filter(
            Q(penalty_amount__isnull=False) | ~Q(penalty_kind="")).count(),
        "delivered": Case.objects.filter(delivered_at__isnull=False).count(),
    }


def land_figures() -> dict:
    """The land pre-reviews' count and mean handling time (received → completed), as Nanjing measured it."""
    rows = list(Case.objects.filter(power__code=LAND_PRE_REVIEW).values_list("state", "received_at", "completed_at"))
    done = [completed - received for state, received, completed in rows if state == CaseState.COMPLETED]
    mean = sum(done, datetime.timedelta()) / len(done) if done else None
    return {"cases": len(rows), "completed": len(done), "mean": mean}


def format_span(span: datetime.timedelta | None) -> str:
    if span is None:
        return "—"
    seconds = int(span.total_seconds())
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{days} d {hours} h {minutes} min {seconds} s"


# --- the benchmark's cases -----------------------------------------------------------------


def bench_scripts(count: int, calendar: WorkCalendar, seed: int = SEED) -> list[Script]:
    """``count`` land pre-reviews taken at the counter over 2025 and the first half of 2026, each
    through all twelve steps to a decision and its delivery; no uploaded files."""
    rng = random.Random(seed)
    office = Office(calendar)
    planner = Planner(rng, office)
    first, span = datetime.date(2025, 1, 2), 540
    scripts = []
    for index in range(count):
        day = first + datetime.timedelta(days=index * span // max(count, 1))
        while not office.is_workday(day):
            day += datetime.timedelta(days=1)
        minute = rng.randrange(8 * 60 + 40, 17 * 60)
        received = office.at(day, minute // 60, minute % 60, rng.randrange(60))
        applicant = parties.organisation(rng)
        title, particulars = parties.land_project(rng, rng.choice(parties.TRADE_NAMES))
        fate = Fate(outcome="denied" if rng.random() < 0.1 else "granted", pace=rng.choice((0.5, 0.6, 0.7, 0.8)))
        acceptance = planner.charts[LAND_PRE_REVIEW].nodes[planner.charts[LAND_PRE_REVIEW].acceptance]
        scripts.append(planner.script(LAND_PRE_REVIEW, fate, received, who=planner.holder(acceptance), channel="counter",
                                      applicant=applicant, title=title, particulars=particulars, materials=[]))
    return scripts
