"""The test kit: factories for every model, named officers (personas), signing in, case helpers and
the pytest fixtures that expose them (registered for the whole suite by the root ``conftest.py``).

Test code only: nothing in the application imports it. It sits outside the apps' layers, so it may
use any app.

- ``factories``: a factory-boy factory for every concrete model of the project.
- ``personas``: agencies and officers the tests keep meeting, ``actor_of`` and ``record_case``.
- ``signin``: signing an officer in through the second factor, or quickly when sign-in is beside the point.
- ``fixtures``: the pytest fixtures (``personas``, ``sign_in``, ``make_case``, ``media``...).
"""
