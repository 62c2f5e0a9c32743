import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from .backends import read_officer
from .models import ApiToken, hash_token

LAST_USED_PRECISION = datetime.timedelta(minutes=1)


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer <token>`` for tokens made by ``manage.py issue_token``."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header."))
        try:
            raw = header[1].decode("ascii")
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(_("Invalid token header.")) from exc
        token = ApiToken.objects.filter(key_hash=hash_token(raw)).first()
        # The officer as a signed-in page reads them: user and active memberships in one statement,
        # afresh on every request (a membership or agency switched off stops working at once).
        user = read_officer(token.user_id) if token is not None else None
        if user is not None:
            token.user = user
        if user is None or not token.is_valid():
            raise exceptions.AuthenticationFailed(_("Invalid or expired token."))
        now = timezone.now()
        # Noted once a minute at most: a write (and a row lock) on every call would serialise a
        # client's concurrent requests on its token's row, for a fact kept to the minute.
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return user, token

    def authenticate_header(self, request):
        return self.keyword
