"""The benchmarks panel on a penalty power's public guide page (办事指南), registered with
``catalog.hooks.register_panel`` in ``DiscretionConfig.ready()``."""

from django.utils import timezone

from . import selectors
from .presentation import content_view


class BenchmarkPanel:
    template = "discretion/guide_panel.html"

    def context(self, *, power=None, version=None, **objects) -> dict | None:
        if power is None or power.category != "CF":
            return None
        benchmark = selectors.in_force(power.pk, timezone.now())
        if benchmark is None:
            return None
        return {"benchmark": benchmark, "content": content_view(selectors.compiled(benchmark))}
