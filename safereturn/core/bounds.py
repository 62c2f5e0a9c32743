"""The range of dates and whole numbers SafeReturn takes as input, where a field has no narrower
rule of its own. A value outside them is the client's mistake, answered with a message (a 400 in the
API), never a server error: Python's dates end at 31/12/9999, so a filter "received up to
31/12/9999" cannot be turned into "before the next day", and a number past what a database column
holds cannot be sent to it."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DATE_MIN = datetime.date(1900, 1, 1)
DATE_MAX = datetime.date(2199, 12, 31)
# What a PostgreSQL ``integer`` column holds: identifiers, codes, counts and versions all fit.
INTEGER_MIN = -(2**31)
INTEGER_MAX = 2**31 - 1


def validate_date_in_range(value):
    """A date between ``DATE_MIN`` and ``DATE_MAX``: anything else is a typing mistake."""
    if value is not None and not DATE_MIN <= value <= DATE_MAX:
        raise ValidationError(
            _("Enter a date between %(first)s and %(last)s.")
            % {"first": DATE_MIN.strftime("%d/%m/%Y"), "last": DATE_MAX.strftime("%d/%m/%Y")},
            code="date_range",
        )
