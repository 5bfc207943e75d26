"""The applicant is told of every change of their case they should know of, in the case's
transaction, and by e-mail once it commits; the department's internal steps stay quiet."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from yangguang.cases import services as case_services
from yangguang.cases.models import Case, Decision, Event, Suspension
from yangguang.portal.accounts import services
from yangguang.supervision.models import Notification

from .conftest import PERSON, at, pdf

pytestmark = pytest.mark.django_db


def texts(user):
    return list(Notification.objects.filter(user=user, kind="case").order_by("id").values_list("text", flat=True))


@pytest.fixture
def applied(resident, land_power):
    return services.applicant_apply(user=resident, power=land_power, title="某某项目",
                                    materials=[("申请表", pdf())], now=at("2025-09-26 10:00"))


def test_a_whole_case_notifies_each_change_and_not_the_internal_steps(resident, applied, act):
    case = applied
    assert len(texts(resident)) == 1  # received
    case = act(case, "window", "request_correction", "2025-09-26 11:00", items=["土地权属证明"])
    case = case_services.case_act(actor=resident, case=case, action="supplement", now=at("2025-09-29 09:00"),
                                  materials=[("土地权属证明", pdf())])
    case = act(case, "window", "accept", "2025-09-29 10:00")
    assert len(texts(resident)) == 4
    case = act(case, "review", "complete", "2025-09-29 11:00")  # first review: internal
    case = act(case, "review", "complete", "2025-09-30 11:00")  # survey: internal
    case = act(case, "review", "complete", "2025-10-09 10:00", step="examine")
    case = act(case, "planning", "complete", "2025-10-09 11:00", step="planning")
    case = act(case, "approve", "request_extension", "2025-10-10 09:00", days=5, reason="需补充论证")  # not yet
    assert len(texts(resident)) == 4
    case = act(case, "head", "approve_extension", "2025-10-10 10:00")
    case = act(case, "approve", "suspend", "2025-10-10 11:00", kind="expert_review", reason="组织专家论证")
    case = act(case, "approve", "resume", "2025-10-13 11:00")
    case = act(case, "approve", "decide", "2025-10-13 12:00", decision="granted", document_no="宁国土预〔2025〕88号")
    case = act(case, "approve", "complete", "2025-10-13 12:05", branch="准予")  # internal
    case = act(case, "window", "complete", "2025-10-14 10:00")  # the last step: the case is completed
    case = act(case, "window", "deliver", "2025-10-15 10:00", method="electronic")
    told = texts(resident)
    assert len(told) == 10 and all(case.number in text for text in told)
    assert "土地权属证明" in told[1] and "需补充论证" in told[4] and "组织专家论证" in told[5]
    assert "宁国土预〔2025〕88号" in told[7]
    # one notification per notified event, in the event's order and at its time, telling of that
    # event; none for the others (the steps done, the extension's request)
    number = {"number": case.number}
    with translation.override(settings.LANGUAGE_CODE):  # the language the applicant is told in
        expected = [
            ("apply", _("Case %(number)s: your application was received and awaits acceptance.") % number),
            ("request_correction", _("Case %(number)s: materials to correct or supply (补正): %(items)s. Upload them "
                                     "on the case's page; the time limit waits for them.")
             % dict(number, items="土地权属证明")),
            ("supplement", _("Case %(number)s: the corrected materials were received; the case awaits acceptance "
                             "again.") % number),
            ("accept", _("Case %(number)s: accepted; to be completed by %(due)s.")
             % dict(number, due="2025-10-27 24:00:00")),
            ("approve_extension", _("Case %(number)s: the time limit was extended by %(days)s working days "
                                    "(%(reason)s); to be completed by %(due)s.")
             % dict(number, days=5, reason="需补充论证", due="2025-11-03 24:00:00")),
            ("suspend", _("Case %(number)s: a special procedure began (%(kind)s): %(reason)s. Its time is not "
                          "counted in the limit.")
             % dict(number, kind=Suspension.Kind.EXPERT_REVIEW.label, reason="组织专家论证")),
            ("resume", _("Case %(number)s: the special procedure ended; the time counts again, to be completed by "
                         "%(due)s.") % dict(number, due="2025-11-05 24:00:00")),
            ("decide", _("Case %(number)s: decided — %(decision)s (document %(document)s).")
             % dict(number, decision=Decision.GRANTED.label, document="宁国土预〔2025〕88号")),
            ("complete_case", _("Case %(number)s: completed.") % number),
            ("deliver", _("Case %(number)s: the decision was delivered.") % number),
        ]
    notified = [action for action, _text in expected]
    events = list(Event.objects.filter(case=case, action__in=notified).order_by("seq"))
    notes = list(Notification.objects.filter(user=resident, kind="case").order_by("id"))
    assert [event.action for event in events] == notified
    for event, note, (action, text) in zip(events, notes, expected, strict=True):
        assert (event.action, note.created_at, note.text) == (action, event.at, text)
    assert Event.objects.filter(case=case, action="complete").count() == 6
    assert Event.objects.filter(case=case).count() == len(notified) + 6 + 1  # and the extension's request


def test_refusal_and_withdrawal_are_told_with_their_reason(resident, land_power, act):
    first = services.applicant_apply(user=resident, power=land_power, materials=[("申请表", pdf())],
                                     now=at("2025-09-26 10:00"))
    act(first, "window", "refuse", "2025-09-26 11:00", reason="不属于本机关职权范围")
    second = services.applicant_apply(user=resident, power=land_power, materials=[("申请表", pdf())],
                                      now=at("2025-09-26 12:00"))
    case_services.case_act(actor=resident, case=second, action="withdraw", reason="项目取消",
                           now=at("2025-09-26 13:00"))
    told = texts(resident)
    assert len(told) == 4 and "不属于本机关职权范围" in told[1] and "项目取消" in told[3]


def test_a_special_procedure_step_of_the_flowchart_is_told_when_it_begins_and_ends(resident, joint_power, act):
    case = services.applicant_apply(user=resident, power=joint_power, materials=[("申请表", pdf())],
                                    now=at("2025-09-26 10:00"))
    case = act(case, "window", "accept", "2025-09-26 11:00")
    case = act(case, "review", "complete", "2025-09-29 10:00", step="land")  # arrives at 专家评审: clock stops
    assert len(texts(resident)) == 3 and "专家评审" in texts(resident)[-1]
    case = act(case, "review", "complete", "2025-10-10 10:00", step="expert")  # the procedure ends
    assert len(texts(resident)) == 4


def test_a_counter_case_has_no_account_to_tell(officers, land_power):
    case_services.case_apply(actor=officers["window"], power=land_power, applicant=dict(PERSON),
                             materials=[("申请表", pdf())], channel="counter")
    assert not Notification.objects.exists()


def test_an_email_follows_once_the_case_commits(resident, applied, act, mailoutbox, django_capture_on_commit_callbacks):
    resident.email = "zhangsan@example.cn"
    resident.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        act(applied, "window", "accept", "2025-09-26 11:00")
    assert len(mailoutbox) == 0  # nothing is sent before the commit
    for callback in callbacks:
        callback()
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["zhangsan@example.cn"] and applied.number in mail.subject and applied.number in mail.body


def test_no_email_without_an_address(resident, applied, act, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        act(applied, "window", "accept", "2025-09-26 11:00")
    assert len(mailoutbox) == 0 and len(texts(resident)) == 2


def test_two_queries_for_a_notified_event_none_for_an_internal_one(applied, django_assert_num_queries):
    case = Case.objects.get(pk=applied.pk)  # the account not at hand, as in ``case_act``
    apply_event = Event.objects.get(case=case, action="apply")
    with django_assert_num_queries(2):  # the notification, the account's e-mail address
        services.on_case_saved(case, [], [apply_event], [])
    apply_event.action = "complete"
    with django_assert_num_queries(0):
        services.on_case_saved(case, [], [apply_event], [])


def test_the_applicant_opens_their_notifications(client, resident, applied):
    client.force_login(resident)
    page = client.get(reverse("supervision:notifications"))
    assert page.status_code == 200 and applied.number in page.content.decode()
