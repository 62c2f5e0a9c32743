"""Keeping what participations hold about their case true to the case.

- ``copy_case_fields``: the copies of the fields lists filter on (``models.LIST_COPIES``), after a
  service changes them.
- The rest: ``CaseParticipant.in_agency_jurisdiction``, whether the case lies in the participating
  agency's jurisdiction (``Agency.covers``). It is written by ``CaseParticipant.save``; these
  statements recompute it in bulk when a case moves to another commune or an agency's
  jurisdiction changes (and once, when the column was added).
"""

from django.db import connection

from safereturn.directory.models import JURISDICTION_FIELDS

from .models import LIST_COPIES, Case, CaseParticipant


def copy_case_fields(*, case_ids):
    """Copy the listed fields of these cases onto all their participations (a statement per case:
    a service changes one case, or the few of one person)."""
    for case_id, *values in Case.objects.filter(pk__in=list(case_ids)).values_list("pk", *LIST_COPIES):
        CaseParticipant.objects.filter(case_id=case_id).update(**dict(zip(LIST_COPIES.values(), values, strict=True)))


def _covers_sql():
    """``Agency.covers`` of agency ``a`` and case ``c`` in SQL, made from the jurisdiction table."""
    branches = []
    for level, field in JURISDICTION_FIELDS.items():
        same_place = f" AND a.{field}_id = c.{field}_id" if field else ""
        branches.append(f"(a.jurisdiction_level = '{level}'{same_place})")
    return " OR ".join(branches)


RECOMPUTE_SQL = f"""
UPDATE cases_caseparticipant SET in_agency_jurisdiction = EXISTS (
    SELECT 1 FROM cases_case c, directory_agency a
    WHERE c.id = cases_caseparticipant.case_id AND a.id = cases_caseparticipant.agency_id AND (
        {_covers_sql()}
    )
)
"""  # noqa: S608 - fixed table and column names


def recompute(*, case_id=None, agency_id=None):
    """Recompute the flag for one case's participations, or one agency's."""
    if (case_id is None) == (agency_id is None):
        raise ValueError("give exactly one of case_id and agency_id")
    column, value = ("case_id", case_id) if case_id is not None else ("agency_id", agency_id)
    if column == "case_id":
        value = Case._meta.pk.get_db_prep_value(value, connection)
    with connection.cursor() as cursor:
        cursor.execute(f"{RECOMPUTE_SQL} WHERE {column} = %s", [value])  # noqa: S608 - fixed column names


def agency_before_save(sender, instance, raw=False, **kwargs):
    """Remember the stored jurisdiction of an agency about to be saved (one query, on writes only)."""
    if raw or instance.pk is None:
        instance._stored_jurisdiction = None
        return
    instance._stored_jurisdiction = (
        sender.objects.filter(pk=instance.pk).values_list("jurisdiction_level", "province_id", "commune_id").first()
    )


def agency_saved(sender, instance, created, raw=False, **kwargs):
    """After an agency is saved: if its jurisdiction changed, its participations follow."""
    if raw or created:
        return
    if getattr(instance, "_stored_jurisdiction", None) != (
        instance.jurisdiction_level,
        instance.province_id,
        instance.commune_id,
    ):
        recompute(agency_id=instance.pk)
