"""What the directory tells the apps above it (they cannot be imported from here).

- ``role_requested(membership, by)``: an administrator asked for a case role that waits for a
  supervisor's approval (accounts notifies the supervisors).
- ``role_lost(membership)``: a role ended (accounts revokes the officer's API tokens).

Both are sent inside the change's transaction.
"""

from django.dispatch import Signal

role_requested = Signal()
role_lost = Signal()
