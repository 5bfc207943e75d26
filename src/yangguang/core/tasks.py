"""Background housekeeping of the platform (后台维护): thin ``django.tasks`` wrappers, and their schedule."""

from django.core.management import call_command
from django.tasks import task

from .schedule import Entry, Every


@task
def task_results_prune(days: int = 14) -> None:
    """Delete the results of background tasks finished more than ``days`` ago (django-tasks-db's pruning)."""
    call_command("prune_db_task_results", min_age_days=days, queue_name="*", verbosity=0)


SCHEDULE = [
    Entry(task_results_prune, Every(seconds=24 * 3600)),
]
