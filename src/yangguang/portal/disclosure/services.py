"""Writers of the disclosure area: the applicant's satisfaction rating (好差评) of a closed case,
and the rectification (整改) a bad rating opens: the department head replies, a supervisor over
the department's region closes it. One transaction each; notifications in the same one."""

from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yangguang.cases.models import Case
from yangguang.core.errors import InvalidInput
from yangguang.supervision.errors import NotResponsible, WrongStatus
from yangguang.supervision.models import Notification
from yangguang.supervision.rules import heads, supervises
from yangguang.supervision.services import heads_of, notify, supervisors_over
from yangguang.worktime.domain import SHANGHAI, WORKDAY, due, format_due
from yangguang.worktime.selectors import calendar_load

from ..models import Grade, Rating, Rectification, RectificationStatus
from .errors import AlreadyRated, CaseNotClosed, NotApplicant

BAD_GRADE = 2  # 1 and 2 (不满意, 非常不满意) are bad ratings (差评)
REPLY_WORKDAYS = 5  # the department replies to a bad rating within five working days
COMMENT_MAX = 1000
TEXT_MAX = 5000


def _subject() -> str:
    return _("Satisfaction rating (好差评)")


def reply_due(start: datetime) -> datetime:
    """When the department's reply to a bad rating is due: ``YANGGUANG_RECTIFICATION_WORKDAYS``
    (default 5) working days after ``start``, counted on the working-day calendar."""
    days = int(getattr(settings, "YANGGUANG_RECTIFICATION_WORKDAYS", REPLY_WORKDAYS))
    return due(start, days, WORKDAY, calendar_load())


def _grade(value) -> int:
    try:
        grade = int(str(value).strip())
    except (TypeError, ValueError):
        grade = 0
    if grade not in Grade.values:
        raise InvalidInput.one("grade", "choice", _("Choose a grade from 1 (very dissatisfied) to 5 (very satisfied)."))
    return grade


def _text(value, field: str, max_length: int, *, required: bool, detail) -> str:
    text = (value if isinstance(value, str) else "").strip()
    if required and not text:
        raise InvalidInput.one(field, "required", detail)
    if len(text) > max_length:
        raise InvalidInput.one(field, "max-length", _("At most %(n)s characters.") % {"n": max_length})
    return text


def rating_give(*, actor, case: Case, grade, comment: str = "", now: datetime | None = None) -> Rating:
    """The applicant rates a closed case, once. A bad rating (grade ≤ 2, its reason required)
    opens a rectification for the case's department, its reply due in five working days, and
    tells the department's head and the supervisors over its region."""
    grade = _grade(grade)
    comment = _text(comment, "comment", COMMENT_MAX, required=grade <= BAD_GRADE,
                    detail=_("Say what went wrong: a bad rating needs its reason."))
    now = (now or timezone.now()).astimezone(SHANGHAI)
    try:
        with transaction.atomic(durable=True):
            case = Case.objects.select_for_update(of=("self",)).select_related(
                "department__region", "version").get(pk=case.pk)
            if not getattr(actor, "is_authenticated", False) or case.applicant_user_id != actor.pk:
                raise NotApplicant(_("Only the applicant of case %(number)s may rate it.") % {"number": case.number},
                                   field="case", rule="applicant")
            if case.is_open:
                raise CaseNotClosed(_("Case %(number)s is %(state)s; it can be rated once it is closed.")
                                    % {"number": case.number, "state": case.get_state_display()},
                                    field="case", rule="closed")
            if Rating.objects.filter(case=case).exists():
                raise AlreadyRated(_("Case %(number)s has already been rated.") % {"number": case.number},
                                   field="case", rule="once")
            rating = Rating.objects.create(case=case, user=actor, grade=grade, comment=comment, rated_at=now)
            if grade <= BAD_GRADE:
                rating.rectification = _rectification_open(rating, case, now)
    except IntegrityError as exc:  # a second rating raced the first one
        raise AlreadyRated(_("Case %(number)s has already been rated.") % {"number": case.number},
                           field="case", rule="once") from exc
    return rating


def _rectification_open(rating: Rating, case: Case, now: datetime) -> Rectification:
    department = case.department
    rectification = Rectification.objects.create(rating=rating, department=department, opened_at=now,
                                                 due_at=reply_due(now))
    users = set(heads_of([department.pk]).get(department.pk, ())) | supervisors_over(
        [department.region])[department.region_id]
    text = _("Bad rating (%(grade)s) of case %(number)s, %(power)s: rectification #%(id)s for %(department)s, "
             "the department's reply is due by %(due)s. Reason given: %(comment)s") % {
        "grade": Grade(rating.grade).label, "number": case.number, "power": case.version.name,
        "id": rectification.pk, "department": department.name, "due": format_due(rectification.due_at),
        "comment": rating.comment}
    link = reverse("portal:rectification", args=[rectification.pk])
    notify([Notification(user_id=user_id, kind="rectification", text=text, link=link, created_at=now)
            for user_id in sorted(users)], _subject())
    return rectification


def _locked(rectification: Rectification) -> Rectification:
    return Rectification.objects.select_for_update(of=("self",)).select_related(
        "department__region", "rating__case").get(pk=rectification.pk)


def rectification_reply(*, actor, rectification: Rectification, text: str,
                        now: datetime | None = None) -> Rectification:
    """The head of the department says what it did about the bad rating (整改反馈); the
    supervisors over its region are told."""
    text = _text(text, "text", TEXT_MAX, required=True, detail=_("Say what the department did."))
    now = (now or timezone.now()).astimezone(SHANGHAI)
    with transaction.atomic(durable=True):
        rectification = _locked(rectification)
        if not heads(actor, rectification.department):
            raise NotResponsible(_("Only the head of the department replies to a rectification."),
                                 field="action", rule="department-head")
        if rectification.status != RectificationStatus.OPEN:
            raise WrongStatus(_("The rectification is %(status)s and takes no reply.")
                              % {"status": rectification.get_status_display()}, field="action", rule="status")
        rectification.status, rectification.reply = RectificationStatus.REPLIED, text
        rectification.replied_at, rectification.replied_by = now, actor
        rectification.save(update_fields=["status", "reply", "replied_at", "replied_by"])
        department = rectification.department
        users = supervisors_over([department.region])[department.region_id] - {actor.pk}
        message = _("%(department)s replied to rectification #%(id)s (case %(number)s): %(text)s") % {
            "department": department.name, "id": rectification.pk, "number": rectification.rating.case.number,
            "text": text}
        link = reverse("portal:rectification", args=[rectification.pk])
        notify([Notification(user_id=user_id, kind="rectification", text=message, link=link, created_at=now)
                for user_id in sorted(users)], _subject())
    return rectification


def rectification_close(*, actor, rectification: Rectification, text: str,
                        now: datetime | None = None) -> Rectification:
    """A supervisor over the department's region closes a replied rectification with a
    conclusion; the department's head and the applicant who rated are told."""
    text = _text(text, "text", TEXT_MAX, required=True, detail=_("A conclusion needs its text."))
    now = (now or timezone.now()).astimezone(SHANGHAI)
    with transaction.atomic(durable=True):
        rectification = _locked(rectification)
        if not supervises(actor, rectification.department):
            raise NotResponsible(_("Only a supervisor over the department's region closes a rectification."),
                                 field="action", rule="supervisor-side")
        if rectification.status != RectificationStatus.REPLIED:
            raise WrongStatus(_("Only a rectification the department has replied to can be closed; this one is "
                                "%(status)s.") % {"status": rectification.get_status_display()},
                              field="action", rule="status")
        rectification.status, rectification.conclusion = RectificationStatus.CLOSED, text
        rectification.closed_at, rectification.closed_by = now, actor
        rectification.save(update_fields=["status", "conclusion", "closed_at", "closed_by"])
        department, case = rectification.department, rectification.rating.case
        users = set(heads_of([department.pk]).get(department.pk, ())) - {actor.pk}
        message = _("Rectification #%(id)s (case %(number)s) was closed: %(text)s") % {
            "id": rectification.pk, "number": case.number, "text": text}
        link = reverse("portal:rectification", args=[rectification.pk])
        rows = [Notification(user_id=user_id, kind="rectification", text=message, link=link, created_at=now)
                for user_id in sorted(users)]
        rows.append(Notification(
            user_id=rectification.rating.user_id, kind="rectification", created_at=now,
            link=reverse("portal:my_case", args=[case.number]),
            text=_("Your rating of case %(number)s was followed up. The department: %(reply)s The supervisor: "
                   "%(text)s") % {"number": case.number, "reply": rectification.reply, "text": text}))
        notify(rows, _subject())
    return rectification
