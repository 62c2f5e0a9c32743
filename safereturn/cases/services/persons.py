"""The person behind a case: editing identity, and linking a case to an earlier record of the person."""

from django.db import transaction
from django.utils import timezone

from safereturn.access import policy
from safereturn.audit.models import AuditAction
from safereturn.audit.timeline import record
from safereturn.core import errors
from safereturn.core.name_keys import id_index, phone_index, stored_search_keys, write_name_keys
from safereturn.core.versioning import versioned_update

from .. import participation, vocab
from ..models import Case, CaseEvent, Person, PersonNameKey

# Never written in clear anywhere but their encrypted columns: a history says only that they changed.
IDENTITY_FIELDS = {
    "full_name",
    "other_names",
    "date_of_birth",
    "id_number",
    "phone",
    "address",
    "relatives",
    "accompanying_details",
    "risk_notes",
    "circumstances",
}
PERSON_EDITABLE = {
    "full_name",
    "other_names",
    "date_of_birth",
    "birth_year",
    "sex",
    "nationality",
    "ethnicity",
    "id_number",
    "phone",
    "address",
    "home_province_id",
    "home_commune_id",
    "home_former_commune_id",
}


def changed_fields_history(instance, changes):
    """Changed fields for the timeline; identity values are never written, only that they changed."""
    history = {}
    for name, new in changes.items():
        old = getattr(instance, name)
        if old == new:
            continue
        if name in IDENTITY_FIELDS or name.endswith("_index"):
            history[name] = "changed"
        else:
            history[name] = [str(old) if old is not None else None, str(new) if new is not None else None]
    return history


def set_person_name_keys(person):
    """The person's blind name keys (duplicate blocking) and search keys, after their names changed."""
    write_name_keys(
        PersonNameKey,
        owner_field="person",
        owner=person,
        names=(person.full_name, person.other_names),
        extra={"birth_year": person.birth_year},
    )
    person.name_search = stored_search_keys(person.full_name, person.other_names)
    Person.objects.filter(pk=person.pk).update(name_search=person.name_search)


def age_group_for(date_of_birth, birth_year, on_date):
    if date_of_birth:
        age = (
            on_date.year
            - date_of_birth.year
            - ((on_date.month, on_date.day) < (date_of_birth.month, date_of_birth.day))
        )
    elif birth_year:
        age = on_date.year - birth_year
    else:
        return vocab.AgeGroup.UNKNOWN
    return vocab.AgeGroup.CHILD if age < 18 else vocab.AgeGroup.ADULT


def _case_age_group(person, case):
    return age_group_for(person.date_of_birth, person.birth_year, timezone.localdate(case.received_at))


@transaction.atomic
def person_link_case(*, actor, case, person_id, expected_version):
    """Attach a case to an earlier record of the same person (merge), keeping history."""
    if not policy.can_edit_case(actor, case):
        raise errors.Denied
    target = (
        Person.objects.filter(pk=person_id, cases__in=policy.visible_cases(actor), merged_into__isnull=True)
        .distinct()
        .first()
    )
    if target is None or target.pk == case.person_id:
        raise errors.NotFound
    return link_case_to_person(actor, case, target, expected_version=expected_version)


def link_case_to_person(actor, case, target, *, expected_version):
    """Move the case to ``target`` (inside the caller's transaction; the caller checked who may):
    the earlier record is merged when no case is left on it; audited, on the timeline."""
    old_person_id = case.person_id
    # The case's copies of the person's sex and age group follow the record it now belongs to.
    versioned_update(
        case,
        expected_version=expected_version,
        refresh=False,
        person=target,
        person_sex=target.sex,
        age_group=_case_age_group(target, case),
    )
    participation.copy_case_fields(case_ids=[case.pk])
    if not Case.objects.filter(person_id=old_person_id).exists():
        # The earlier record is merged into the target: an edit of it in flight now meets a conflict.
        versioned_update(Person.objects.get(pk=old_person_id), expected_version=None, refresh=False, merged_into=target)
    record(
        actor,
        AuditAction.CHANGE,
        object_type="case",
        object_id=case.pk,
        details={"linked_person": target.pk, "previous_person": old_person_id},
        event=CaseEvent.build(
            case, vocab.EventKind.PERSON_LINKED, actor, person_id=target.pk, previous_person_id=old_person_id
        ),
    )
    case.refresh_from_db()
    return case


@transaction.atomic
def person_update(*, actor, case, expected_version, changes):
    """Edit the person behind a case; identity fields stay encrypted, history records only that they changed."""
    if not policy.can_edit_case(actor, case):
        raise errors.Denied
    unknown = set(changes) - PERSON_EDITABLE
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    person = case.person
    history = changed_fields_history(person, changes)
    if "id_number" in changes:
        changes["id_number_index"] = id_index(changes["id_number"])
    if "phone" in changes:
        changes["phone_index"] = phone_index(changes["phone"])
    if changes.get("date_of_birth") and "birth_year" not in changes:
        changes["birth_year"] = changes["date_of_birth"].year
    versioned_update(person, expected_version=expected_version, **changes)
    if "full_name" in changes or "other_names" in changes:
        set_person_name_keys(person)
    birth_changed = bool({"date_of_birth", "birth_year"} & set(changes))
    if birth_changed:
        PersonNameKey.objects.filter(person=person).update(birth_year=person.birth_year)
    # Every case of the person copies the sex; the age group is the one at this case's reception.
    Case.objects.filter(person=person).update(person_sex=person.sex)
    if birth_changed:
        Case.objects.filter(pk=case.pk).update(age_group=_case_age_group(person, case))
    participation.copy_case_fields(case_ids=Case.objects.filter(person=person).values_list("pk", flat=True))
    record(
        actor,
        AuditAction.CHANGE,
        object_type="person",
        object_id=person.pk,
        details={"fields": sorted(history)},
        event=CaseEvent.build(case, vocab.EventKind.PERSON_UPDATED, actor, fields=history) if history else None,
    )
    return person
