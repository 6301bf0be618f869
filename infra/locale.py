"""The public site's language is its address's, never the browser's."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class AddressLanguageMiddleware(LocaleMiddleware):
    """/en/… is English, /ar/… Arabic, anything else the site's language (French), whatever
    Accept-Language or a cookie say: every visitor gets the same page at the same address, so
    shared caches keep one copy and need no `Vary: Accept-Language`. A view whose answer does
    depend on the visitor's languages (a short link) says so itself. The admin keeps Django's
    negotiation (a user's own preference wins there anyway)."""

    def process_request(self, request):
        if self._negotiated(request):
            return super().process_request(request)
        language = translation.get_language_from_path(request.path_info)
        translation.activate(language or settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        if self._negotiated(request):
            return super().process_response(request, response)
        response.headers.setdefault("Content-Language", translation.get_language())
        return response

    @staticmethod
    def _negotiated(request):
        return request.path_info.startswith(settings.NEGOTIATED_LANGUAGE_PREFIXES)
