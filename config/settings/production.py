"""Production profile: refuses to start without a real secret, HTTPS everywhere."""

from django.core.exceptions import ImproperlyConfigured

from timetrack.lib.env import env_bool, env_str

from .base import *  # noqa: F403
from .base import STORAGES

if not env_str("SECRET_KEY") or len(env_str("SECRET_KEY", "")) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be set (50+ random characters) in production.")
SECRET_KEY = env_str("SECRET_KEY")
DEBUG = False

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
WHITENOISE_USE_FINDERS = False
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
