"""A flowchart belongs to one power version and is reviewed and published with it."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yangguang.catalog.models import LimitUnit, PowerVersion
from yangguang.org.models import Department, Post


class Flow(models.Model):
    """The flowchart (流程图) of one power version; copied when the power is revised."""

    power_version = models.OneToOneField(PowerVersion, on_delete=models.PROTECT, related_name="flow")
    svg = models.TextField(_("rendered SVG"), blank=True, help_text=_("Cache, rendered by Graphviz on first view."))

    class Meta:
        verbose_name = _("flowchart")
        verbose_name_plural = _("flowcharts")

    def __str__(self):
        return f"{self.power_version}"


class StepKind(models.TextChoices):
    START = "start", _("Start")
    TASK = "task", _("Task")
    EXCLUSIVE = "exclusive", _("Exclusive branch")
    PARALLEL_SPLIT = "split", _("Parallel split")
    PARALLEL_JOIN = "join", _("Parallel join")
    EXCLUDED_TIME = "excluded", _("Special procedure (time not counted)")
    END = "end", _("End")


class Step(models.Model):
    """A step (环节) of a flow, bound to a post of a department, with its own time limit."""

    flow = models.ForeignKey(Flow, on_delete=models.CASCADE, related_name="steps")
    key = models.SlugField(_("key"), max_length=40)
    name = models.CharField(_("name"), max_length=60)
    kind = models.CharField(_("kind"), max_length=10, choices=StepKind.choices)
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("department"), help_text=_("Empty: the power's department. Another one: joint approval."),
    )
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.PROTECT, related_name="steps", verbose_name=_("post"))
    limit = models.PositiveIntegerField(_("time limit"), null=True, blank=True)
    limit_unit = models.CharField(_("limit unit"), max_length=8, choices=LimitUnit.choices, default=LimitUnit.WORKDAY)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    legal_review = models.BooleanField(
        _("legal review"), default=False,
        help_text=_("The legal review (法制审核) without which a penalty may not be decided (行政处罚法 第五十八条)."))

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["flow_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["flow", "key"], name="step_key_unique_in_flow"),
            models.CheckConstraint(
                condition=Q(kind__in=["task", "excluded"]) | Q(post__isnull=True, limit__isnull=True),
                name="only_task_steps_have_posts_and_limits",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["task", "excluded"]) | Q(post__isnull=False, limit__gte=1),
                name="task_steps_have_posts_and_limits",
            ),
            models.CheckConstraint(condition=Q(kind="task") | Q(legal_review=False), name="legal_review_is_a_task"),
        ]
        indexes = [models.Index(fields=["post"])]

    def __str__(self):
        return self.name


class Transition(models.Model):
    """An arrow between two steps; ``condition`` labels the arms of an exclusive branch."""

    flow = models.ForeignKey(Flow, on_delete=models.CASCADE, related_name="transitions")
    source = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="outgoing")
    target = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="incoming")
    condition = models.CharField(_("condition"), max_length=60, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")
        ordering = ["flow_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="transition_unique"),
            models.CheckConstraint(condition=~Q(source=models.F("target")), name="transition_not_a_loop"),
        ]
