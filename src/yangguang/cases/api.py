"""Cases API: apply, act, read a case, its events, an officer's queue; the public progress query.

Every write goes through ``services``; every read through ``selectors`` (visibility included).
Refusals are domain errors and become problem+json in ``yangguang.api``.
"""

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile

from yangguang.catalog import selectors as catalog_selectors
from yangguang.catalog.errors import PowerNotFound
from yangguang.core.apiauth import authenticated
from yangguang.core.errors import InvalidInput
from yangguang.org.models import Post
from yangguang.worktime.domain import format_due

from . import domain, selectors, services, throttle
from .errors import CaseNotFound
from .models import Case, Extension, Material, TokenState
from .schemas import (
    ActionIn,
    Applied,
    ApplyIn,
    CaseDetail,
    CaseFilters,
    CasePage,
    EventOut,
    PublicCase,
    QueueItemOut,
)

router = Router(tags=["cases"])
public_router = Router(tags=["public"])

# Keywords of ``services.case_act`` itself: never taken from an action's ``fields``.
RESERVED_FIELDS = ("actor", "case", "action", "step", "seq", "now")
# Events the platform writes itself (``domain.SYSTEM_ACTIONS``).
SYSTEM_ACTION_NAMES = {"apply": gettext_lazy("Application (申请)"), "complete_case": gettext_lazy("Case completed (办结)")}


# --- shaping ----------------------------------------------------------------------------------


def _power(case: Case) -> dict:
    return {"code": case.power.code, "name": case.version.name, "category": case.power.category}


def _department(department) -> dict:
    return {"code": department.full_code, "name": department.name}


def _username(user) -> str | None:
    return user.get_username() if user is not None else None


def _summary(case: Case, now, suspensions=None) -> dict:
    status, status_name = selectors.case_status(case)
    return {
        "number": case.number, "power": _power(case), "department": _department(case.department), "title": case.title,
        "channel": case.channel, "state": case.state, "state_name": str(case.get_state_display()),
        "status": status, "status_name": status_name, "applicant_name": case.applicant_name,
        "received_at": case.received_at, "accepted_at": case.accepted_at, "committed_due": case.committed_due,
        "statutory_due": case.statutory_due, "completed_at": case.completed_at, "current_steps": case.current_steps,
        "light": selectors.case_light(case, now, suspensions),
    }


def _steps(case: Case, tokens, now, suspensions) -> list[dict]:
    """The tokens of ``case`` with their node, post and light, as the officer sees them."""
    graph = services.flow_graph(case.flow_id)
    posts = Post.objects.select_related("department").in_bulk(
        {node.post_id for node in graph.nodes.values() if node.post_id})
    out = []
    for token in tokens:
        node = graph.nodes[token.step.key]
        post = posts.get(node.post_id)
        out.append({
            "key": node.key, "name": node.name, "kind": node.kind, "state": token.state,
            "post": {"name": post.name, "department": post.department.name} if post else None,
            "arrived_at": token.arrived_at, "due_at": token.due_at,
            "light": selectors.token_light(token, node, now, suspensions),
            "assignee": _username(token.assignee), "done_at": token.done_at, "done_by": _username(token.done_by),
        })
    return out


def _decision(case: Case) -> dict | None:
    if not case.decision:
        return None
    return {
        "decision": case.decision, "decision_name": str(case.get_decision_display()), "reason": case.decision_reason,
        "document_no": case.document_no, "penalty_kind": case.penalty_kind,
        "penalty_amount": str(case.penalty_amount) if case.penalty_amount is not None else None,
        "decided_at": case.decided_at, "delivered_at": case.delivered_at, "delivery_method": case.delivery_method,
        "fees": list(case.fees_charged or []),
    }


def _detail(case: Case) -> dict:
    now = timezone.now()
    suspensions = selectors.case_suspensions(case)
    steps = _steps(case, selectors.case_tokens(case), now, suspensions)
    out = _summary(case, now, suspensions)
    out.update(
        particulars=case.particulars,
        applicant={
            "kind": case.applicant_kind, "name": case.applicant_name, "id_type": case.applicant_id_type,
            "id_number": case.applicant_id_number, "phone": case.applicant_phone, "address": case.applicant_address,
            "contact": case.applicant_contact, "account": _username(case.applicant_user),
        },
        correction_requested_at=case.correction_requested_at, correction_items=case.correction_items,
        materials_complete_at=case.materials_complete_at, clock_start=case.clock_start,
        committed_limit=case.committed_limit, committed_unit=case.committed_unit,
        statutory_limit=case.statutory_limit, statutory_unit=case.statutory_unit, extension_days=case.extension_days,
        committed_due_display=format_due(case.committed_due) if case.committed_due else "",
        statutory_due_display=format_due(case.statutory_due) if case.statutory_due else "",
        suspended_since=case.suspended_since, closing_reason=case.closing_reason, last_seq=case.last_seq,
        actions=[name for name, spec in domain.ACTIONS.items() if case.state in spec.states],
        active_steps=[step for step in steps if step["state"] == TokenState.ACTIVE],
        steps=steps,
        suspensions=[
            {"kind": s.kind, "kind_name": str(s.get_kind_display()), "reason": s.reason, "began_at": s.began_at,
             "ended_at": s.ended_at, "automatic": s.token_id is not None}
            for s in case.suspensions.order_by("began_at", "id")
        ],
        extensions=[
            {"days": e.days, "reason": e.reason, "state": e.state, "state_name": str(e.get_state_display()),
             "requested_by": _username(e.requested_by), "requested_at": e.requested_at,
             "decided_by": _username(e.decided_by), "decided_at": e.decided_at, "opinion": e.opinion}
            for e in Extension.objects.filter(case=case).select_related("requested_by", "decided_by")
        ],
        decision=_decision(case),
        materials=[
            {"name": m.name, "original_name": m.original_name, "content_type": m.content_type, "size": m.size,
             "sha256": m.sha256, "uploaded_at": m.uploaded_at, "for_correction": m.for_correction}
            for m in Material.objects.filter(case=case)
        ],
    )
    return out


def _materials(files, names) -> list[tuple[str, object]]:
    """Uploaded files paired with the material each one is (``material_names``, in the same order)."""
    files, names = list(files or ()), list(names or ())
    if len(files) != len(names):
        raise InvalidInput.one("material_names", "one-name-per-file",
                               _("Give one material name per file, in the same order as the files."))
    return list(zip(names, files))


# --- applying ---------------------------------------------------------------------------------


def _apply(request: HttpRequest, payload: ApplyIn, materials) -> dict:
    try:
        power = catalog_selectors.power_get_for(request.user, payload.power)
    except PowerNotFound:
        raise InvalidInput.one("power", "power-exists", _("No published power %(code)s.") % {"code": payload.power}) from None
    case = services.case_apply(
        actor=request.user, power=power, applicant=payload.applicant.model_dump(mode="json"), title=payload.title,
        particulars=payload.particulars, materials=materials, channel=payload.channel,
    )
    return {"number": case.number, "state": case.state, "state_name": str(case.get_state_display()),
            "received_at": case.received_at, "query_code": case.query_code, "url": f"/api/v1/cases/{case.number}",
            "public_url": f"/api/v1/public/cases/{case.number}"}


@router.post("", response={201: Applied}, auth=authenticated, summary="Apply (申请)", description=(
    "An online application by the applicant's account, or a counter application registered by an officer at the "
    "power's accepting window (`channel: counter`). The answer carries the query code (查询密码) for the public "
    "progress query; it is shown only this once. To hand in files, use `POST /api/v1/cases/multipart`."))
def case_apply(request: HttpRequest, payload: ApplyIn):
    return Status(201, _apply(request, payload, ()))


@router.post("/multipart", response={201: Applied}, auth=authenticated, summary="Apply with material files",
             description="multipart/form-data: `payload` is the JSON of an application (as for `POST /api/v1/cases`), "
                         "`materials` the files and `material_names` the material each file is, in the same order.")
def case_apply_multipart(request: HttpRequest, payload: ApplyIn, materials: File[list[UploadedFile]] = None,
                         material_names: Form[list[str]] = None):
    return Status(201, _apply(request, payload, _materials(materials, material_names)))


# --- reading ----------------------------------------------------------------------------------


@router.get("", response=CasePage, auth=authenticated, summary="List the cases you may see")
def case_list(request: HttpRequest, filters: Query[CaseFilters]):
    if not 1 <= filters.limit <= 500:
        raise InvalidInput.one("limit", "range", _("limit must be between 1 and 500"))
    if filters.offset < 0:
        raise InvalidInput.one("offset", "range", _("offset must not be negative"))
    queryset = Case.objects.visible_to(request.user)
    if filters.state:
        queryset = queryset.filter(state=filters.state)
    if department := filters.department.strip():
        region_code, dash, code = department.partition("-")
        if not dash:
            raise InvalidInput.one("department", "department-code",
                                   _("Give the department with its region, e.g. 320100-012."))
        queryset = queryset.filter(department__region__code=region_code, department__code=code)
    if power := filters.power.strip():
        queryset = queryset.filter(power__code=power)
    page = (queryset.select_related("power", "version", "department__region").prefetch_related("suspensions")
            [filters.offset : filters.offset + filters.limit])
    now = timezone.now()
    return {"count": queryset.count(), "limit": filters.limit, "offset": filters.offset,
            "items": [_summary(case, now) for case in page]}


@router.get("/queue", response=list[QueueItemOut], auth=authenticated, summary="Your pending steps (待办)",
            description="The active steps at your posts that were not transferred to someone else, soonest due first.")
def case_queue(request: HttpRequest):
    return [
        {"number": item.case.number, "power": _power(item.case), "department": _department(item.case.department),
         "title": item.case.title, "applicant_name": item.case.applicant_name, "state": item.case.state,
         "step": item.token.step.key, "step_name": item.step_name, "arrived_at": item.token.arrived_at,
         "due_at": item.token.due_at, "light": item.light, "transferred_to_me": item.token.assignee_id == request.user.pk,
         "case_committed_due": item.case.committed_due}
        for item in selectors.queue_for(request.user)
    ]


@router.get("/{number}", response=CaseDetail, auth=authenticated, summary="A case, for those who may see it")
def case_detail(request: HttpRequest, number: str):
    return _detail(selectors.case_get_for(request.user, number))


@router.get("/{number}/events", response=list[EventOut], auth=authenticated,
            summary="The case's event log (办理过程记录), hash-chained")
def case_event_list(request: HttpRequest, number: str):
    case = selectors.case_get_for(request.user, number)
    graph = services.flow_graph(case.flow_id)
    out = []
    for event in selectors.case_events(case):
        spec = domain.ACTIONS.get(event.action)
        node = graph.nodes.get(event.step_key)
        out.append({
            "seq": event.seq, "at": event.at, "action": event.action,
            "action_name": str(spec.label if spec else SYSTEM_ACTION_NAMES.get(event.action, event.action)),
            "step": event.step_key, "step_name": node.name if node else "", "actor": _username(event.actor),
            "post": event.post.name if event.post else None, "opinion": event.opinion, "data": event.data,
            "hash": event.hash, "prev_hash": event.prev_hash,
        })
    return out


# --- acting -----------------------------------------------------------------------------------

ACT_DESCRIPTION = """Take one action on the case; the answer is the case as it is afterwards.

The body names the action, optionally the step and the `seq` you saw, and carries the action's own
fields in one object `fields`:

```json
{"action": "complete", "step": "examine", "seq": 7, "fields": {"opinion": "符合条件"}}
```

| action | fields |
|---|---|
| accept | opinion |
| refuse | reason |
| request_correction | items (list of text), opinion |
| supplement | note; files through `…/actions/multipart` |
| complete | opinion, branch (the arm after an exclusive gateway) |
| return | to (step key), reason |
| transfer | to (username at the same post), opinion |
| suspend | kind (hearing, tender, auction, inspection, testing, quarantine, appraisal, expert_review, other), reason |
| resume | opinion |
| request_extension | days, reason |
| approve_extension / refuse_extension | opinion (required to refuse) |
| decide | decision (granted, denied), reason (required to deny), document_no, penalty_kind, penalty_amount, fees ([{name, amount}]: the fees charged, amount in yuan, checked against the catalog by rule C01) |
| deliver | method (direct, post, electronic, agent, announcement), opinion |
| withdraw | reason |

A refused field is named in the problem's `field` as it is called inside `fields`. A stale `seq`
is refused with 409 (`stale-case`), an actor without the step's post with 403."""


def _act(request: HttpRequest, number: str, payload: ActionIn, materials) -> dict:
    case = selectors.case_get_for(request.user, number)
    fields = dict(payload.fields)
    for name in RESERVED_FIELDS:
        if name in fields:
            raise InvalidInput.one(name, "reserved",
                                   _("%(name)s is not a field of an action.") % {"name": name})
    if materials:
        fields["materials"] = materials
    elif "materials" in fields:
        raise InvalidInput.one("materials", "multipart", _("Send files as multipart/form-data to …/actions/multipart."))
    case = services.case_act(actor=request.user, case=case, action=payload.action, step=payload.step,
                             seq=payload.seq, **fields)
    return _detail(case)


@router.post("/{number}/actions", response=CaseDetail, auth=authenticated, summary="Act on a case",
             description=ACT_DESCRIPTION)
def case_action(request: HttpRequest, number: str, payload: ActionIn):
    return _act(request, number, payload, ())


@router.post("/{number}/actions/multipart", response=CaseDetail, auth=authenticated,
             summary="Act on a case, handing in files",
             description="multipart/form-data: `payload` is the JSON of an action (as for `…/actions`), `materials` "
                         "the files and `material_names` the material each file is, in the same order.")
def case_action_multipart(request: HttpRequest, number: str, payload: ActionIn,
                          materials: File[list[UploadedFile]] = None, material_names: Form[list[str]] = None):
    return _act(request, number, payload, _materials(materials, material_names))


# --- the public progress query ------------------------------------------------------------------


@public_router.get("/{number}", response=PublicCase, auth=None, summary="Progress of a case (办件查询)", description=(
    "Anyone with the case number and its query code sees the case's progress: the power, the current steps and the "
    "post handling them, dates and deadlines to the second, special procedures, extensions and the decision. No "
    "personal data. A wrong code gets the same 404 as a missing case; after too many of either from one address "
    "every query from it is answered 429 with Retry-After until the window passes."))
def case_public(request: HttpRequest, number: str, code: str, response: HttpResponse):
    client = throttle.client_key(request)
    if not throttle.query_allowed(client):
        raise throttle.QueryThrottled.for_client(client)
    try:
        case = selectors.case_public_get(number, code)
    except CaseNotFound:
        throttle.query_failed(client)
        raise
    response["Cache-Control"] = "private, no-store"
    return selectors.case_public_view(case)
