"""factory_boy factories that keep graphs consistent: related objects share one organisation."""

from decimal import Decimal

import factory

from timetrack.accounts.models import User
from timetrack.orgs.models import Agency, Membership, Organization, Role, Team
from timetrack.projects.models import Assignment, Client, Project

PASSWORD = "correct-horse-battery"


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"ESN {n}")
    slug = factory.Sequence(lambda n: f"esn-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Agence {n}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Équipe {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.CONSULTANT
    contract_ratio = Decimal("1.00")


def member(org, role=Role.CONSULTANT, **kwargs) -> Membership:
    """A member of ``org`` with ``role``; ``manager`` may be a Membership or a User."""
    manager = kwargs.pop("manager", None)
    if isinstance(manager, Membership):
        manager = manager.user
    return MembershipFactory(organization=org, role=role, manager=manager, **kwargs)


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Client {n}")


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    organization = factory.SubFactory(OrganizationFactory)
    client = factory.SubFactory(ClientFactory, organization=factory.SelfAttribute("..organization"))
    name = factory.Sequence(lambda n: f"Projet {n}")
    code = factory.Sequence(lambda n: f"P{n:04d}")


class AssignmentFactory(factory.django.DjangoModelFactory):
    """Pass ``person`` (a Membership): the assignment takes its organisation and user."""

    class Meta:
        model = Assignment
        exclude = ["person"]

    person = None
    organization = factory.LazyAttribute(lambda o: o.person.organization)
    user = factory.LazyAttribute(lambda o: o.person.user)
    project = factory.SubFactory(ProjectFactory, organization=factory.SelfAttribute("..organization"))
    start_date = factory.Faker("date_between", start_date="-1y", end_date="today")
    daily_rate = Decimal("600.00")
