"""Cash support waiting for approval stops the case being closed, until it is approved or rejected."""

import pytest

from safereturn.cases.extensions import open_items_blocking_close
from safereturn.testing.factories import SupportRecordFactory

pytestmark = pytest.mark.django_db


def _support_items(case):
    return [item for item in open_items_blocking_close(case) if item.source == "support"]


def test_cash_awaiting_approval_blocks_closing():
    waiting = SupportRecordFactory(status="awaiting_approval")
    SupportRecordFactory(case=waiting.case)  # recorded food: nothing left to do
    items = _support_items(waiting.case)
    assert len(items) == 1
    assert "700.000 đ" in items[0].label
    assert items[0].url.endswith(f"/support/cases/{waiting.case.pk}/")

    waiting.status = "approved"
    waiting.save(update_fields=["status"])
    assert not _support_items(waiting.case)
