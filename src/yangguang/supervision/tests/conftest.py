"""Supervision tests reuse the case fixtures (land pre-review, officers, apply, act, at)."""

import pytest

from yangguang.cases.tests.conftest import *
from yangguang.org.models import Role

from .. import services


@pytest.fixture(autouse=True)
def fresh_rules():
    services.rules_forget()
    services._share_instant.cache_clear()
    yield
    services.rules_forget()


@pytest.fixture
def supervisor(make_user, city):
    return make_user("supervisor", Role.SUPERVISOR, region=city)
