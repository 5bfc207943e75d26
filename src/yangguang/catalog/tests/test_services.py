import pytest

from yangguang.catalog import services
from yangguang.catalog.errors import (
    InvalidPower, NotCatalogClerk, NotLegalOffice, PowerRevoked, TransitionRefused, VersionInProgress,
)
from yangguang.catalog.models import Power, PowerVersion, ReviewRecord, VersionState


@pytest.fixture
def draft(clerk, land_bureau, licence_content, simple_flow):
    return services.power_create(actor=clerk, department=land_bureau, category="XK", content=licence_content, flow=simple_flow)


@pytest.fixture
def published(draft, clerk, legal):
    services.version_submit(actor=clerk, version=draft)
    services.version_approve(actor=legal, version=draft)
    return services.version_publish(actor=legal, version=draft)


def test_create_generates_the_unified_code(draft, land_bureau, clerk, licence_content, simple_flow):
    assert draft.power.code == "320100-012-XK-0001"
    assert draft.state == VersionState.DRAFT and draft.number == 1
    second = services.power_create(actor=clerk, department=land_bureau, category="XK", content=licence_content, flow=simple_flow)
    assert second.power.code == "320100-012-XK-0002"
    assert draft.flow.steps.count() == 5


def test_full_lifecycle_draft_to_published(published, legal):
    published.refresh_from_db()
    power = Power.objects.get(pk=published.power_id)
    assert published.state == VersionState.PUBLISHED
    assert power.published_version_id == published.pk
    assert Power.objects.published().filter(pk=power.pk).exists()
    actions = list(ReviewRecord.objects.filter(version=published).values_list("action", flat=True))
    assert actions == ["created", "submitted", "approved", "published"]


def test_withdraw_and_discard(draft, clerk):
    services.version_submit(actor=clerk, version=draft)
    assert services.version_withdraw(actor=clerk, version=draft).state == VersionState.DRAFT
    assert services.version_discard(actor=clerk, version=draft).state == VersionState.DISCARDED


def test_return_needs_an_opinion_and_goes_back_to_the_clerk(draft, clerk, legal, licence_content):
    services.version_submit(actor=clerk, version=draft)
    with pytest.raises(InvalidPower) as refused:
        services.version_return(actor=legal, version=draft, opinion="  ")
    assert refused.value.field == "opinion"
    returned = services.version_return(actor=legal, version=draft, opinion="法律依据条款不准确")
    assert returned.state == VersionState.RETURNED and returned.review_opinion == "法律依据条款不准确"
    edited = services.version_update(actor=clerk, version=returned, content=dict(licence_content, committed_limit=12))
    assert edited.committed_limit == 12
    assert services.version_submit(actor=clerk, version=edited).state == VersionState.SUBMITTED


@pytest.mark.parametrize("action", ["approve", "publish", "return"])
def test_clerk_cannot_review(draft, clerk, action):
    services.version_submit(actor=clerk, version=draft)
    call = getattr(services, f"version_{action}")
    kwargs = {"opinion": "x"} if action == "return" else {}
    with pytest.raises(NotLegalOffice):
        call(actor=clerk, version=draft, **kwargs)


def test_legal_office_of_another_city_cannot_review(draft, clerk, make_user, other_city):
    services.version_submit(actor=clerk, version=draft)
    stranger = make_user("wuxi-legal", "legal_office", region=other_city)
    with pytest.raises(NotLegalOffice):
        services.version_approve(actor=stranger, version=draft)


def test_clerk_of_another_department_cannot_draft_or_submit(draft, outsider_clerk, land_bureau, licence_content):
    with pytest.raises(NotCatalogClerk):
        services.power_create(actor=outsider_clerk, department=land_bureau, category="XK", content=licence_content)
    with pytest.raises(NotCatalogClerk):
        services.version_submit(actor=outsider_clerk, version=draft)


def test_committed_over_statutory_is_refused_and_nothing_is_written(clerk, land_bureau, licence_content):
    with pytest.raises(InvalidPower) as refused:
        services.power_create(actor=clerk, department=land_bureau, category="XK", content=dict(licence_content, committed_limit=25))
    assert refused.value.field == "committed_limit" and refused.value.rule == "committed-within-statutory"
    assert not Power.objects.exists()


def test_committed_over_statutory_is_refused_on_update(draft, clerk, licence_content):
    with pytest.raises(InvalidPower):
        services.version_update(actor=clerk, version=draft, content=dict(licence_content, statutory_limit=10))
    draft.refresh_from_db()
    assert draft.statutory_limit == 20


def test_invalid_flow_is_refused_at_creation(clerk, land_bureau, licence_content, simple_flow):
    broken = dict(simple_flow, transitions=simple_flow["transitions"][:-1])  # the decision never reaches the end
    with pytest.raises(InvalidPower) as refused:
        services.power_create(actor=clerk, department=land_bureau, category="XK", content=licence_content, flow=broken)
    assert refused.value.field.startswith("flow")
    assert not Power.objects.exists()


def test_submit_without_flowchart_is_refused(clerk, land_bureau, licence_content):
    version = services.power_create(actor=clerk, department=land_bureau, category="XK", content=licence_content)
    with pytest.raises(InvalidPower) as refused:
        services.version_submit(actor=clerk, version=version)
    assert refused.value.field.startswith("flow")
    version.refresh_from_db()
    assert version.state == VersionState.DRAFT


def test_wrong_state_transitions_are_refused(draft, clerk, legal, licence_content):
    with pytest.raises(TransitionRefused):
        services.version_approve(actor=legal, version=draft)  # not submitted yet
    with pytest.raises(TransitionRefused):
        services.version_publish(actor=legal, version=draft)  # not approved yet
    services.version_submit(actor=clerk, version=draft)
    with pytest.raises(TransitionRefused):
        services.version_update(actor=clerk, version=draft, content=licence_content)


def test_revision_keeps_the_published_version_in_force_until_published(published, clerk, legal, licence_content):
    revision = services.power_revise(actor=clerk, power=published.power, reason="承诺时限压缩")
    assert revision.number == 2 and revision.flow.steps.count() == published.flow.steps.count()
    services.version_update(actor=clerk, version=revision, content=dict(licence_content, committed_limit=10))
    with pytest.raises(VersionInProgress):
        services.power_revise(actor=clerk, power=published.power, reason="again")
    services.version_submit(actor=clerk, version=revision)
    power = Power.objects.get(pk=published.power_id)
    assert power.published_version_id == published.pk  # still the old one
    services.version_approve(actor=legal, version=revision)
    services.version_publish(actor=legal, version=revision)
    power.refresh_from_db()
    published.refresh_from_db()
    assert power.published_version.committed_limit == 10
    assert published.state == VersionState.SUPERSEDED and published.valid_until is not None
    assert PowerVersion.objects.filter(power=power).count() == 2


def test_revocation_needs_a_reason_and_review(published, clerk, legal):
    with pytest.raises(InvalidPower):
        services.power_revoke_request(actor=clerk, power=published.power, reason="")
    request = services.power_revoke_request(actor=clerk, power=published.power, reason="法律依据已废止")
    assert request.state == VersionState.SUBMITTED
    assert Power.objects.published().filter(pk=published.power_id).exists()  # in force until published
    services.version_approve(actor=legal, version=request)
    services.version_publish(actor=legal, version=request)
    power = Power.objects.get(pk=published.power_id)
    assert power.revoked_at is not None and power.revocation_reason == "法律依据已废止"
    assert not Power.objects.published().filter(pk=power.pk).exists()
    with pytest.raises(PowerRevoked):
        services.power_revise(actor=clerk, power=power, reason="复活")


def test_a_draft_cannot_be_revised(draft, clerk):
    with pytest.raises(TransitionRefused):
        services.power_revise(actor=clerk, power=draft.power, reason="x")
