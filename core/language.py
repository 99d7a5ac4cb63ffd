"""Which language a request is answered in: Vietnamese unless the user chose otherwise.

Many office PCs in Vietnam run an English system whose browser asks for English
(``Accept-Language: en-US``); Django's ``LocaleMiddleware`` would then serve the intranet and
the Wagtail admin in English to everyone. Here the browser's wish is never read: the language
is the user's own choice, or Vietnamese.

The choice lives in one place per person:

- a signed-in user: the Wagtail profile's ``preferred_language`` (the "Ngôn ngữ" of the
  admin's account settings), which Wagtail itself also reads for the admin and its e-mails;
- before signing in: the language cookie that the switch in the footer sets.

The footer switch (``set_language``) writes both, and every response to a signed-in user
keeps the cookie in line with the profile, so a choice made in the admin's account settings
also holds on the site, and still holds on the login page after signing out.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponseRedirect
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST


def supported(language: str | None) -> str | None:
    """``language`` if it is one of ``settings.LANGUAGES``, else None."""
    return language if language in dict(settings.LANGUAGES) else None


SESSION_KEY = "profile_language"


def _profile_language(user) -> str:
    from wagtail.users.models import UserProfile

    stored = (
        UserProfile.objects.filter(user=user).values_list("preferred_language", flat=True).first()
    )
    return supported(stored) or ""


def _remembered_profile_language(request, *, reread: bool = False) -> str | None:
    """The signed-in user's profile language, read from the database once per session (the
    session is loaded anyway to find the user) and again after a write that may change it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    if reread or SESSION_KEY not in request.session:
        request.session[SESSION_KEY] = _profile_language(user)
    return supported(request.session[SESSION_KEY])


def chosen_language(request) -> str:
    """The one rule: the profile's choice, else the cookie's, else ``LANGUAGE_CODE``."""
    return (
        _remembered_profile_language(request)
        or supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
        or settings.LANGUAGE_CODE
    )


def _set_cookie(response, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 60 * 60,
        path="/",
        samesite="Lax",
        httponly=True,
    )


class ChosenLanguageMiddleware:
    """In place of ``LocaleMiddleware`` and after ``AuthenticationMiddleware``: activates
    :func:`chosen_language`; ``Accept-Language`` is never consulted."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            # The admin's account settings may have changed the profile: follow it here too.
            profile_language = _remembered_profile_language(request, reread=True)
            if profile_language and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != (
                profile_language
            ):
                _set_cookie(response, profile_language)
        response.headers.setdefault("Content-Language", language)
        return response


@login_not_required
@require_POST
def set_language(request):
    """The footer switch: remember ``language`` in the cookie and, for a signed-in user, in
    the Wagtail profile, then go back to ``next`` (a path on this site only)."""
    from wagtail.users.models import UserProfile

    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    language = supported(request.POST.get("language"))
    if language is None:
        return response
    if request.user.is_authenticated:
        profile = UserProfile.get_for_user(request.user)
        profile.preferred_language = language
        profile.save(update_fields=["preferred_language"])
        request.session[SESSION_KEY] = language
    _set_cookie(response, language)
    return response
