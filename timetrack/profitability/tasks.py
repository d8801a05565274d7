"""Background jobs of profitability: evaluate the alerts of the projects a change touched, and nightly."""

import logging

from django.core.cache import cache
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from timetrack.orgs.models import Organization
from timetrack.profitability import alerts

logger = logging.getLogger(__name__)
PENDING = "profitability:alerts-pending:{org}:{project}"
PENDING_TTL = 120  # seconds: a lost job only delays the evaluation until the next change or night


def schedule_alert_evaluation(org_id: int, project_ids) -> None:
    """Queue one evaluation for the projects not already waiting for one: a burst of auto-saves on a
    project costs one job, and the job (which starts by clearing the marks) sees all of them."""
    waiting = [p for p in project_ids if cache.add(PENDING.format(org=org_id, project=p), 1, PENDING_TTL)]
    if waiting:
        evaluate_project_alerts(org_id, waiting)


@db_task(retries=3, retry_delay=30)
def evaluate_project_alerts(org_id: int, project_ids: list[int]) -> dict:
    cache.delete_many([PENDING.format(org=org_id, project=p) for p in project_ids])
    org = Organization.objects.filter(pk=org_id).first()
    if org is None:
        return {"raised": [], "resolved": []}
    return alerts.evaluate(org, project_ids)


# Nightly: conditions that change with time alone (a forecast as days pass, a project's end date).
@db_periodic_task(crontab(hour="2", minute="30"))
def evaluate_all_alerts() -> int:
    raised = 0
    for org in Organization.objects.all().iterator():
        try:  # one organisation's trouble must not stop the others' alerts
            raised += len(alerts.evaluate(org)["raised"])
        except Exception:
            logger.exception("alert evaluation failed for organisation %s", org.pk)
    return raised
