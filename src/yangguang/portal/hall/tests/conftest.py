"""Hall tests reuse the case fixtures (land pre-review, officers, apply, act, at)."""

from yangguang.cases.tests.conftest import *
from yangguang.supervision.tests.conftest import supervisor  # noqa: F401
