from django.conf import settings
from django.utils import translation

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


class UserLanguageMiddleware:
    """French unless said otherwise: the user's profile language, else the language cookie, else French.

    The browser's Accept-Language is deliberately ignored: the product is French first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            language = user.language
        if language not in LANGUAGE_CODES:
            language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in LANGUAGE_CODES:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
