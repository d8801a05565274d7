"""Template filters of the UI."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext

register = template.Library()


@register.filter
def ratio_percent(ratio) -> str:
    """0.80 → "80 %" (localised: "87,5 %" in French, "87.5%" in English); None → "—"."""
    if ratio is None or ratio == "":
        return "—"
    value = number_format((Decimal(ratio) * 100).normalize())
    return gettext("%(value)s %%") % {"value": value}


@register.filter
def person_name(user) -> str:
    """A person's full name, or their e-mail when they have not given one."""
    if user is None:
        return "—"
    return user.get_full_name() or user.email
