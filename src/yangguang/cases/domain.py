"""Case handling (网上办件) as pure logic: the action table, token routing through a flowchart,
the clock of DOMAIN.md §6.4 and the event hash chain. Nothing here touches the database or
reads the clock; services pass in the data, the calendar and ``now``.
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from yangguang.worktime.domain import SHANGHAI, WORKDAY, WorkCalendar, due, elapsed_fraction

# --- states and actions --------------------------------------------------------------------

SUBMITTED, CORRECTING, IN_PROGRESS, COMPLETED, REFUSED, WITHDRAWN = (
    "submitted", "correcting", "in_progress", "completed", "refused", "withdrawn",
)
OPEN_STATES = (SUBMITTED, CORRECTING, IN_PROGRESS)

# Who may take an action: an officer holding the post of an active step ("step"), the
# applicant or a window officer of the department ("applicant"), the department head ("head"),
# an officer of the case's department ("department").
STEP, APPLICANT, HEAD, DEPARTMENT = "step", "applicant", "head", "department"


@dataclass(frozen=True)
class Action:
    """One row of the action table: where it may be taken, by whom, and the state it leads to."""

    name: str
    label: object
    states: tuple[str, ...]
    actor: str
    target: str | None = None  # None: the state stays (or follows from the routing)
    moves_token: bool = False


ACTIONS = {action.name: action for action in (
    Action("accept", _("Accept (受理)"), (SUBMITTED,), STEP, IN_PROGRESS, moves_token=True),
    Action("refuse", _("Refuse to accept (不予受理)"), (SUBMITTED, CORRECTING), STEP, REFUSED),
    Action("request_correction", _("Request correction (补正告知)"), (SUBMITTED,), STEP, CORRECTING),
    Action("supplement", _("Supply the missing materials (补正)"), (CORRECTING,), APPLICANT, SUBMITTED),
    Action("complete", _("Complete the step"), (IN_PROGRESS,), STEP, moves_token=True),
    Action("return", _("Return to an earlier step (退回)"), (IN_PROGRESS,), STEP, moves_token=True),
    Action("transfer", _("Transfer (转办)"), (SUBMITTED, IN_PROGRESS), STEP),
    Action("suspend", _("Start a special procedure (特别程序)"), (IN_PROGRESS,), STEP),
    Action("resume", _("End the special procedure"), (IN_PROGRESS,), STEP),
    Action("request_extension", _("Request an extension (延期)"), (IN_PROGRESS,), STEP),
    Action("approve_extension", _("Approve the extension"), (IN_PROGRESS,), HEAD),
    Action("refuse_extension", _("Refuse the extension"), (IN_PROGRESS,), HEAD),
    Action("decide", _("Decide (决定)"), (IN_PROGRESS,), STEP),
    Action("deliver", _("Deliver (送达)"), (IN_PROGRESS, COMPLETED), DEPARTMENT),
    Action("withdraw", _("Withdraw the application (撤回)"), (SUBMITTED, CORRECTING, IN_PROGRESS), APPLICANT, WITHDRAWN),
)}
# Events written by the platform itself, not taken as actions.
SYSTEM_ACTIONS = ("apply", "complete_case")

GRANTED, DENIED = "granted", "denied"
DELIVERY_METHODS = ("direct", "post", "electronic", "agent", "announcement")
SUSPENSION_KINDS = (
    "hearing", "tender", "auction", "inspection", "testing", "quarantine", "appraisal", "expert_review", "other",
)
# 行政许可法 第三十二条: a correction notice later than this means accepted on receipt.
CORRECTION_NOTICE_WORKDAYS = 5
PENALTY = "CF"  # the category of a penalty power (行政处罚, ``catalog.models.Category.PENALTY``)


def legal_review_missing(category: str, legal_reviewed_at: datetime | None) -> bool:
    """Whether a case may not be decided yet for want of its legal review: a penalty is decided
    only after its legal review (法制审核) has passed (行政处罚法 第五十八条)."""
    return category == PENALTY and legal_reviewed_at is None


# --- identity numbers ---------------------------------------------------------------------

ID_CARD_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def id_card_check(body17: str) -> str:
    """The GB 11643 check character of the first 17 digits of a resident identity card number."""
    return "10X98765432"[sum(int(digit) * weight for digit, weight in zip(body17, ID_CARD_WEIGHTS)) % 11]


def credit_code_check(body17: str) -> str:
    """The GB 32100 check character of the first 17 characters of a unified social credit code."""
    total = sum(CREDIT_ALPHABET.index(char) * weight for char, weight in zip(body17, CREDIT_WEIGHTS))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


# --- flow graphs and routing --------------------------------------------------------------

TASK_KINDS = ("task", "excluded")


@dataclass(frozen=True)
class Node:
    key: str
    name: str
    kind: str
    step_id: int
    post_id: int | None = None
    limit: int | None = None
    unit: str = WORKDAY


@dataclass(frozen=True)
class Graph:
    """A published flowchart as the engine reads it; immutable, so cached per flow."""

    nodes: dict[str, Node]
    outgoing: dict[str, tuple[tuple[str, str], ...]]  # key -> ((target, condition), …)
    incoming: dict[str, tuple[str, ...]]

    @property
    def start(self) -> str:
        return next(key for key, node in self.nodes.items() if node.kind == "start")

    @property
    def acceptance(self) -> str:
        """The first task step: acceptance (受理) of an application, filing (立案) of a penalty."""
        return self.route(self.start, {}).tasks[0]

    def route(self, source: str, waiting: dict[str, int], branch: str = "") -> "Routing":
        """Where tokens go when the step ``source`` is done.

        ``waiting`` counts the tokens already waiting at each parallel join; ``branch`` picks
        the arm of an exclusive gateway by its condition or its target's key.
        """
        routing = Routing()
        pending = [source]
        while pending:
            key = pending.pop(0)
            arms = self.outgoing.get(key, ())
            node = self.nodes[key]
            if node.kind == "exclusive" and key != source:
                arms = (self._arm(key, arms, branch),)
            for target, _condition in arms:
                kind = self.nodes[target].kind
                if kind in TASK_KINDS:
                    routing.tasks.append(target)
                elif kind == "end":
                    routing.ended = True
                elif kind == "join":
                    arrived = waiting.get(target, 0) + routing.arrivals.count(target) + 1
                    routing.arrivals.append(target)
                    if arrived == len(self.incoming[target]):
                        routing.joined.append(target)
                        pending.append(target)
                else:  # split, exclusive
                    pending.append(target)
        return routing

    def _arm(self, key: str, arms, branch: str) -> tuple[str, str]:
        for target, condition in arms:
            if branch and branch in (target, condition):
                return target, condition
        choices = "、".join(condition or target for target, condition in arms)
        raise RoutingError("branch", "branch-required",
                           _("Choose the branch at %(step)s: %(choices)s.") % {"step": self.nodes[key].name, "choices": choices})

    def branches_after(self, key: str) -> list[tuple[str, str]]:
        """The arms of the exclusive gateway right after ``key``, if there is one."""
        for target, _condition in self.outgoing.get(key, ()):
            if self.nodes[target].kind == "exclusive":
                return list(self.outgoing[target])
        return []

    def leads_to(self, source: str, keys: frozenset) -> bool:
        """``source`` is one of ``keys`` or some path from it reaches one."""
        seen, pending = set(), [source]
        while pending:
            key = pending.pop()
            if key in keys:
                return True
            if key not in seen:
                seen.add(key)
                pending.extend(target for target, _condition in self.outgoing.get(key, ()))
        return False

    def return_targets(self, key: str, *, exclude: str) -> list[str]:
        """Earlier task steps of the same stretch of the flow (not across a split or join)."""
        found, seen, pending = [], {key}, list(self.incoming.get(key, ()))
        while pending:
            source = pending.pop(0)
            if source in seen:
                continue
            seen.add(source)
            kind = self.nodes[source].kind
            if kind in TASK_KINDS and source != exclude:
                found.append(source)
            if kind in TASK_KINDS or kind == "exclusive":
                pending.extend(self.incoming.get(source, ()))
        return found


@dataclass
class Routing:
    tasks: list[str] = field(default_factory=list)
    arrivals: list[str] = field(default_factory=list)  # joins a token reached
    joined: list[str] = field(default_factory=list)  # joins that fired
    ended: bool = False


class RoutingError(Exception):
    def __init__(self, field_name: str, rule: str, detail):
        super().__init__(str(detail))
        self.field, self.rule, self.detail = field_name, rule, detail


# --- the clock (DOMAIN.md §6.4) -------------------------------------------------------------


def clock_start(*, received_at: datetime, accepted_at: datetime, correction_requested_at: datetime | None,
                materials_complete_at: datetime | None, calendar: WorkCalendar) -> datetime:
    """The instant the case's periods count from (受理之日).

    A correction notice within five working days of receipt moves it to the day the materials
    were complete; no notice within five working days means accepted on receipt
    (行政许可法 第三十二条); otherwise it is the acceptance.
    """
    notice_due = due(received_at, CORRECTION_NOTICE_WORKDAYS, WORKDAY, calendar)
    if correction_requested_at is not None and correction_requested_at < notice_due and materials_complete_at:
        return materials_complete_at
    if accepted_at >= notice_due and (correction_requested_at is None or correction_requested_at >= notice_due):
        return received_at
    return accepted_at


def period_due(start: datetime, amount: int, unit: str, extension_days: int, calendar: WorkCalendar,
               suspensions) -> datetime | None:
    """The due of a period, then ``extension_days`` working days more (延期), suspensions excluded."""
    deadline = due(start, amount, unit, calendar, suspensions)
    if deadline is None or not extension_days:
        return deadline
    # The extension counts from the last day of the period: that day is not counted again.
    return due(deadline - timedelta(microseconds=1), extension_days, WORKDAY, calendar, suspensions)


GREEN, YELLOW, RED = "green", "yellow", "red"


def light(*, start: datetime | None, amount: int, unit: str, deadline: datetime | None, now: datetime,
          calendar: WorkCalendar, suspensions=(), yellow_share: float = 0.9) -> str:
    """Green, yellow (预警: ``yellow_share`` of the period used) or red (报警: past the due)."""
    if start is None:
        return GREEN
    if deadline is not None and now >= deadline:
        return RED
    if amount and elapsed_fraction(start, amount, unit, calendar, now, suspensions) >= yellow_share:
        return YELLOW
    return GREEN


# --- the event hash chain -----------------------------------------------------------------

GENESIS = "0" * 64
HASHED_FIELDS = ("case_id", "seq", "step_key", "action", "actor_id", "post_id", "at", "opinion", "data", "prev_hash")


def _canonical(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="microseconds")
    if isinstance(value, Decimal):
        return str(value)
    return value


def event_hash(fields: dict) -> str:
    """SHA-256 of an event's stored fields, including the previous event's hash."""
    content = {name: _canonical(fields[name]) for name in HASHED_FIELDS}
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def local(instant: datetime | None) -> str:
    """An instant in Asia/Shanghai to the second, as shown everywhere."""
    return instant.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S") if instant else ""
