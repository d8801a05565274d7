"""Background jobs of the notifications app: deliver the outbox."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from timetrack.notifications import services


@db_task()
def deliver_email(outbox_id: int) -> bool:
    # No huey retries: a failure is recorded on the row and retried by retry_pending_emails with backoff.
    return services.deliver(outbox_id)


# Every minute: what the worker could not deliver at commit time (down, mail server refusing) goes out
# here, within a minute of its due time.
@db_periodic_task(crontab(minute="*"))
def retry_pending_emails() -> int:
    return sum(services.deliver(outbox_id) for outbox_id in services.due_email_ids())
