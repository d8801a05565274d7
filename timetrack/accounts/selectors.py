"""Reads of accounts data, scoped to one organisation."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from timetrack.accounts.models import ApiToken, Invitation, User


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


def _columns(model, alias: str) -> tuple[list[str], list[str]]:
    fields = [f.attname for f in model._meta.concrete_fields]
    return fields, [f'{alias}."{model._meta.get_field(name).column}"' for name in fields]


def _converters(model, connection) -> list[tuple[str, list]]:
    """Per column of ``model``: the ORM's converters of a raw value (aware datetimes on SQLite, decimals…),
    looked up once per connection (every API request reads 50 columns)."""
    cache = connection.__dict__.setdefault("_timetrack_converters", {})
    if model not in cache:
        cache[model] = []
        for field in model._meta.concrete_fields:
            expression = field.get_col(model._meta.db_table)
            found = connection.ops.get_db_converters(expression) + field.get_db_converters(connection)
            cache[model].append((expression, found))
    return cache[model]


def _from_db(value, expression, converters, connection):
    if value is None:
        return None
    for converter in converters:
        value = converter(value, expression, connection)
    return value


def usable_token_with_membership(key_hash: str, now):
    """The usable token of ``key_hash`` and the active membership it acts as, with its user, organisation
    and agency, in one query — or None.

    Every API request runs this, so it is one SQL statement rather than two ORM queries: the ORM's
    compilation of two select_related queries cost more than the database's work.
    """
    from django.db import connection

    from timetrack.orgs.models import Agency, Membership, Organization

    models = [(ApiToken, "t"), (User, "u"), (Organization, "o"), (Membership, "m"), (Agency, "a")]
    parts = [_columns(model, alias) for model, alias in models]
    select = ", ".join(column for _fields, columns in parts for column in columns)
    sql = (
        f"SELECT {select} FROM {ApiToken._meta.db_table} t "  # noqa: S608 - table and column names only
        f"JOIN {User._meta.db_table} u ON u.id = t.user_id AND u.is_active "
        f"JOIN {Organization._meta.db_table} o ON o.id = t.organization_id "
        f"JOIN {Membership._meta.db_table} m ON m.organization_id = t.organization_id "
        "AND m.user_id = t.user_id AND m.is_active "
        f"LEFT JOIN {Agency._meta.db_table} a ON a.id = m.agency_id "
        "WHERE t.key_hash = %s AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > %s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [key_hash, now])
        row = cursor.fetchone()
    if row is None:
        return None
    instances, start = [], 0
    for (model, _alias), (fields, _unused) in zip(models, parts, strict=True):
        values = [
            _from_db(value, expression, converters, connection)
            for (expression, converters), value in zip(
                _converters(model, connection), row[start : start + len(fields)], strict=True
            )
        ]
        start += len(fields)
        instances.append(None if values[0] is None else model.from_db(connection.alias, fields, values))
    token, user, org, membership, agency = instances
    token.user, token.organization = user, org
    membership.user, membership.organization, membership.agency = user, org, agency
    return token, membership
