"""Browser journeys through the public hall: the browser fixtures and the data the journeys need.

The data is built through the services, as a department and the legal office would: the land
bureau's clerk drafts the power with its flowchart, the legal office confirms it and publishes it.
"""

import copy
import re

import pytest
from django.utils import translation

from yangguang.catalog import services as catalog_services
from yangguang.flows.tests.conftest import LAND_PRE_REVIEW
from yangguang.supervision.tests.conftest import *
from yangguang.testing.browser import (  # noqa: F401
    browser,
    hall,
    hall_clock,
    pytest_runtest_makereport,
    pytest_terminal_summary,
    screenshots_root,
    visitors,
)


@pytest.fixture(autouse=True)
def _at_hall_time(request):
    """Every fixture of a journey runs at the hall's fixed time too (autouse fixtures come first)."""
    request.getfixturevalue("hall_clock")


CJK = re.compile(r"[\u4e00-\u9fff]")


def chinese(message: str) -> str:
    """What the page shows for ``message`` in Simplified Chinese, the hall's default language."""
    with translation.override("zh-hans"):
        return translation.gettext(message)


def _publish(clerk, legal, department, content: dict, flow: dict):
    version = catalog_services.power_create(actor=clerk, department=department, category="XK",
                                            content=content, flow=flow)
    version = catalog_services.version_submit(actor=clerk, version=version)
    version = catalog_services.version_approve(actor=legal, version=version, opinion="经审核，予以确认。")
    version = catalog_services.version_publish(actor=legal, version=version)
    version.power.refresh_from_db()
    return version.power


@pytest.fixture
def guide_power(clerk, legal, land_bureau, posts, licence_content):
    """建设项目用地预审 of the land bureau, in force with its twelve-step flowchart."""
    return _publish(clerk, legal, land_bureau, licence_content, copy.deepcopy(LAND_PRE_REVIEW))


@pytest.fixture
def other_power(clerk, legal, land_bureau, posts, licence_content, simple_flow):
    """A second power of the same bureau whose name shares 用地 but not 用地预审."""
    content = dict(licence_content, name="临时用地审批", materials=[{"name": "临时用地申请书", "required": True, "copies": 1}])
    return _publish(clerk, legal, land_bureau, content, simple_flow)
