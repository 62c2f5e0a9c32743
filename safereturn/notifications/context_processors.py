"""``notifications_unread``: the signed-in officer's number of unread notifications, for the page header."""

from .selectors import unread_count


class UnreadCount:
    """Counted when a template first uses it (one COUNT on the partial index of unread rows), then kept
    for the rest of the request: the header's partials each run the context processors again."""

    def __init__(self, user):
        self._user = user
        self._value = None

    def __int__(self):
        if self._value is None:
            self._value = unread_count(self._user)
        return self._value

    __index__ = __int__

    def __bool__(self):
        return int(self) > 0

    def __str__(self):
        return str(int(self))

    def __eq__(self, other):
        return int(self) == other

    def __hash__(self):
        return hash(int(self))


def unread(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    counter = getattr(request, "_notifications_unread", None)
    if counter is None:
        counter = request._notifications_unread = UnreadCount(user)
    return {"notifications_unread": counter}
