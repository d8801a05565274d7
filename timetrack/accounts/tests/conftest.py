import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Login failures are counted in the cache: no test inherits another's lock."""
    cache.clear()
    yield
    cache.clear()
