"""Account tests reuse the case fixtures (land pre-review, officers, act, at, pdf) and add a
registered applicant with the power's materials listed."""

import pytest

from yangguang.cases.domain import credit_code_check, id_card_check
from yangguang.cases.tests.conftest import *
from yangguang.portal.accounts import services

PASSWORD = "Sunlight-2026-hall"
ID_CARD = "11010519491231002X"  # a valid GB 11643 number (check character X)
ID_CARD_BODY = "32010219900307123"
OTHER_ID_CARD = ID_CARD_BODY + id_card_check(ID_CARD_BODY)
CREDIT_BODY = "91320100MA1P0X7A3"
CREDIT_CODE = CREDIT_BODY + credit_code_check(CREDIT_BODY)


def person(**extra):
    values = {"kind": "person", "name": "张三", "id_type": "id_card", "id_number": ID_CARD, "phone": "13912345678",
              "address": "南京市玄武区北京东路41号", "password": PASSWORD}
    values.update(extra)
    return values


@pytest.fixture
def resident(db):
    """A registered resident, signing in with their mobile number."""
    return services.applicant_register(**person()).user


@pytest.fixture
def land_power_with_materials(land_power):
    version = land_power.published_version
    version.materials = [{"name": "建设项目用地预审申请表", "required": True, "copies": 1},
                         {"name": "项目建设依据", "required": False, "copies": 1}]
    version.handling_place = "南京市政务服务中心国土窗口"
    version.save(update_fields=["materials", "handling_place"])
    return land_power
