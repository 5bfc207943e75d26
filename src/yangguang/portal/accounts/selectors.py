"""Readers of the public hall's accounts: an applicant's record, their own cases (我的办件) and
the powers they may apply for. An applicant sees only cases filed from their own account."""

from django.db.models import Count, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yangguang.cases import domain
from yangguang.cases import selectors as case_selectors
from yangguang.cases import services as case_services
from yangguang.cases.errors import CaseNotFound
from yangguang.cases.models import (
    Case,
    CaseState,
    Decision,
    Event,
    Material,
    Suspension,
)

from ..models import Applicant

# The filters of "my cases": name -> states.
CASE_FILTERS = {
    "open": (CaseState.SUBMITTED, CaseState.IN_PROGRESS),
    "correcting": (CaseState.CORRECTING,),
    "closed": (CaseState.COMPLETED, CaseState.REFUSED, CaseState.WITHDRAWN),
}


def applicant_of(user) -> Applicant | None:
    """The account's real-name record (实名信息), if it has one."""
    if not user.is_authenticated:
        return None
    return Applicant.objects.filter(user=user).first()


def my_case_list(user, state: str = ""):
    """The cases applied for from the account, newest first, with what their rows show."""
    if not user.is_authenticated:
        return Case.objects.none()
    cases = (Case.objects.filter(applicant_user=user).select_related("power", "version", "department")
             .prefetch_related(Prefetch("suspensions", queryset=Suspension.objects.order_by("began_at", "id")))
             .order_by("-received_at", "-id"))
    if state in CASE_FILTERS:
        cases = cases.filter(state__in=CASE_FILTERS[state])
    return cases


def my_case_counts(user) -> dict:
    """How many of the account's cases each filter holds."""
    counts = dict(Case.objects.filter(applicant_user=user).order_by().values_list("state").annotate(n=Count("pk")))
    found = {name: sum(counts.get(state, 0) for state in states) for name, states in CASE_FILTERS.items()}
    found[""] = sum(counts.values())
    return found


def my_case_rows(cases, now=None) -> list[dict]:
    """Each case with its public status and its light (green, yellow, red) against the committed due."""
    now = now or timezone.now()
    rows = []
    for case in cases:
        status, status_name = case_selectors.case_status(case)
        rows.append({"case": case, "status": status, "status_name": status_name,
                     "light": case_selectors.case_light(case, now, case_selectors.case_suspensions(case))})
    return rows


def my_case_get(user, number: str) -> Case:
    """One of the account's own cases; anyone else's is not found, whoever asks."""
    case = None
    if user.is_authenticated:
        case = (Case.objects.select_related("power", "version", "department").filter(
            applicant_user=user, number=(number or "").strip()).first())
    if case is None:
        raise CaseNotFound(_("You have no case %(number)s.") % {"number": number}, field="number")
    return case


# What the applicant is told of, in the words of the record (办理记录) on their case's page.
RECORD_LABELS = {
    "apply": gettext_lazy("Application received (收件)"),
    "request_correction": gettext_lazy("Correction requested (补正告知)"),
    "supplement": gettext_lazy("Materials supplied (补正)"),
    "accept": gettext_lazy("Accepted (受理)"),
    "refuse": gettext_lazy("Not accepted (不予受理)"),
    "suspend": gettext_lazy("Special procedure began (特别程序)"),
    "resume": gettext_lazy("Special procedure ended"),
    "approve_extension": gettext_lazy("Time limit extended (延期)"),
    "decide": gettext_lazy("Decided (决定)"),
    "complete_case": gettext_lazy("Completed (办结)"),
    "deliver": gettext_lazy("Decision delivered (送达)"),
    "withdraw": gettext_lazy("Withdrawn (撤回)"),
}


def my_case_record(case: Case) -> list[dict]:
    """The moments of the case the applicant is told of, to the second, with what they were told:
    no officer, no internal opinion."""
    graph = case_services.flow_graph(case.flow_id)
    rows = []
    for event in Event.objects.filter(case=case, action__in=[*RECORD_LABELS, "complete"]).order_by("seq"):
        data, action = event.data or {}, event.action
        if action == "complete":  # only the end of a special procedure that is a step of the flowchart
            node = graph.nodes.get(event.step_key)
            if node is None or node.kind != "excluded":
                continue
            action = "resume"
        details = []
        if action == "request_correction":
            details = list(data.get("items", []))
        elif action in ("refuse", "withdraw"):
            details = [event.opinion]
        elif action == "suspend":
            kind = Suspension.Kind(data["kind"]).label if data.get("kind") in Suspension.Kind.values else ""
            details = [f"{kind}：{event.opinion}" if kind else event.opinion]
        elif action == "approve_extension":
            details = [_("%(days)s working days: %(reason)s") % {"days": data.get("days", ""),
                                                                 "reason": data.get("reason", "")}]
        elif action == "decide":
            decision = Decision(data["decision"]).label if data.get("decision") in Decision.values else ""
            details = [f"{decision} · {data.get('document_no', '')}"]
        elif action == "supplement" or action == "apply":
            details = ["、".join(data.get("materials", []))]
        rows.append({"at": event.at, "action": action, "label": RECORD_LABELS[action],
                     "details": [d for d in details if d]})
    return rows


def my_case_view(case: Case, now=None) -> dict:
    """What the applicant sees of their own case: the public progress (no officer's name or
    opinion) and what they are told — items to correct, the reason of a refusal or
    withdrawal, the decision with its reason, their own materials."""
    progress = case_selectors.case_public_view(case, now)
    return {
        "progress": progress,
        "correcting": case.state == CaseState.CORRECTING,
        "correction_items": list(case.correction_items or []),
        "correction_requested_at": case.correction_requested_at,
        "closing_reason": case.closing_reason if case.state in (CaseState.REFUSED, CaseState.WITHDRAWN) else "",
        "decision_reason": case.decision_reason if case.decision else "",
        "materials": list(Material.objects.filter(case=case).order_by("uploaded_at", "id")),
        "record": my_case_record(case),
        "can_withdraw": case.state in domain.ACTIONS["withdraw"].states and not case.decision,
    }


def my_material_get(user, number: str, pk: int) -> Material:
    case = my_case_get(user, number)
    material = Material.objects.filter(case=case, pk=pk).first()
    if material is None:
        raise CaseNotFound(_("No such material in case %(number)s.") % {"number": number}, field="material")
    return material
