"""Demo organisations: "Démo ESN" (about forty people, the accounts API.md promises) and, for load tests,
"Grande ESN" (thousands of consultants).

Everything is written with bulk_create and one password hash shared by every user: hashing a password
per person would make a 2,000-person seed take minutes. Each organisation is created in one transaction,
so a seed is all or nothing, and an organisation that already exists is left as it is.
"""

import random
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from timetrack.accounts.models import User
from timetrack.orgs.models import Agency, Calendar, Membership, Organization, Role, Team, TimeUnit
from timetrack.orgs.services import create_organization

PASSWORD = "timetrack-demo"
DEMO_SLUG = "demo-esn"
LARGE_SLUG = "grande-esn"
BATCH = 500
FULL = Decimal("1.00")


@dataclass
class Person:
    email: str
    first_name: str
    last_name: str
    role: str
    job_title: str
    agency: str
    team: str | None = None
    manager: str | None = None  # e-mail of the N+1, who must be in the same seed
    contract_ratio: Decimal = FULL
    start_date: date | None = None
    end_date: date | None = None
    calendar: str = ""


@dataclass
class TeamSpec:
    name: str
    agency: str
    lead: str  # e-mail of the manager leading it


# --- Writing ----------------------------------------------------------------------------------------
def _create_org(name: str, slug: str) -> Organization:
    org = create_organization(
        name=name, time_unit=TimeUnit.DAYS, hours_per_day=Decimal("7.00"), default_calendar=Calendar.FR
    )
    if org.slug != slug:  # create_organization derives the slug from the name; ours are fixed
        org.slug = slug
        org.save(update_fields=["slug"])
    return org


def _users_by_email(emails: list[str]) -> dict[str, User]:
    found = {}
    for i in range(0, len(emails), BATCH):
        found.update({u.email: u for u in User.objects.filter(email__in=emails[i : i + BATCH])})
    return found


def _write_people(
    org: Organization,
    *,
    agencies: dict[str, str],
    teams: list[TeamSpec],
    people: list[Person],
    password_hash: str,
) -> None:
    """Agencies, users, teams and memberships of ``org``; every reference stays inside ``org``."""
    emails = {p.email for p in people}
    dangling = {p.manager for p in people if p.manager} | {t.lead for t in teams}
    if not dangling <= emails:
        raise ValueError(f"managers missing from the seed: {sorted(dangling - emails)}")

    agency_of = {
        a.name: a
        for a in Agency.objects.bulk_create(
            [Agency(organization=org, name=name, calendar=cal) for name, cal in agencies.items()]
        )
    }
    # A person who already has an account (another organisation) joins with it, password untouched.
    users = _users_by_email([p.email for p in people])
    new_users = [
        User(email=p.email, first_name=p.first_name, last_name=p.last_name, password=password_hash)
        for p in people
        if p.email not in users
    ]
    users.update({u.email: u for u in User.objects.bulk_create(new_users, batch_size=BATCH)})
    team_of = {
        t.name: t
        for t in Team.objects.bulk_create(
            [
                Team(organization=org, name=t.name, agency=agency_of[t.agency], lead=users[t.lead])
                for t in teams
            ]
        )
    }
    Membership.objects.bulk_create(
        [
            Membership(
                organization=org,
                user=users[p.email],
                role=p.role,
                manager=users[p.manager] if p.manager else None,
                team=team_of[p.team] if p.team else None,
                agency=agency_of[p.agency],
                job_title=p.job_title,
                contract_ratio=p.contract_ratio,
                start_date=p.start_date,
                end_date=p.end_date,
                calendar=p.calendar,
            )
            for p in people
        ],
        batch_size=BATCH,
    )


def ascii_slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return plain.lower().replace(" ", "-").replace("'", "")


# --- Démo ESN ---------------------------------------------------------------------------------------
DEMO_DOMAIN = "demo.timetrack.test"
ADMIN_EMAIL = f"admin@{DEMO_DOMAIN}"
FINANCE_EMAIL = f"finance@{DEMO_DOMAIN}"
MANAGER_EMAIL = f"manager@{DEMO_DOMAIN}"
CONSULTANT_EMAIL = f"consultant@{DEMO_DOMAIN}"

# The accounts API.md promises; everyone else is first.last@demo.timetrack.test.
FIXED_EMAILS = {
    ("Isabelle", "Moreau"): ADMIN_EMAIL,
    ("Laurent", "Girard"): FINANCE_EMAIL,
    ("Thomas", "Lefèvre"): MANAGER_EMAIL,
    ("Camille", "Dubois"): CONSULTANT_EMAIL,
}
# (team, agency, manager's first name, last name, job title)
DEMO_TEAMS = [
    ("Data & IA", "Paris", "Thomas", "Lefèvre", "Manager Data & IA"),
    ("Cloud & DevOps", "Paris", "Sophie", "Garnier", "Manager Cloud & DevOps"),
    ("Développement Web", "Paris", "Nicolas", "Roux", "Manager Développement Web"),
    ("SAP & ERP", "Strasbourg", "Céline", "Muller", "Directrice de practice SAP"),
]
# (first name, last name, job title, team, special); special: a contract ratio, "arrives" (starts on the
# 15th of this month), "left" (left at the end of last month) or "moselle" (Alsace-Moselle calendar).
DEMO_CONSULTANTS = [
    ("Camille", "Dubois", "Data engineer", "Data & IA", None),
    ("Hugo", "Bernard", "Data scientist senior", "Data & IA", None),
    ("Léa", "Petit", "Data analyst", "Data & IA", "0.80"),
    ("Maxime", "Durand", "Ingénieur machine learning", "Data & IA", None),
    ("Chloé", "Leroy", "Consultante BI", "Data & IA", None),
    ("Antoine", "Moreau", "Data engineer confirmé", "Data & IA", None),
    ("Manon", "Simon", "Data scientist", "Data & IA", "arrives"),
    ("Lucas", "Laurent", "Architecte data", "Data & IA", None),
    ("Inès", "Michel", "Data analyst junior", "Data & IA", None),
    ("Romain", "Garcia", "Consultant Power BI", "Data & IA", None),
    ("Alexandre", "Fournier", "Ingénieur DevOps senior", "Cloud & DevOps", None),
    ("Sarah", "Mercier", "Architecte cloud AWS", "Cloud & DevOps", None),
    ("Julien", "Blanc", "Ingénieur SRE", "Cloud & DevOps", None),
    ("Émilie", "Guérin", "Ingénieure DevOps", "Cloud & DevOps", "0.90"),
    ("Kévin", "Boyer", "Administrateur systèmes Linux", "Cloud & DevOps", None),
    ("Pauline", "Chevalier", "Consultante Kubernetes", "Cloud & DevOps", "left"),
    ("Mathieu", "François", "Ingénieur cloud Azure", "Cloud & DevOps", None),
    ("Laura", "Lambert", "Ingénieure sécurité cloud", "Cloud & DevOps", None),
    ("Quentin", "Bonnet", "Développeur full stack", "Développement Web", None),
    ("Marine", "Rousseau", "Développeuse Python / Django", "Développement Web", None),
    ("Benjamin", "Faure", "Développeur front-end React", "Développement Web", None),
    ("Océane", "André", "Développeuse full stack", "Développement Web", "0.80"),
    ("Florian", "Henry", "Lead développeur Java", "Développement Web", None),
    ("Anaïs", "Perrin", "Développeuse mobile", "Développement Web", None),
    ("Adrien", "Morel", "Développeur PHP / Symfony", "Développement Web", None),
    ("Justine", "Masson", "Ingénieure QA automatisation", "Développement Web", None),
    # Works for the Paris agency from Metz, so with the Alsace-Moselle holidays.
    ("Guillaume", "Marchand", "Développeur back-end Node.js", "Développement Web", "moselle"),
    ("Sébastien", "Schmitt", "Consultant SAP FI/CO senior", "SAP & ERP", None),
    ("Aurélie", "Meyer", "Consultante SAP MM/SD", "SAP & ERP", None),
    ("Pierre", "Weber", "Développeur ABAP", "SAP & ERP", None),
    ("Élodie", "Klein", "Consultante SAP SuccessFactors", "SAP & ERP", "0.50"),
    ("Vincent", "Wagner", "Chef de projet ERP", "SAP & ERP", None),
    ("Marion", "Hoffmann", "Consultante SAP S/4HANA", "SAP & ERP", None),
    ("Damien", "Koch", "Développeur ABAP junior", "SAP & ERP", None),
]


def _past_date(rng: random.Random, today: date, min_years: int, max_years: int) -> date:
    return date(today.year - rng.randint(min_years, max_years), rng.randint(1, 12), rng.randint(1, 28))


def _demo_person(first: str, last: str, role: str, title: str, agency: str, **values) -> Person:
    email = FIXED_EMAILS.get((first, last)) or f"{ascii_slug(first)}.{ascii_slug(last)}@{DEMO_DOMAIN}"
    return Person(email, first, last, role, title, agency, **values)


def demo_people(today: date) -> tuple[list[TeamSpec], list[Person]]:
    rng = random.Random(DEMO_SLUG)  # the same people and dates on every machine
    last_month_end = today.replace(day=1) - timedelta(days=1)
    admin = _demo_person(
        "Isabelle", "Moreau", Role.ADMIN, "Directrice des opérations", "Paris", start_date=date(2013, 3, 1)
    )
    finance = _demo_person(
        "Laurent",
        "Girard",
        Role.FINANCE,
        "Responsable administratif et financier",
        "Paris",
        manager=admin.email,
        start_date=date(2016, 9, 1),
    )
    people, teams, lead_of, agency_of = [admin, finance], [], {}, {}
    for team, agency, first, last, title in DEMO_TEAMS:
        lead = _demo_person(
            first,
            last,
            Role.MANAGER,
            title,
            agency,
            team=team,
            manager=admin.email,
            start_date=_past_date(rng, today, 4, 10),
        )
        people.append(lead)
        teams.append(TeamSpec(team, agency, lead.email))
        lead_of[team], agency_of[team] = lead.email, agency
    for first, last, title, team, special in DEMO_CONSULTANTS:
        person = _demo_person(
            first,
            last,
            Role.CONSULTANT,
            title,
            agency_of[team],
            team=team,
            manager=lead_of[team],
            start_date=_past_date(rng, today, 1, 9),
        )
        if special == "arrives":
            person.start_date = today.replace(day=15)
        elif special == "left":
            person.start_date, person.end_date = _past_date(rng, last_month_end, 2, 4), last_month_end
        elif special == "moselle":
            person.calendar = Calendar.FR_ALSACE_MOSELLE
        elif special:
            person.contract_ratio = Decimal(special)
        people.append(person)
    return teams, people


def seed_demo_org(*, password_hash: str) -> Organization | None:
    """Create "Démo ESN"; None (and no change) if it already exists."""
    if Organization.objects.filter(slug=DEMO_SLUG).exists():
        return None
    teams, people = demo_people(timezone.localdate())
    with transaction.atomic():
        org = _create_org("Démo ESN", DEMO_SLUG)
        agencies = {"Paris": Calendar.FR, "Strasbourg": Calendar.FR_ALSACE_MOSELLE}
        _write_people(org, agencies=agencies, teams=teams, people=people, password_hash=password_hash)
    return org


# --- Grande ESN -------------------------------------------------------------------------------------
LARGE_DOMAIN = "grande.timetrack.test"
LARGE_ADMIN_EMAIL = f"admin@{LARGE_DOMAIN}"
CONSULTANTS_PER_MANAGER = 15
PRACTICES = [
    ("Data", ["Data engineer", "Data scientist", "Data analyst", "Consultant BI"]),
    ("Cloud", ["Ingénieur DevOps", "Architecte cloud", "Ingénieur SRE", "Administrateur systèmes"]),
    ("Web", ["Développeur full stack", "Développeur Java", "Développeur front-end", "Développeur Python"]),
    ("SAP", ["Consultant SAP FI/CO", "Consultant SAP MM/SD", "Développeur ABAP", "Chef de projet ERP"]),
    ("Cybersécurité", ["Analyste SOC", "Consultant GRC", "Pentester", "Architecte sécurité"]),
    ("Test", ["Ingénieur QA", "Testeur automatisation", "Test manager", "Analyste test"]),
]
_FIRST_NAMES = (
    "Camille Hugo Léa Maxime Chloé Antoine Manon Lucas Inès Romain Alexandre Sarah Julien Émilie Kévin "
    "Pauline Mathieu Laura Quentin Marine Benjamin Océane Florian Anaïs Adrien Justine Guillaume Sébastien "
    "Aurélie Pierre Élodie Vincent Marion Damien Nathalie Olivier Sandrine Stéphane Caroline Jérôme Audrey "
    "Yann Mélanie Cédric Amandine Arnaud Clémence Fabien Lucie Jonathan Margaux Thibault Elsa Victor Zoé"
)
_LAST_NAMES = (
    "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefebvre Michel "
    "Garcia David Bertrand Roux Vincent Fournier Morel Girard André Mercier Dupont Lambert Bonnet François "
    "Martinez Legrand Garnier Faure Rousseau Blanc Guérin Muller Henry Roussel Nicolas Perrin Morin Mathieu "
    "Clément Gauthier Dumont Lopez Fontaine Chevalier Robin Masson Schmitt Meyer Weber Klein Wagner Koch"
)
FIRST_NAMES, LAST_NAMES = _FIRST_NAMES.split(), _LAST_NAMES.split()


def large_people(today: date, consultants: int) -> tuple[list[TeamSpec], list[Person]]:
    rng = random.Random(LARGE_SLUG)
    managers = max(1, -(-consultants // CONSULTANTS_PER_MANAGER))
    people = [
        Person(
            LARGE_ADMIN_EMAIL,
            "Hélène",
            "Durand",
            Role.ADMIN,
            "Directrice générale",
            "Paris",
            start_date=date(today.year - 15, 1, 2),
        ),
    ]
    teams = []
    for i in range(managers):
        practice, _titles = PRACTICES[i % len(PRACTICES)]
        agency = "Strasbourg" if i % 3 == 2 else "Paris"
        email = f"manager{i + 1:04d}@{LARGE_DOMAIN}"
        teams.append(TeamSpec(f"{practice} {i // len(PRACTICES) + 1} ({agency})", agency, email))
        people.append(
            Person(
                email,
                rng.choice(FIRST_NAMES),
                rng.choice(LAST_NAMES),
                Role.MANAGER,
                f"Manager {practice}",
                agency,
                team=teams[-1].name,
                manager=LARGE_ADMIN_EMAIL,
                start_date=_past_date(rng, today, 4, 15),
            )
        )
    last_month_end = today.replace(day=1) - timedelta(days=1)
    for i in range(consultants):
        team = teams[i % managers]
        _practice, titles = PRACTICES[(i % managers) % len(PRACTICES)]
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        person = Person(
            f"{ascii_slug(first)}.{ascii_slug(last)}.{i + 1}@{LARGE_DOMAIN}",
            first,
            last,
            Role.CONSULTANT,
            rng.choice(titles),
            team.agency,
            team=team.name,
            manager=team.lead,
            start_date=_past_date(rng, today, 1, 12),
        )
        draw = rng.random()
        if draw < 0.10:
            person.contract_ratio = rng.choice([Decimal("0.50"), Decimal("0.80"), Decimal("0.90")])
        elif draw < 0.13 and person.start_date < last_month_end:
            person.end_date = last_month_end - timedelta(days=rng.randint(0, 365))
            person.end_date = max(person.end_date, person.start_date)
        people.append(person)
    return teams, people


def seed_large_org(*, consultants: int, password_hash: str) -> Organization | None:
    """Create "Grande ESN" with ``consultants`` consultants; None (and no change) if it already exists."""
    if Organization.objects.filter(slug=LARGE_SLUG).exists():
        return None
    teams, people = large_people(timezone.localdate(), consultants)
    with transaction.atomic():
        org = _create_org("Grande ESN", LARGE_SLUG)
        agencies = {"Paris": Calendar.FR, "Strasbourg": Calendar.FR_ALSACE_MOSELLE}
        _write_people(org, agencies=agencies, teams=teams, people=people, password_hash=password_hash)
    return org
