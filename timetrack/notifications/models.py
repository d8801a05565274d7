from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from timetrack.orgs.scoping import OrgOwnedModel, OrgQuerySet


class NotificationQuerySet(OrgQuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(OrgOwnedModel):
    """One event shown in a member's notification centre, written in the recipient's language."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.CharField(max_length=50)
    title = models.CharField(_("titre"), max_length=255)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(_("lue le"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organization", "recipient", "read_at"], name="notif_recipient_read")]

    def __str__(self):
        return self.title


class OutboundEmail(OrgOwnedModel):
    """The outbox: an e-mail recorded in the transaction that caused it, then delivered by the worker."""

    class Status(models.TextChoices):
        PENDING = "pending", _("en attente")
        SENT = "sent", _("envoyé")
        FAILED = "failed", _("en échec")

    to_email = models.EmailField()
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    subject = models.CharField(max_length=255)
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    # When the row may next be tried; also the lease of a delivery in progress (see services.deliver).
    next_attempt_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("e-mail sortant")
        # The worker's scan crosses organisations: it looks rows up by status and due time.
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]

    def __str__(self):
        return f"{self.to_email}: {self.subject}"
