"""What each event says: a title (also the e-mail's subject) and a body, in French, translated per recipient.

Each text is a ``%`` format over the event's context; the keys each event expects are listed beside it.
"""

from django.utils.translation import gettext_lazy as _

EVENTS = {
    # kind, project, message (already in the recipient's language)
    "project_alert": (_("%(kind)s : %(project)s"), _("%(message)s")),
    # consultant, month, step
    "timesheet_to_approve": (
        _("Le CRA de %(consultant)s pour %(month)s attend votre validation"),
        _("%(consultant)s a soumis son CRA de %(month)s. Il attend votre validation (étape : %(step)s)."),
    ),
    # month, actor, step
    "timesheet_approved": (
        _("Votre CRA de %(month)s a été approuvé par %(actor)s"),
        _("%(actor)s a approuvé votre CRA de %(month)s (étape : %(step)s)."),
    ),
    # month
    "timesheet_validated": (
        _("Votre CRA de %(month)s est validé"),
        _("Toutes les étapes de validation sont franchies : votre CRA de %(month)s est validé."),
    ),
    # month, actor, comment
    "timesheet_rejected": (
        _("Votre CRA de %(month)s a été refusé"),
        _(
            "%(actor)s a refusé votre CRA de %(month)s avec ce commentaire : « %(comment)s ». "
            "Corrigez-le puis soumettez-le à nouveau."
        ),
    ),
    # month, actor, comment
    "timesheet_changes_requested": (
        _("Des modifications sont demandées sur votre CRA de %(month)s"),
        _(
            "%(actor)s demande des modifications sur votre CRA de %(month)s : « %(comment)s ». "
            "Modifiez-le puis soumettez-le à nouveau."
        ),
    ),
    # month, actor, comment
    "timesheet_reopened": (
        _("Votre CRA de %(month)s a été rouvert"),
        _(
            "%(actor)s a rouvert votre CRA de %(month)s pour ce motif : « %(comment)s ». "
            "Vous pouvez le modifier puis le soumettre à nouveau."
        ),
    ),
}


def render_event(event: str, context: dict) -> tuple[str, str]:
    """The event's title and body in the active language; an unknown code is a KeyError."""
    title, body = EVENTS[event]
    values = {key: str(value) for key, value in context.items()}
    return str(title) % values, str(body) % values
