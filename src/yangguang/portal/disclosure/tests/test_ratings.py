"""Satisfaction ratings (好差评): only the applicant, only once, only a closed case; a bad rating
opens a rectification for the department with a reply due in five working days, which the head
answers and a supervisor of the region closes, each side told in turn."""

import pytest
import time_machine

from yangguang.cases.tests.conftest import at
from yangguang.core.errors import InvalidInput
from yangguang.org.models import Role
from yangguang.supervision.errors import NotResponsible, WrongStatus
from yangguang.supervision.models import Notification

from ...models import Rating, Rectification
from .. import services
from ..errors import AlreadyRated, CaseNotClosed, NotApplicant

NOW = "2025-11-20 10:00"  # a Thursday
RECTIFICATION_NOTES = Notification.objects.filter(kind="rectification")  # (the case hooks tell the applicant too)


@pytest.fixture
def closed(land_power, case_for):
    """The applicant's cases: one completed, one not accepted, one withdrawn, one still open."""
    return {
        "completed": case_for(land_power, "2025-11-03 09:00", state="completed", decision="granted",
                              document_no="宁国土预〔2025〕1号", decided_at="2025-11-10 09:00",
                              completed_at="2025-11-10 10:00"),
        "refused": case_for(land_power, "2025-11-04 09:00", state="refused", completed_at="2025-11-05 09:00",
                            closing_reason="不属于本机关职权范围"),
        "withdrawn": case_for(land_power, "2025-11-05 09:00", state="withdrawn", completed_at="2025-11-06 09:00",
                              closing_reason="申请人撤回"),
        "open": case_for(land_power, "2025-11-06 09:00", state="in_progress"),
    }


@pytest.fixture
def people(officers, supervisor, make_user, planning_bureau, other_city):
    return {**officers, "supervisor": supervisor,
            "planning_head": make_user("planning-head", Role.DEPARTMENT_HEAD, department=planning_bureau),
            "far_supervisor": make_user("far-supervisor", Role.SUPERVISOR, region=other_city)}


def give(case, people, who="applicant", grade=5, comment="", when=NOW):
    return services.rating_give(actor=people[who], case=case, grade=grade, comment=comment, now=at(when))


@pytest.mark.parametrize("state", ["completed", "refused", "withdrawn"])
def test_the_applicant_rates_a_closed_case(closed, people, state):
    rating = give(closed[state], people, grade=4, comment="  办事快  ")
    assert (rating.grade, rating.comment, rating.user, rating.rated_at) == (4, "办事快", people["applicant"], at(NOW))
    assert not Rectification.objects.exists() and not RECTIFICATION_NOTES.exists()


def test_an_open_case_cannot_be_rated(closed, people):
    with pytest.raises(CaseNotClosed) as error:
        give(closed["open"], people)
    assert error.value.field == "case" and error.value.rule == "closed"
    assert not Rating.objects.exists()


@pytest.mark.parametrize("who", ["stranger", "window", "head", "supervisor"])
def test_only_the_applicant_rates(closed, people, who):
    with pytest.raises(NotApplicant):
        give(closed["completed"], people, who=who)
    assert not Rating.objects.exists()


def test_a_case_is_rated_once(closed, people):
    give(closed["completed"], people, grade=5)
    with pytest.raises(AlreadyRated):
        give(closed["completed"], people, grade=1, comment="又想改成差评")
    assert Rating.objects.get().grade == 5 and not Rectification.objects.exists()


@pytest.mark.parametrize(("grade", "comment", "field"), [
    (0, "", "grade"), (6, "", "grade"), ("x", "", "grade"), (None, "", "grade"),
    (2, "", "comment"),  # a bad rating needs its reason
    (1, "   ", "comment"),
    (5, "很" * 1001, "comment"),
])
def test_a_rating_names_its_bad_field(closed, people, grade, comment, field):
    with pytest.raises(InvalidInput) as error:
        give(closed["completed"], people, grade=grade, comment=comment)
    assert error.value.field == field
    assert not Rating.objects.exists()


@pytest.mark.parametrize(("rated", "due"), [
    ("2025-11-20 10:00", "2025-11-28 00:00"),  # Thu → Fri, Mon, Tue, Wed, Thu 27: 24:00 of the 27th
    ("2025-11-21 16:30", "2025-11-29 00:00"),  # Fri → Mon 24 … Fri 28
    ("2025-11-22 11:00", "2025-11-29 00:00"),  # Sat → the same five days as on Friday
    ("2025-09-30 15:00", "2025-10-15 00:00"),  # National Day 10-01…08; Thu 9, Fri 10, Sat 11 (make-up), Mon 13, Tue 14
])
def test_a_bad_rating_opens_a_rectification_due_in_five_working_days(closed, people, rated, due):
    rating = give(closed["completed"], people, grade=2, comment="窗口人员态度差", when=rated)
    rectification = Rectification.objects.get()
    assert rating.rectification == rectification and rectification.rating == rating
    assert rectification.department == closed["completed"].department and rectification.status == "open"
    assert rectification.opened_at == at(rated) and rectification.due_at == at(due)


def test_a_bad_rating_tells_the_head_and_the_supervisors_of_the_region(closed, people):
    give(closed["refused"], people, grade=1, comment="无理由不予受理")
    told = {note.user.username for note in RECTIFICATION_NOTES.select_related("user")}
    assert told == {"head", "supervisor"}
    note = Notification.objects.filter(user=people["head"]).get()
    assert note.kind == "rectification" and closed["refused"].number in note.text and "无理由不予受理" in note.text


def test_the_head_replies_and_a_supervisor_closes(closed, people):
    give(closed["completed"], people, grade=1, comment="多次往返")
    rectification = Rectification.objects.get()
    Notification.objects.all().delete()
    for who in ("window", "planning_head", "supervisor"):
        with pytest.raises(NotResponsible):
            services.rectification_reply(actor=people[who], rectification=rectification, text="已整改",
                                         now=at("2025-11-21 09:00"))
    with pytest.raises(WrongStatus):  # closed only once the department replied
        services.rectification_close(actor=people["supervisor"], rectification=rectification, text="结案",
                                     now=at("2025-11-21 09:00"))
    with pytest.raises(InvalidInput) as error:
        services.rectification_reply(actor=people["head"], rectification=rectification, text=" ")
    assert error.value.field == "text"
    replied = services.rectification_reply(actor=people["head"], rectification=rectification,
                                           text="已约谈窗口人员并推行一次性告知。", now=at("2025-11-24 09:00"))
    assert (replied.status, replied.replied_by, replied.replied_at) == ("replied", people["head"],
                                                                        at("2025-11-24 09:00"))
    assert [note.user for note in RECTIFICATION_NOTES.all()] == [people["supervisor"]]
    with pytest.raises(WrongStatus):
        services.rectification_reply(actor=people["head"], rectification=rectification, text="再次回复")
    for who in ("head", "far_supervisor", "applicant"):
        with pytest.raises(NotResponsible):
            services.rectification_close(actor=people[who], rectification=rectification, text="结案")
    Notification.objects.all().delete()
    done = services.rectification_close(actor=people["supervisor"], rectification=rectification,
                                        text="整改到位，予以结案。", now=at("2025-11-25 09:00"))
    assert (done.status, done.closed_by, done.conclusion) == ("closed", people["supervisor"], "整改到位，予以结案。")
    told = {note.user.username: note.text for note in RECTIFICATION_NOTES.select_related("user")}
    assert set(told) == {"head", "applicant"} and "已约谈窗口人员" in told["applicant"]
    with pytest.raises(WrongStatus):
        services.rectification_close(actor=people["supervisor"], rectification=rectification, text="again")


# --- pages -----------------------------------------------------------------------------------------


@pytest.fixture
def clock():
    with time_machine.travel(at(NOW), tick=False):
        yield


def test_the_applicant_rates_from_the_case_page(client, closed, people, clock):
    client.force_login(people["applicant"])
    number = closed["completed"].number
    response = client.post(f"/my/cases/{number}/rate/", {"grade": "2", "comment": "材料要求反复变化"})
    assert response.status_code == 302 and response["Location"] == f"/my/cases/{number}/"
    assert Rating.objects.get().grade == 2 and Rectification.objects.get().due_at == at("2025-11-28 00:00")
    again = client.post(f"/my/cases/{number}/rate/", {"grade": "5"}, follow=False)
    assert again.status_code == 302 and Rating.objects.count() == 1
    messages = [str(message) for message in again.wsgi_request._messages]
    assert any(number in message for message in messages)  # "already rated", on the case page


def test_a_refused_rating_goes_back_with_the_reason(client, closed, people, clock):
    client.force_login(people["applicant"])
    number = closed["open"].number
    response = client.post(f"/my/cases/{number}/rate/", {"grade": "5"})
    assert response.status_code == 302 and response["Location"] == f"/my/cases/{number}/"
    assert not Rating.objects.exists()


def test_the_rating_endpoint_refuses_others(client, closed, people, clock):
    url = f"/my/cases/{closed['completed'].number}/rate/"
    assert client.post(url, {"grade": "5"}).status_code == 302  # to the login page
    client.force_login(people["stranger"])
    assert client.post(url, {"grade": "5"}).status_code == 404  # not theirs: not even its existence
    client.force_login(people["window"])
    assert client.post(url, {"grade": "5"}).status_code == 403  # an officer sees it but does not rate it
    client.force_login(people["applicant"])
    assert client.get(url).status_code == 405
    assert not Rating.objects.exists()


def test_the_rectification_pages(client, closed, people, clock):
    give(closed["completed"], people, grade=1, comment="多次往返")
    rectification = Rectification.objects.get()
    url = f"/rectifications/{rectification.pk}/"
    for who, status in (("applicant", 403), ("window", 403)):
        client.force_login(people[who])
        assert client.get("/rectifications/").status_code == status
        assert client.get(url).status_code == status
    client.force_login(people["planning_head"])
    assert url not in client.get("/rectifications/").content.decode()
    assert client.get(url).status_code == 404
    client.force_login(people["far_supervisor"])
    assert client.get(url).status_code == 404
    client.force_login(people["head"])
    body = client.get("/rectifications/").content.decode()
    assert f'href="{url}"' in body
    page = client.get(url).content.decode()
    assert 'value="reply"' in page and 'value="close"' not in page and "多次往返" in page
    assert client.post(url, {"action": "reply", "text": "已整改"}).status_code == 302
    client.force_login(people["supervisor"])
    page = client.get(url).content.decode()
    assert 'value="close"' in page and 'value="reply"' not in page and "已整改" in page
    response = client.post(url, {"action": "close", "text": ""})
    assert response.status_code == 200 and Rectification.objects.get().status == "replied"
    assert client.post(url, {"action": "close", "text": "结案"}).status_code == 302
    assert Rectification.objects.get().status == "closed"
    assert client.get("/rectifications/?status=closed").content.decode().count(f'href="{url}"') >= 1


def test_the_rating_state_and_form_for_the_case_page(closed, people):
    from django.template.loader import render_to_string

    from .. import selectors

    def shown(who, key):
        state = selectors.rating_state(people[who], closed[key])
        return state, render_to_string("portal/disclosure/includes/rate_form.html",
                                       {"case": closed[key], "state": state})

    state, html = shown("applicant", "completed")
    assert state.can_rate and state.rating is None
    assert f'action="/my/cases/{closed["completed"].number}/rate/"' in html and 'name="grade"' in html
    assert not shown("applicant", "open")[0].can_rate and not shown("stranger", "completed")[0].can_rate
    assert shown("applicant", "open")[1].strip() == ""
    give(closed["completed"], people, grade=4, comment="满意")
    state, html = shown("applicant", "completed")
    assert not state.can_rate and state.rating.grade == 4 and "满意" in html and 'name="grade"' not in html
