"""Hall tests reuse the case fixtures (land pre-review, officers, apply, act, at)."""

from yangguang.cases.tests.conftest import *  # noqa: F403
from yangguang.supervision.tests.conftest import supervisor  # noqa: F401
