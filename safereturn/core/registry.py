"""Extension points: a lower layer names what it shows, higher apps register into it.

The case page, the case timeline, the work queues and the notification kinds are extended by the
apps built on them (identification, tips, and later protection, referrals, reporting...). Each of
those apps registers itself in its ``AppConfig.ready``, so the app that owns the extension point
imports none of them.
"""


class Registry:
    """Named entries in registration order; a name registered twice is a mistake and says so."""

    def __init__(self, what):
        self.what = what
        self._entries = {}
        # Goes up at every change, so tables built from the entries know when to be built again.
        self.version = 0

    def register(self, name, entry):
        if name in self._entries and self._entries[name] is not entry:
            raise ValueError(f"{self.what} {name!r} is registered twice")
        self._entries[name] = entry
        self.version += 1
        return entry

    def unregister(self, name):
        if self._entries.pop(name, None) is not None:
            self.version += 1

    def get(self, name, default=None):
        return self._entries.get(name, default)

    def __getitem__(self, name):
        try:
            return self._entries[name]
        except KeyError:
            raise KeyError(f"no {self.what} named {name!r} is registered") from None

    def __contains__(self, name):
        return name in self._entries

    def __iter__(self):
        return iter(self._entries.values())

    def names(self):
        return list(self._entries)

    def items(self):
        return list(self._entries.items())
