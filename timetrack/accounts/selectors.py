"""Reads of accounts data, scoped to one organisation."""

from datetime import timedelta
from functools import cache

from django.conf import settings
from django.utils import timezone

from timetrack.accounts.models import ApiToken, Invitation, User
from timetrack.lib.rawsql import Columns, prepared_cursor


def pending_invitations(org):
    """Invitations of ``org`` not accepted yet and whose link still works."""
    oldest = timezone.now() - timedelta(seconds=settings.INVITATION_MAX_AGE)
    return (
        Invitation.objects.for_org(org)
        .filter(accepted_at__isnull=True, created_at__gt=oldest)
        .select_related("invited_by", "manager", "team", "agency")
    )


def tokens_of(membership):
    """The API tokens of ``membership``'s user in its organisation, newest first."""
    return ApiToken.objects.for_org(membership.organization).filter(user=membership.user)


@cache
def _token_statement() -> tuple[list[Columns], str]:
    from timetrack.orgs.models import Agency, Membership, Organization

    parts = [
        Columns(model, alias)
        for model, alias in [
            (ApiToken, "t"),
            (User, "u"),
            (Organization, "o"),
            (Membership, "m"),
            (Agency, "a"),
        ]
    ]
    select = ", ".join(part.select for part in parts)
    sql = (
        f"SELECT {select} FROM {ApiToken._meta.db_table} t "  # noqa: S608 - table and column names only
        f"JOIN {User._meta.db_table} u ON u.id = t.user_id AND u.is_active "
        f"JOIN {Organization._meta.db_table} o ON o.id = t.organization_id "
        f"JOIN {Membership._meta.db_table} m ON m.organization_id = t.organization_id "
        "AND m.user_id = t.user_id AND m.is_active "
        f"LEFT JOIN {Agency._meta.db_table} a ON a.id = m.agency_id "
        "WHERE t.key_hash = %s AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > %s)"
    )
    return parts, sql


def usable_token_with_membership(key_hash: str, now):
    """The usable token of ``key_hash`` and the active membership it acts as, with its user, organisation
    and agency, in one query — or None.

    Every API request runs this, so it is one SQL statement rather than two ORM queries: the ORM's
    compilation of two select_related queries cost more than the database's work.
    """
    parts, sql = _token_statement()
    with prepared_cursor() as cursor:
        cursor.execute(sql, [key_hash, now])
        row = cursor.fetchone()
    if row is None:
        return None
    instances, start = [], 0
    for part in parts:
        instances.append(part.instance(row[start : start + len(part)]))
        start += len(part)
    token, user, org, membership, agency = instances
    token.user, token.organization = user, org
    membership.user, membership.organization, membership.agency = user, org, agency
    return token, membership
