"""Legal-supervision fixtures: the case and discretion fixtures (a penalty power of the land
bureau, its officers, the legal office), thresholds, and a helper that decides a penalty."""

import pytest

from yangguang.cases import services as case_services
from yangguang.cases.tests.conftest import *
from yangguang.cases.tests.conftest import PERSON, at
from yangguang.discretion.tests.conftest import *
from yangguang.discretion.tests.conftest import COMPANY

from .. import services


@pytest.fixture
def threshold(legal, land_bureau):
    """The land bureau's scope: fines above 1,000 (individuals) or 20,000 yuan (organisations),
    revocations, and 责令停产停业."""
    return services.threshold_set(actor=legal, department=land_bureau, fine_person="1000", fine_organisation="20000",
                                  revocation=True, other_kinds=["责令停产停业"], now=at("2025-09-01 09:00"))


@pytest.fixture
def decided(inspectors, officers):
    """decided(power, when, amount=None, kind="罚款", party=COMPANY): a penalty case decided at ``when``."""

    def make(power, when, amount=None, kind="罚款", party=COMPANY):
        inspector = inspectors["inspector"]
        case = case_services.case_apply(actor=inspector, power=power, applicant=dict(party), channel="counter",
                                        title="违法案", now=at("2025-09-01 09:00"))
        case = case_services.case_act(actor=inspector, case=case, action="accept", now=at("2025-09-01 10:00"))
        case = case_services.case_act(actor=inspector, case=case, action="complete", now=at("2025-09-10 10:00"),
                                      opinion="调查终结")
        case = case_services.case_act(actor=officers["review"], case=case, action="complete",
                                      now=at("2025-09-12 10:00"), opinion="法制审核通过")
        fields = {"decision": "granted", "document_no": f"宁国土罚〔2025〕{case.pk}号", "reason": "依法处罚",
                  "penalty_kind": kind}
        if amount is not None:
            fields["penalty_amount"] = amount
        return case_services.case_act(actor=officers["approve"], case=case, action="decide", now=at(when), **fields)

    return make


@pytest.fixture
def person():
    return dict(PERSON)
