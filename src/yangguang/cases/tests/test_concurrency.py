"""Two officers acting on the same step at the same moment: one wins, the other is refused."""

import threading

import pytest
from django.db import connection

from yangguang.cases import services
from yangguang.cases.errors import StaleCase, StepNotActive
from yangguang.cases.models import Event, Token, TokenState

from .conftest import at


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the seeded calendar for the tests after
def test_concurrent_completions_of_one_step(land_power, apply, act, officers):
    case = apply(land_power, "2025-11-03 10:00")
    case = act(case, "window", "accept", "2025-11-03 11:00")
    barrier = threading.Barrier(2)
    outcomes = []

    def complete(who):
        try:
            barrier.wait()
            services.case_act(actor=officers[who], case=case, action="complete", step="first-review",
                              now=at("2025-11-04 09:00"), opinion=who)
            outcomes.append("done")
        except (StepNotActive, StaleCase) as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=complete, args=(who,)) for who in ("review", "review2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["done", "step-not-active"]
    assert Event.objects.filter(case=case, action="complete").count() == 1
    assert list(Token.objects.filter(case=case, state=TokenState.ACTIVE).values_list("step__key", flat=True)) == ["survey"]
    assert Token.objects.filter(case=case, step__key="first-review", state=TokenState.DONE).count() == 1
