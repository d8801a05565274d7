"""The one org-scoped path to domain data.

Every tenant-owned model derives from ``OrgOwnedModel``: it carries ``organization`` and its default
manager answers ``for_org(org)``. Objects are fetched with ``get_for_org``, which answers 404 for an
object of another organisation, so that its existence is never revealed.
"""

from django.db import models
from django.http import Http404


class OrgQuerySet(models.QuerySet):
    def for_org(self, org):
        return self.filter(organization=org)


class OrgOwnedModel(models.Model):
    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")

    objects = OrgQuerySet.as_manager()

    class Meta:
        abstract = True


def get_for_org(queryset_or_model, org, **lookup):
    """The object of ``org`` matching ``lookup``, or Http404 (also for a malformed key)."""
    queryset = getattr(queryset_or_model, "objects", queryset_or_model)
    try:
        return queryset.for_org(org).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(f"No {queryset.model._meta.verbose_name} here.") from exc
