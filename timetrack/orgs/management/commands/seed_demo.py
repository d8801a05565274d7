"""Create the demo data: "Démo ESN" and, with --large, "Grande ESN". Running it again changes nothing."""

import time

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from timetrack.approvals import demo as validation
from timetrack.orgs import demo
from timetrack.orgs.models import Membership, Organization
from timetrack.profitability import demo as profitability
from timetrack.timesheets import demo as activity

ACCOUNTS = [
    (demo.ADMIN_EMAIL, "administrateur"),
    (demo.FINANCE_EMAIL, "finance"),
    (demo.MANAGER_EMAIL, "manager"),
    (demo.CONSULTANT_EMAIL, "consultant, rattaché(e) au manager ci-dessus"),
]


class Command(BaseCommand):
    help = "Crée l'organisation de démonstration « Démo ESN » (et « Grande ESN » avec --large)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Ne rien faire si une organisation existe déjà."
        )
        parser.add_argument(
            "--large", action="store_true", help="Créer aussi « Grande ESN », pour les tests de charge."
        )
        parser.add_argument(
            "--consultants", type=int, help="Nombre de consultants de « Grande ESN » (2000 par défaut)."
        )
        parser.add_argument(
            "--months",
            type=int,
            help="Mois de CRA passés à générer pour « Grande ESN » (12 par défaut ; 3 pour « Démo ESN »).",
        )

    def handle(self, *args, if_empty, large, consultants, months, **options):
        if (consultants is not None or months is not None) and not large:
            raise CommandError("--consultants et --months ne s'utilisent qu'avec --large.")
        if months is not None and not 0 <= months <= 36:
            raise CommandError("--months doit être compris entre 0 et 36.")
        if consultants is not None and consultants < 1:
            raise CommandError("--consultants doit être au moins 1.")
        if if_empty and Organization.objects.exists():
            self.stdout.write("Des organisations existent déjà : données de démonstration non créées.")
            if Organization.objects.filter(slug=demo.DEMO_SLUG).exists():
                self._print_accounts(large=False)  # `make run` reminds them at every start
            return
        started = time.monotonic()
        password_hash = make_password(demo.PASSWORD)  # once: every demo user shares it
        with transaction.atomic():
            org = demo.seed_demo_org(password_hash=password_hash)
            if org is not None:
                activity.seed_activity(org, months=activity.DEMO_MONTHS)
                profitability.seed_profitability(org, today=timezone.localdate())
                validation.seed_validation(org, today=timezone.localdate())
        self._report("Démo ESN", org)
        if large:
            with transaction.atomic():
                org = demo.seed_large_org(consultants=consultants or 2000, password_hash=password_hash)
                if org is not None:
                    specs = activity.large_projects(consultants or 2000)
                    activity.seed_activity(
                        org,
                        months=12 if months is None else months,
                        specs=specs,
                        prepare=profitability.seed_large_rates,
                    )
            self._report("Grande ESN", org)
        self.stdout.write(f"Terminé en {time.monotonic() - started:.1f} s.\n")
        self._print_accounts(large)

    def _report(self, name: str, org: Organization | None) -> None:
        if org is None:
            self.stdout.write(f"« {name} » existe déjà : inchangée.")
            return
        people = Membership.objects.for_org(org).count()
        entries = activity.TimeEntry.objects.for_org(org).count()
        self.stdout.write(self.style.SUCCESS(f"« {name} » créée : {people} personnes, {entries} saisies."))

    def _print_accounts(self, large: bool) -> None:
        self.stdout.write(f"Comptes de démonstration (mot de passe : {demo.PASSWORD}) :")
        for email, role in ACCOUNTS:
            self.stdout.write(f"  {email:<34} {role}")
        if large:
            self.stdout.write(f"  {demo.LARGE_ADMIN_EMAIL:<34} administrateur de « Grande ESN »")
