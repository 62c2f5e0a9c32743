"""A person still living in a facility stops the case being closed, until the discharge is recorded."""

import pytest
from django.utils import timezone

from safereturn.cases.extensions import open_items_blocking_close
from safereturn.shelters.vocab import DischargeReason
from safereturn.testing.factories import StayFactory

pytestmark = pytest.mark.django_db


def test_a_current_stay_blocks_closing_until_the_discharge():
    stay = StayFactory()
    items = [item for item in open_items_blocking_close(stay.case) if item.source == "shelters"]
    assert len(items) == 1
    assert stay.admitted_on.strftime("%d/%m/%Y") in items[0].label
    assert items[0].url.endswith(f"/stays/{stay.pk}/discharge/")

    stay.discharged_on = timezone.localdate()
    stay.discharge_reason = DischargeReason.values[0]
    stay.save(update_fields=["discharged_on", "discharge_reason"])
    assert not [item for item in open_items_blocking_close(stay.case) if item.source == "shelters"]
