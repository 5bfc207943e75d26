"""Fixtures of the lifecycle, order and alert-API tests: people with e-mail addresses and a
step alert (T02 on the first review, raised by the sweep at Tue 2025-09-30 00:00)."""

import pytest

from yangguang.cases.tests.conftest import at
from yangguang.org.models import Role

from .. import services
from ..models import Alert

__all__ = ["people", "step_alert"]


@pytest.fixture
def people(officers, supervisor, make_user, other_city):
    for user in (officers["review"], officers["head"], supervisor):
        user.email = f"{user.username}@example.gov.cn"
        user.save(update_fields=["email"])
    return {**officers, "supervisor": supervisor,
            "far_supervisor": make_user("far-supervisor", Role.SUPERVISOR, region=other_city)}


@pytest.fixture
def step_alert(land_power, apply, act, people):
    case = apply(land_power, "2025-09-26 10:00")
    act(case, "window", "accept", "2025-09-26 11:00")
    services.sweep(now=at("2025-09-30 00:00"))
    return Alert.objects.get(case=case, rule__code="T02")
