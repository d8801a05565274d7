"""Concurrency in tests: jobs in threads of their own (each with its own database connection)."""

import threading

from django.db import connection

from timetrack.orgs.models import Membership


def run_together(*jobs):
    """Start every job at the same moment in its own thread (own connection); return their errors."""
    barrier = threading.Barrier(len(jobs))
    errors = []

    def wrap(job):
        try:
            barrier.wait()
            job()
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=wrap, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def fresh(membership):
    """``membership`` read again, by the calling thread's connection."""
    return Membership.objects.select_related("organization", "user").get(pk=membership.pk)
