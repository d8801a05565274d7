"""Exact decimals: quantities and money are quantised explicitly, half-up as accountants expect."""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def quantize2(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def percent(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """numerator / denominator × 100 to the hundredth, or None when undefined (denominator 0)."""
    if not denominator:
        return None
    return quantize2(Decimal(numerator) * 100 / Decimal(denominator))
