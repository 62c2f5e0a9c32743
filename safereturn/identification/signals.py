"""Events other modules subscribe to.

``case_status_changed`` is sent after the transaction that changed a case's status commits, with
``case_id``, ``old_status``, ``new_status``, ``transition`` and ``on_date`` (the date of the change).
The support module recomputes the person's entitlements from it.
"""

from django.dispatch import Signal

case_status_changed = Signal()
