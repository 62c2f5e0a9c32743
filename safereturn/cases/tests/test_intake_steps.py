"""Intake in steps (issue #16): question pages checked one by one, answers kept in an encrypted
draft only its owner reads, a check-your-answers page where saving happens, drafts that expire."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from safereturn.audit.models import AuditEvent
from safereturn.cases import forms, services, tasks, vocab
from safereturn.cases.models import Case, Consent, IntakeDraft
from safereturn.cases.tests.test_intake_and_cases import intake_form
from safereturn.geo.countries import country_choices
from safereturn.testing.factories import IntakeDraftFactory
from safereturn.testing.personas import actor_of

pytestmark = pytest.mark.django_db

STEP_NAMES = [names for _title, names in forms.IntakeStepsForm.STEPS]


def _step_data(number, **overrides):
    data = intake_form(**overrides)
    data.pop("consent_share_with", None)
    return {name: data[name] for name in STEP_NAMES[number - 1] if name in data}


def _walk(client, upto=5, **overrides):
    """Answer steps 1..upto; the URL the last step sent the officer to, and the draft."""
    response = client.post(reverse("cases:intake_step", args=[1]), _step_data(1, **overrides))
    assert response.status_code == 302, response.context and response.context["errors"]
    draft = IntakeDraft.objects.get()
    for number in range(2, upto + 1):
        url = reverse("cases:intake_step", args=[number]) + f"?draft={draft.pk}"
        response = client.post(url, _step_data(number, **overrides))
        assert response.status_code == 302, response.context and response.context["errors"]
    return response["Location"], draft


def test_start_page_lists_the_steps_and_the_officers_drafts_only(client, personas, force_sign_in):
    force_sign_in("intake")
    mine = IntakeDraftFactory(owner=personas.intake, agency=personas.commune, step=3)
    IntakeDraftFactory()  # another officer's
    page = client.get(reverse("cases:intake")).content.decode()
    assert page.count('data-testid="intake-draft"') == 1
    assert f"/cases/intake/step/3/?draft={mine.pk}" in page, "resumed where it was left"
    assert "Bắt đầu" in page
    assert "Nháp" not in page, "the start page names no person"


def test_each_step_is_checked_on_its_own_with_an_error_summary(client, personas, force_sign_in):
    force_sign_in("intake")
    response = client.post(reverse("cases:intake_step", args=[1]), {"full_name": "", "sex": ""})
    assert response.status_code == 200
    named = [field.name for field, _error in response.context["errors"]]
    assert named == ["full_name", "sex"], "only this step's fields, none of the later required ones"
    page = response.content.decode()
    assert 'data-testid="error-summary"' in page and 'href="#id_full_name"' in page
    assert "Bước 1/5" in page
    assert not IntakeDraft.objects.exists(), "nothing kept from a step with errors"


def test_steps_keep_answers_in_an_encrypted_draft_and_only_the_check_page_saves(client, personas, force_sign_in):
    force_sign_in("intake")
    location, draft = _walk(client, upto=4)
    assert location.endswith(f"/cases/intake/step/5/?draft={draft.pk}")
    assert not Case.objects.exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT answers FROM cases_intakedraft WHERE id = %s", [draft.pk.hex])
        stored = cursor.fetchone()
    assert stored is not None and "Lâm" not in stored[0] and "Tài" not in stored[0]
    draft.refresh_from_db()
    assert draft.answers["full_name"] == "Lâm Văn Tài" and draft.step == 5

    # A dropped connection: the officer comes back to the same step and finds the answers.
    page = client.get(reverse("cases:intake_step", args=[1]) + f"?draft={draft.pk}").content.decode()
    assert 'value="Lâm Văn Tài"' in page

    location, _draft = _walk_rest(client, draft)
    assert location == reverse("cases:intake_check") + f"?draft={draft.pk}"
    check = client.get(location)
    text = check.content.decode()
    assert check.context["complete"]
    assert "Kiểm tra câu trả lời" in text and text.count('data-testid="change"') == 5
    assert dict(country_choices())["KH"] in text, "choices shown by their names"
    with translation.override("vi"):
        assert str(vocab.ExploitationForm.FORCED_LABOUR.label) in text
    assert not Case.objects.exists()

    response = client.post(location)
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
    assert case.person.full_name == "Lâm Văn Tài" and case.channel == "self_return"
    assert not IntakeDraft.objects.exists(), "the draft goes once the case is saved"
    drafts = AuditEvent.objects.filter(object_type="intake_draft", object_id=str(draft.pk))
    assert {e.action for e in drafts} >= {"create", "change", "view"}
    assert not any("Lâm" in str(e.details) for e in drafts)


def _walk_rest(client, draft):
    url = reverse("cases:intake_step", args=[5]) + f"?draft={draft.pk}"
    response = client.post(url, _step_data(5))
    assert response.status_code == 302, response.context and response.context["errors"]
    return response["Location"], draft


def test_change_link_returns_to_the_check_page(client, personas, force_sign_in):
    force_sign_in("intake")
    _location, draft = _walk(client)
    url = reverse("cases:intake_step", args=[2]) + f"?draft={draft.pk}&from=check"
    page = client.get(url).content.decode()
    assert reverse("cases:intake_check") in page, "Back goes to the check page"
    response = client.post(url, _step_data(2, reception_place="Bến phà"))
    assert response["Location"] == reverse("cases:intake_check") + f"?draft={draft.pk}"
    draft.refresh_from_db()
    assert draft.answers["reception_place"] == "Bến phà" and draft.answers["full_name"] == "Lâm Văn Tài"


def test_a_draft_is_read_by_its_owner_only(client, personas, force_sign_in, make_officer):
    other = IntakeDraftFactory(agency=personas.commune)  # a colleague's, in the same agency
    force_sign_in("intake")
    for url in (
        reverse("cases:intake_step", args=[1]) + f"?draft={other.pk}",
        reverse("cases:intake_check") + f"?draft={other.pk}",
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("cases:intake_discard"), {"draft": str(other.pk)}).status_code == 404
    assert IntakeDraft.objects.filter(pk=other.pk).exists()
    assert client.post(reverse("cases:intake_step", args=[2]) + f"?draft={other.pk}", {}).status_code == 404


def test_the_owner_discards_a_draft(client, personas, force_sign_in):
    force_sign_in("intake")
    _location, draft = _walk(client, upto=1)
    response = client.post(reverse("cases:intake_discard"), {"draft": str(draft.pk)})
    assert response.status_code == 302 and not IntakeDraft.objects.exists()


def test_the_check_page_runs_the_duplicate_check_before_saving(client, personas, force_sign_in):
    force_sign_in("intake")
    _location, first = _walk(client)
    client.post(reverse("cases:intake_check") + f"?draft={first.pk}")
    assert Case.objects.count() == 1
    _location, second = _walk(client, full_name="Lam Van Tai")
    check = reverse("cases:intake_check") + f"?draft={second.pk}"
    response = client.post(check)
    assert response.status_code == 200 and 'data-testid="duplicate-warning"' in response.content.decode()
    assert Case.objects.count() == 1 and IntakeDraft.objects.filter(pk=second.pk).exists()
    earlier = Case.objects.get()
    response = client.post(check, {"link_to_person": str(earlier.person_id)})
    assert response.status_code == 302
    assert Case.objects.count() == 2 and Case.objects.exclude(pk=earlier.pk).get().person_id == earlier.person_id


def test_an_incomplete_draft_cannot_be_saved_and_says_where_to_go(client, personas, force_sign_in):
    force_sign_in("intake")
    _location, draft = _walk(client, upto=2)
    check = reverse("cases:intake_check") + f"?draft={draft.pk}"
    response = client.get(check)
    assert not response.context["complete"]
    assert reverse("cases:intake_step", args=[3]) in response.content.decode()
    client.post(check)
    assert not Case.objects.exists()


def test_defaults_and_labels(client, personas, force_sign_in):
    force_sign_in("intake")
    reception = client.get(reverse("cases:intake_step", args=[2])).content.decode()
    now = timezone.localtime()
    assert f'value="{now:%d/%m/%Y}' in reception, "received today by default"
    assert "— Chọn —" in reception and "(không bắt buộc)" in reception
    channel = reception.split('name="channel"')[1].split("</select>")[0]
    assert "selected" not in channel.split("</option>", 1)[1], "no option but the prompt preselected"
    person = client.get(reverse("cases:intake_step", args=[1])).content.decode()
    assert "Họ và tên" in person and "Họ và tên <span" not in person, "a required field is not marked"


def test_consent_is_a_short_grouped_choice_that_expands_to_agency_types(client, personas, force_sign_in):
    force_sign_in("intake")
    consent = client.get(reverse("cases:intake_step", args=[5]))
    choices = consent.context["form"].fields["consent_share_groups"].choices
    assert 2 <= len(choices) <= 5, "a few groups, not thirty agency types"
    assert 'data-testid="shared-by-law"' in consent.content.decode()
    _location, draft = _walk(client, upto=4)
    data = {**_step_data(5), "consent_share_groups": ["ngo", "shelter"]}
    client.post(reverse("cases:intake_step", args=[5]) + f"?draft={draft.pk}", data)
    client.post(reverse("cases:intake_check") + f"?draft={draft.pk}")
    shared = Consent.objects.get().share_with
    assert "ngo" in shared and "social_support_facility" in shared
    assert "province_police" not in shared and "health_department" not in shared


def test_old_drafts_expire(settings, personas):
    settings.SAFERETURN_INTAKE_DRAFT_DAYS = 7
    old = IntakeDraftFactory(updated_at=timezone.now() - datetime.timedelta(days=8))
    fresh = IntakeDraftFactory()
    assert services.drafts_expire() == 1
    assert list(IntakeDraft.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert AuditEvent.objects.filter(object_type="intake_draft", details__expired=1).exists()
    assert old.pk not in {d.pk for d in services.drafts_of(actor_of(fresh.owner))}


def test_the_nightly_task_deletes_expired_drafts(settings, personas):
    settings.SAFERETURN_INTAKE_DRAFT_DAYS = 3
    IntakeDraftFactory(updated_at=timezone.now() - datetime.timedelta(days=4))
    assert tasks.expire_intake_drafts.call_local() == 1
    assert not IntakeDraft.objects.exists()
