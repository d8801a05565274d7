from decimal import Decimal

import pytest
from django.utils import translation

from timetrack.core.templatetags.timetrack import person_name, ratio_percent


@pytest.mark.parametrize(
    ("ratio", "french"),
    [(Decimal("1.00"), "100 %"), (Decimal("0.80"), "80 %"), (Decimal("0.875"), "87,5 %"), (None, "—")],
)
def test_ratio_percent_in_french(ratio, french):
    with translation.override("fr"):
        assert ratio_percent(ratio) == french


def test_person_name_falls_back_to_the_email():
    class Nobody:
        email = "x@y.test"

        def get_full_name(self):
            return ""

    assert person_name(Nobody()) == "x@y.test"
    assert person_name(None) == "—"


def test_ratio_percent_in_english():
    with translation.override("en"):
        assert ratio_percent(Decimal("0.80")) == "80%"
