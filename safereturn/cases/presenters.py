"""How case data is shown: masked by default, revealed only after an audited action."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from safereturn.access.policy import mask_digits, mask_name
from safereturn.core.display import vocab_labels
from safereturn.geo.countries import country_name
from safereturn.geo.ethnicity import ethnic_group_name
from safereturn.geo.selectors import legacy_commune_with_units

from . import vocab
from .models import Case, Person


@dataclass
class CaseView:
    case: object
    name: str
    other_names: str
    date_of_birth: str
    id_number: str
    phone: str
    address: str
    exploitation: list
    recruitment: list
    control: list
    needs: list
    destination: str
    nationality: str
    ethnicity: str
    residence: str
    revealed: bool


def _labels(choices_cls, text):
    labels = vocab_labels(choices_cls)
    return [labels.get(code, code) for code in vocab.decode_codes(text)]


def masked_person(case):
    """The person of a case as any officer who may open the case sees it: masked, nothing decrypted
    beyond what the masks need."""
    person = case.person
    return {
        "id": person.pk,
        "name": mask_name(person.full_name),
        "birth_year": person.birth_year,
        "sex": person.sex,
        "id_number": mask_digits(person.id_number),
        "phone": mask_digits(person.phone),
        "revealed": False,
    }


DIVISION_WORDS = ("Thành phố ", "Thị xã ", "Tỉnh ", "Quận ", "Huyện ")


def _within(name):
    """A unit named after a comma, as Vietnamese addresses write it: "huyện Mỹ Xuyên", "tỉnh Sóc Trăng"."""
    for word in DIVISION_WORDS:
        if name.startswith(word):
            return word.lower() + name[len(word) :]
    return name


def residence_text(person):
    """Today's commune and province; for an address given with the former units, those first:
    "Phường 1, thành phố Sóc Trăng, tỉnh Sóc Trăng (cũ) — nay Phường Phú Lợi, thành phố Cần Thơ"."""
    commune = person.home_commune.name if person.home_commune_id else ""
    province = person.home_province.name if person.home_province_id else ""
    former = legacy_commune_with_units(person.home_former_commune_id) if person.home_former_commune_id else None
    if former is None:
        return ", ".join(part for part in (commune, province) if part)
    district = former.legacy_district
    old = ", ".join((former.name, _within(district.name), _within(district.legacy_province.name)))
    today = ", ".join(part for part in (commune, _within(province) if commune else province) if part)
    return _("%(former)s (former) — now %(today)s") % {"former": old, "today": today or "—"}


def present_case(case, *, revealed):
    if case is None:
        return None
    person = case.person
    if revealed:
        name, other = person.full_name, person.other_names
        # The exact date when known; otherwise the year, which the masked view shows too.
        dob = person.date_of_birth.strftime("%d/%m/%Y") if person.date_of_birth else str(person.birth_year or "")
        id_number, phone, address = person.id_number, person.phone, person.address
    else:
        name, other = mask_name(person.full_name), (_("hidden") if person.other_names else "")
        dob = str(person.birth_year) if person.birth_year else ""
        id_number, phone = mask_digits(person.id_number), mask_digits(person.phone)
        address = _("hidden") if person.address else ""
    return CaseView(
        case=case,
        name=name,
        other_names=other,
        date_of_birth=dob,
        id_number=id_number,
        phone=phone,
        address=address,
        exploitation=_labels(vocab.ExploitationForm, case.exploitation_forms),
        recruitment=_labels(vocab.RecruitmentMethod, case.recruitment_methods),
        control=_labels(vocab.ControlMethod, case.control_methods),
        needs=_labels(vocab.ImmediateNeed, case.immediate_needs_met),
        destination=country_name(case.destination_country),
        nationality=country_name(person.nationality),
        ethnicity=ethnic_group_name(person.ethnicity),
        residence=residence_text(person),
        revealed=revealed,
    )


def _field_label(model, name):
    from django.core.exceptions import FieldDoesNotExist

    for candidate in (name, name.removesuffix("_id")):
        try:
            return str(model._meta.get_field(candidate).verbose_name)
        except FieldDoesNotExist:
            continue
    return name


def changed_fields(kind, data):
    """For an edit on the timeline, the labels of the fields it changed (labels only: identity values
    were never recorded, and other old and new values stay in the audit trail); else ""."""

    model = {vocab.EventKind.CASE_UPDATED: Case, vocab.EventKind.PERSON_UPDATED: Person}.get(kind)
    fields = (data or {}).get("fields") if model else None
    return ", ".join(_field_label(model, name) for name in sorted(fields)) if fields else ""
