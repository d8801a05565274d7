"""The built-in activity types every organisation has (codes fixed by the public API)."""

from django.utils.translation import gettext_noop

# code, French name, kind, billable, counts_as_leave, requires_project
BUILTIN_ACTIVITY_TYPES = [
    ("project", gettext_noop("Mission (projet)"), "work", True, False, True),
    ("internal", gettext_noop("Travail interne"), "work", False, False, False),
    ("training", gettext_noop("Formation"), "work", False, False, False),
    ("presales", gettext_noop("Avant-vente"), "work", False, False, False),
    ("bench", gettext_noop("Inter-contrat"), "work", False, False, False),
    ("paid_leave", gettext_noop("Congés payés"), "absence", False, True, False),
    ("rtt", gettext_noop("RTT"), "absence", False, True, False),
    ("sick_leave", gettext_noop("Maladie"), "absence", False, True, False),
    ("unpaid_leave", gettext_noop("Congé sans solde"), "absence", False, True, False),
]
BUILTIN_CODES = [row[0] for row in BUILTIN_ACTIVITY_TYPES]
