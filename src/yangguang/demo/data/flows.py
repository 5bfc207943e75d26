"""Flowchart payloads (流程图) for the demo powers, built from a few templates.

Templates take the committed limit and share it out over the steps on the slowest path,
so that every chart fits its power's limit by construction.
"""


class Chart:
    """A flowchart payload under construction; ``unit`` is the unit of its step limits."""

    def __init__(self, unit: str = "workday"):
        self.unit = unit
        self.steps: list[dict] = []
        self.transitions: list[dict] = []

    def node(self, key: str, name: str, kind: str) -> str:
        self.steps.append({"key": key, "name": name, "kind": kind})
        return key

    def task(self, key: str, name: str, post: str, limit: int, *, department: str | None = None,
             excluded: bool = False, legal_review: bool = False) -> str:
        step = {"key": key, "name": name, "kind": "excluded" if excluded else "task", "post": post,
                "limit": limit, "unit": self.unit}
        if department:
            step["department"] = department
        if legal_review:
            step["legal_review"] = True
        self.steps.append(step)
        return key

    def arrow(self, source: str, target: str, condition: str = "") -> None:
        self.transitions.append({"from": source, "to": target, **({"condition": condition} if condition else {})})

    def chain(self, *keys: str) -> None:
        for source, target in zip(keys, keys[1:]):
            self.arrow(source, target)

    def payload(self) -> dict:
        return {"steps": self.steps, "transitions": self.transitions}


def share(total: int, weights: list[int]) -> list[int]:
    """Split ``total`` into whole limits of at least 1, in proportion to ``weights``; the sum is ``total``."""
    if total < len(weights):
        raise ValueError(f"a limit of {total} cannot give {len(weights)} steps one unit each")
    spare = total - len(weights)
    limits = [1 + spare * w // sum(weights) for w in weights]
    order = sorted(range(len(weights)), key=lambda i: -weights[i])
    for i in range(total - sum(limits)):
        limits[order[i % len(order)]] += 1
    return limits


def _linear(chart: Chart, start: str, tasks: list[tuple], end: str, budget: int) -> Chart:
    """start → tasks → end, the tasks (key, name, post, weight) sharing ``budget``."""
    limits = share(budget, [t[3] for t in tasks])
    keys = [chart.node("start", start, "start")]
    keys += [chart.task(key, name, post, limit) for (key, name, post, _), limit in zip(tasks, limits)]
    keys.append(chart.node("end", end, "end"))
    chart.chain(*keys)
    return chart


def licence(committed: int, unit: str = "workday", *, survey: bool = False, expert: int = 0) -> dict:
    """受理 → 审查 (→ 现场核查) (→ 专家评审) → 审核 → 批准 → 准予：制证送达 / 不予：告知理由."""
    chart = Chart(unit)
    weights = [1, 4] + ([2] if survey else []) + [2, 1, 1]
    limits = iter(share(committed, weights))
    chart.node("start", "申请", "start")
    keys = ["start", chart.task("accept", "窗口受理", "window", next(limits)),
            chart.task("review", "审查", "review", next(limits))]
    if survey:
        keys.append(chart.task("survey", "现场核查", "review", next(limits)))
    if expert:
        keys.append(chart.task("expert", "专家评审", "expert", expert, excluded=True))
    keys += [chart.task("check", "审核", "check", next(limits)), chart.task("approve", "批准", "approve", next(limits)),
             chart.node("decision", "审批结论", "exclusive")]
    chart.chain(*keys)
    issue = next(limits)
    chart.task("issue", "制证送达", "window", issue)
    chart.node("end", "办结", "end")
    chart.task("refuse", "不予许可告知", "window", 1)
    chart.node("end_refused", "不予许可办结", "end")
    chart.arrow("decision", "issue", "准予许可")
    chart.arrow("decision", "refuse", "不予许可")
    chart.chain("issue", "end")
    chart.chain("refuse", "end_refused")
    return chart.payload()


def penalty(committed: int, unit: str = "day", *, hearing: int = 15) -> dict:
    """立案 → 调查取证 → 案件审理 → 告知 → (听证) → 法制审核 → 处罚决定 → 送达 → 结案 (一般程序)."""
    chart = Chart(unit)
    file, investigate, hear, notify, legal, decide, deliver = share(committed, [1, 10, 3, 2, 2, 1, 2])
    chart.node("start", "案件来源", "start")
    chart.task("file", "立案", "enforce", file)
    chart.task("investigate", "调查取证", "enforce", investigate)
    chart.task("hear", "案件审理", "legal", hear)
    chart.task("notify", "告知陈述申辩和听证权利", "enforce", notify)
    chart.node("asked", "是否要求听证", "exclusive")
    chart.task("hearing", "听证", "legal", hearing, excluded=True)
    chart.task("legal", "法制审核", "legal", legal, legal_review=True)
    chart.task("decide", "处罚决定", "approve", decide)
    chart.task("deliver", "送达", "enforce", deliver)
    chart.node("end", "结案", "end")
    chart.chain("start", "file", "investigate", "hear", "notify", "asked")
    chart.arrow("asked", "hearing", "当事人要求听证")
    chart.arrow("asked", "legal", "放弃听证")
    chart.chain("hearing", "legal", "decide", "deliver", "end")
    return chart.payload()


def enforcement(committed: int, unit: str = "day") -> dict:
    """报告 → 负责人批准 → 实施 (通知当事人、制作现场笔录) → 处理决定 → 送达 (行政强制措施)."""
    return _linear(Chart(unit), "发现违法行为", [
        ("report", "报告并填写审批表", "enforce", 1), ("approve", "负责人批准", "approve", 1),
        ("act", "实施强制措施并制作现场笔录", "enforce", 1), ("decide", "作出处理决定", "approve", 4),
        ("deliver", "送达决定书", "enforce", 1),
    ], "办结", committed).payload()


def levy(committed: int, unit: str = "workday") -> dict:
    """申报 → 核定 → 审核 → 开具缴款通知书 (行政征收)."""
    return _linear(Chart(unit), "缴费申报", [
        ("accept", "受理申报", "window", 1), ("assess", "核定征收额", "review", 3), ("check", "审核", "check", 1),
        ("notice", "开具缴款通知书", "window", 1),
    ], "征收办结", committed).payload()


def registration(committed: int, unit: str = "workday", *, register: str = "登记", issue: str = "发证") -> dict:
    """受理 → 审查 → 登记 → 发证 (行政确认、登记、备案)."""
    return _linear(Chart(unit), "申请", [
        ("accept", "窗口受理", "window", 1), ("review", "审查", "review", 3), ("register", register, "approve", 1),
        ("issue", issue, "window", 1),
    ], "办结", committed).payload()


def benefit(committed: int, unit: str = "workday") -> dict:
    """受理 → 入户调查 → 审核 → 公示 → 审批 → 发放 (行政给付)."""
    return _linear(Chart(unit), "申请", [
        ("accept", "受理", "window", 1), ("investigate", "入户调查", "review", 3), ("check", "审核", "check", 2),
        ("publicise", "张榜公示", "review", 2), ("approve", "审批", "approve", 1), ("pay", "发放", "window", 1),
    ], "办结", committed).payload()


def reward(committed: int, unit: str = "workday") -> dict:
    """推荐申报 → 初审 → 专家评审 → 审核 → 公示 → 表彰决定 (行政奖励)."""
    chart = Chart(unit)
    review, check, publicise, decide = share(committed, [3, 2, 2, 1])
    chart.node("start", "推荐申报", "start")
    chart.task("review", "初审", "review", review)
    chart.task("expert", "专家评审", "expert", 10, excluded=True)
    chart.task("check", "审核", "check", check)
    chart.task("publicise", "公示", "review", publicise)
    chart.task("decide", "表彰决定", "approve", decide)
    chart.node("end", "办结", "end")
    chart.chain("start", "review", "expert", "check", "publicise", "decide", "end")
    return chart.payload()


def requisition(committed: int, unit: str = "day") -> dict:
    """拟定征用方案 → 批准 → 下达征用通知 → 使用与返还 → 补偿 (行政征用)."""
    return _linear(Chart(unit), "应急处置需要", [
        ("plan", "拟定征用方案", "review", 1), ("approve", "负责人批准", "approve", 1),
        ("notify", "下达征用通知书", "enforce", 1), ("return", "使用完毕返还", "review", 2),
        ("compensate", "核定并支付补偿", "check", 3),
    ], "办结", committed).payload()


def adjudication(committed: int, unit: str = "day") -> dict:
    """受理 → 调查 → 调解 → 调解不成：裁决 → 送达 (行政裁决)."""
    chart = Chart(unit)
    accept, investigate, mediate, adjudicate, deliver = share(committed, [1, 6, 3, 4, 1])
    chart.node("start", "申请", "start")
    chart.task("accept", "受理", "window", accept)
    chart.task("investigate", "调查取证", "review", investigate)
    chart.task("mediate", "组织调解", "review", mediate)
    chart.node("settled", "调解结果", "exclusive")
    chart.task("agreement", "制作调解书", "review", 1)
    chart.node("end_settled", "调解结案", "end")
    chart.task("adjudicate", "作出裁决", "approve", adjudicate)
    chart.task("deliver", "送达裁决书", "window", deliver)
    chart.node("end", "办结", "end")
    chart.chain("start", "accept", "investigate", "mediate", "settled")
    chart.arrow("settled", "agreement", "调解达成协议")
    chart.arrow("settled", "adjudicate", "调解不成")
    chart.chain("agreement", "end_settled")
    chart.chain("adjudicate", "deliver", "end")
    return chart.payload()


def approval(committed: int, unit: str = "workday", *, expert: int = 0) -> dict:
    """受理 → 审查 → (专家评审) → 审核 → 批准 → 批复 (非行政许可审批)."""
    chart = Chart(unit)
    accept, review, check, approve, issue = share(committed, [1, 5, 2, 1, 1])
    chart.node("start", "申报", "start")
    keys = ["start", chart.task("accept", "受理", "window", accept), chart.task("review", "审查", "review", review)]
    if expert:
        keys.append(chart.task("expert", "专家评审", "expert", expert, excluded=True))
    keys += [chart.task("check", "审核", "check", check), chart.task("approve", "批准", "approve", approve),
             chart.task("issue", "批复", "window", issue), chart.node("end", "办结", "end")]
    chart.chain(*keys)
    return chart.payload()


def land_pre_review() -> dict:
    """建设项目用地预审: twelve timed steps, the flow whose cases Nanjing timed to the second.

    受理 → 初审 → 现场踏勘 → 用地审查 → 规划审查 → 专家评审 (time not counted) → 复核 →
    分管领导审核 → 局长审批 → 准予：制证 → 送达 / 不予：告知理由. The slowest path takes 13
    of the 15 committed working days.
    """
    chart = Chart("workday")
    chart.node("start", "申请", "start")
    chart.task("accept", "窗口受理", "window", 1)
    chart.task("preliminary", "初审", "review", 1)
    chart.task("survey", "现场踏勘", "survey", 2)
    chart.task("examine", "用地审查", "examine", 3)
    chart.task("plan", "土地利用规划审查", "plan", 1)
    chart.task("expert", "专家评审", "expert", 10, excluded=True)
    chart.task("recheck", "复核", "check", 1)
    chart.task("lead", "分管领导审核", "lead", 1)
    chart.task("director", "局长审批", "head", 1)
    chart.node("decision", "预审结论", "exclusive")
    chart.task("certify", "制作预审意见", "certify", 1)
    chart.task("deliver", "送达", "deliver", 1)
    chart.node("end", "办结", "end")
    chart.task("refuse", "不予通过告知", "deliver", 1)
    chart.node("end_refused", "不予通过办结", "end")
    chart.chain("start", "accept", "preliminary", "survey", "examine", "plan", "expert", "recheck", "lead", "director",
                "decision")
    chart.arrow("decision", "certify", "预审通过")
    chart.arrow("decision", "refuse", "预审不通过")
    chart.chain("certify", "deliver", "end")
    chart.chain("refuse", "end_refused")
    return chart.payload()


def joint_investment_approval(*, land: str, planning: str, environment: str) -> dict:
    """企业投资项目核准 (并联审批): the NDRC accepts, three departments give opinions at once.

    受理 → 初审 → 并联 [国土：用地预审意见 ∥ 规划：选址意见 ∥ 环保：环评意见] → 汇总 →
    咨询评估 (time not counted) → 审核 → 核准决定 → 核准：印发文件 / 不予：告知理由.
    """
    chart = Chart("workday")
    chart.node("start", "项目申报", "start")
    chart.task("accept", "窗口受理", "window", 1)
    chart.task("review", "初审", "review", 2)
    chart.node("split", "并联征求意见", "split")
    chart.task("land", "用地预审意见", "review", 5, department=land)
    chart.task("planning", "选址意见", "review", 5, department=planning)
    chart.task("environment", "环评审查意见", "review", 4, department=environment)
    chart.node("join", "意见汇总", "join")
    chart.task("evaluate", "委托咨询评估", "expert", 10, excluded=True)
    chart.task("check", "审核", "check", 2)
    chart.task("approve", "核准决定", "approve", 2)
    chart.node("decision", "核准结论", "exclusive")
    chart.task("issue", "印发核准文件", "window", 1)
    chart.node("end", "办结", "end")
    chart.task("refuse", "不予核准告知", "window", 1)
    chart.node("end_refused", "不予核准办结", "end")
    chart.chain("start", "accept", "review", "split")
    for branch in ("land", "planning", "environment"):
        chart.chain("split", branch, "join")
    chart.chain("join", "evaluate", "check", "approve", "decision")
    chart.arrow("decision", "issue", "予以核准")
    chart.arrow("decision", "refuse", "不予核准")
    chart.chain("issue", "end")
    chart.chain("refuse", "end_refused")
    return chart.payload()
