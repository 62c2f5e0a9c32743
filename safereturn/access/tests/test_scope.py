"""The case scope at scale: participations inside an agency's own jurisdiction are flagged, so a
supervisor's scope is "the jurisdiction, or a participation outside it"; the flag follows the case
and the agency when either moves."""

import pytest
from django.db import connection
from django.utils import timezone

from safereturn.access.policy import visible_cases
from safereturn.cases import participation, services
from safereturn.cases.models import Case, CaseParticipant
from safereturn.testing.fixtures import built_once, per_test_copy
from safereturn.testing.personas import CAN_THO, DA_NANG, Personas, actor_of, new_agency, new_officer, record_case

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def module_personas(django_db_setup, django_db_blocker):
    """Cần Thơ's health department (its supervisor) and Phú Lợi ward (its intake officer), and a case
    worker of the Đà Nẵng police, made once for the module."""
    cast = ("health", "commune", "other_police", "health_supervisor", "intake", "other_case_worker")
    yield from built_once(django_db_blocker, lambda: Personas().build(*cast))


@pytest.fixture
def personas(module_personas, db):
    return per_test_copy(module_personas)


def _world_of(personas):
    return {
        "supervisor": personas.actor("health_supervisor"),
        "commune_officer": personas.actor("intake"),
        "dn_officer": personas.actor("other_case_worker"),
        "health_ct": personas.health,
        "commune_ct": personas.commune,
    }


@pytest.fixture
def world(personas):
    return _world_of(personas)


def test_supervisor_sees_the_province_and_participations_outside_it_only_while_active(world):
    supervisor, dn_officer = world["supervisor"], world["dn_officer"]
    in_province = record_case(world["commune_officer"], province_id=CAN_THO, commune_id=31510)
    elsewhere = record_case(dn_officer, province_id=DA_NANG, full_name="Trần Văn Lộc")
    visible = set(visible_cases(supervisor).values_list("pk", flat=True))
    assert in_province.pk in visible and elsewhere.pk not in visible

    referral = CaseParticipant.objects.create(case=elsewhere, agency=world["health_ct"], role="referral_recipient")
    assert referral.in_agency_jurisdiction is False
    assert visible_cases(supervisor).filter(pk=elsewhere.pk).exists()
    own = CaseParticipant.objects.get(case=in_province, agency=world["commune_ct"])
    assert own.in_agency_jurisdiction is True

    CaseParticipant.objects.filter(pk=referral.pk).update(is_active=False)
    assert not visible_cases(supervisor).filter(pk=elsewhere.pk).exists()
    # An officer who is not a supervisor sees only what the agency takes part in.
    assert set(visible_cases(world["commune_officer"]).values_list("pk", flat=True)) == {in_province.pk}
    assert set(visible_cases(dn_officer).values_list("pk", flat=True)) == {elsewhere.pk}


def test_the_flag_follows_a_case_moved_to_another_commune(world):
    officer = world["commune_officer"]
    case = record_case(officer, province_id=CAN_THO, commune_id=31510)
    receiver = CaseParticipant.objects.get(case=case, agency=world["commune_ct"])
    assert receiver.in_agency_jurisdiction is True
    from safereturn.geo.models import Commune

    other_commune = Commune.objects.filter(province_id=CAN_THO).exclude(code=31510).order_by("code").first().code
    services.case_update(actor=officer, case=case, expected_version=case.version, changes={"commune_id": other_commune})
    receiver.refresh_from_db()
    assert receiver.in_agency_jurisdiction is False
    assert visible_cases(officer).filter(pk=case.pk).exists()  # the agency still takes part


def test_the_flag_follows_an_agency_whose_jurisdiction_changes(world):
    case = record_case(world["commune_officer"], province_id=CAN_THO, commune_id=31510)
    responsible = CaseParticipant.objects.create(case=case, agency=world["health_ct"], role="referral_recipient")
    assert responsible.in_agency_jurisdiction is True
    agency = world["health_ct"]
    agency.province_id = DA_NANG
    agency.save()
    responsible.refresh_from_db()
    assert responsible.in_agency_jurisdiction is False
    # The supervisor, now overseeing Đà Nẵng, keeps the Cần Thơ case the agency takes part in.
    supervisor = actor_of(world["supervisor"].user)
    assert visible_cases(supervisor).filter(pk=case.pk).exists()
    assert not Case.objects.filter(province_id=DA_NANG).exists()


def test_scope_is_written_so_postgresql_can_use_its_indexes(world):
    sql = str(visible_cases(world["supervisor"]).query)
    if connection.vendor == "postgresql":
        assert sql.count("= ANY(ARRAY(SELECT") == 2 and "EXISTS" not in sql
    else:
        assert sql.count("IN (SELECT") == 2


# ---- lists over the pieces of the scope -------------------------------------------------------


def _crowd(world):
    """Cases inside and outside Cần Thơ reached every way a scope can reach them: the jurisdiction,
    a participation outside it, two roles of one agency in one case, a stale flag, break-glass."""
    from datetime import timedelta

    from safereturn.access.models import BreakGlassGrant

    commune_officer, dn_officer = world["commune_officer"], world["dn_officer"]
    names = ["Hà Thị Nhung", "Trần Văn Lộc", "Lê Thị Mai", "Phạm Văn Hùng", "Võ Thị Lan", "Đỗ Văn Nam"]
    cases = []
    for i in range(12):
        actor = commune_officer if i % 3 else dn_officer
        province, commune = (CAN_THO, 31510) if actor is commune_officer else (DA_NANG, None)
        # Same date received for pairs of cases: the case number breaks the tie.
        received_at = (timezone.now() - timedelta(days=i // 2)).replace(microsecond=0)
        case = record_case(
            actor, province_id=province, commune_id=commune, full_name=names[i % len(names)], received_at=received_at
        )
        Case.objects.filter(pk=case.pk).update(
            status=["being_identified", "identified", "in_support"][i % 3], channel=["self_return", "rescued"][i % 2]
        )
        participation.copy_case_fields(case_ids=[case.pk])  # as the services that change them do
        cases.append(case)
    outside = [c for c in cases if c.province_id == DA_NANG]
    health = world["health_ct"]
    CaseParticipant.objects.create(case=outside[0], agency=health, role="referral_recipient")
    CaseParticipant.objects.create(case=outside[0], agency=health, role="assignee")  # two roles, one case
    stale = CaseParticipant.objects.create(case=cases[1], agency=health, role="referral_recipient")
    CaseParticipant.objects.filter(pk=stale.pk).update(in_agency_jurisdiction=False)  # a stale flag
    CaseParticipant.objects.create(case=outside[1], agency=world["commune_ct"], role="referral_recipient")
    for actor, case in ((world["supervisor"], outside[2]), (commune_officer, outside[3]), (commune_officer, cases[2])):
        BreakGlassGrant.objects.create(
            user=actor.user,
            agency=actor.agency,
            case=case,
            justification="x",
            expires_at=timezone.now() + timedelta(hours=1),
        )
    national = new_agency("ministry", level="national", name="Bộ (thử)")
    world["national"] = actor_of(new_officer("supervisor", agency=national))
    world["health_worker"] = actor_of(new_officer("case_worker", agency=health))
    return cases


@pytest.fixture(scope="class")
def crowded_province(module_personas, django_db_blocker):
    """The world and ``_crowd``'s cases, made once for a class's tests (see ``built_once``)."""

    def build():
        world = _world_of(per_test_copy(module_personas))
        return world, _crowd(world)

    yield from built_once(django_db_blocker, build)


class TestACrowdedProvince:
    """Lists over the pieces of the scope, in a province crowded once for all these tests (each test
    gets its own copy of the world and cases; what it changes is rolled back after it)."""

    @pytest.fixture
    def crowded_copy(self, crowded_province, db):
        return per_test_copy(crowded_province)

    @pytest.fixture
    def world(self, crowded_copy):
        return crowded_copy[0]

    @pytest.fixture
    def crowded(self, crowded_copy):
        return crowded_copy[1]

    @pytest.mark.parametrize(
        "filters,sort",
        [
            ({}, "-received"),
            ({"status": "identified"}, "-received"),
            ({"channel": "rescued"}, "number"),
            ({"q": "thi ha nhung"}, "-received"),
            ({"q": "van"}, "status"),
            ({"province_id": DA_NANG}, "received"),
            ({"status": "in_support", "channel": "self_return"}, "-number"),
        ],
    )
    def test_a_listing_equals_the_scope_filtered_and_sorted(self, world, crowded, filters, sort):
        _assert_listings_equal_the_scope(world, filters, sort)

    @pytest.mark.parametrize("query,sort", [("thi ha nhung", "-received"), ("van", "status"), ("van", "number")])
    def test_a_name_search_naming_many_persons_lists_the_same(self, world, crowded, monkeypatch, query, sort):
        """Past ``SEARCH_PERSONS_AS_VALUES`` persons, a search stays a subquery and is counted and paged
        piece by piece, not read whole: the rows and their order are the same."""
        from safereturn.cases import selectors

        assert selectors.case_list(world["supervisor"], {"q": query}, sort).bounded
        monkeypatch.setattr(selectors, "SEARCH_PERSONS_AS_VALUES", 0)
        assert not selectors.case_list(world["supervisor"], {"q": query}, sort).bounded
        _assert_listings_equal_the_scope(world, {"q": query}, sort)

    def test_the_pieces_of_a_scope_do_not_overlap_and_make_the_whole(self, world, crowded):
        from safereturn.access.policy import visible_case_parts

        for name in ("supervisor", "commune_officer", "dn_officer", "health_worker"):
            actor = world[name]
            seen = []
            for part in visible_case_parts(actor):
                ids = part.queryset.values_list("pk" if part.kind == "cases" else "case_id", flat=True)
                seen.extend(set(ids))
            assert len(seen) == len(set(seen)), name
            assert set(seen) == set(visible_cases(actor).values_list("pk", flat=True)), name

    def test_opening_one_case_follows_the_scope_for_every_kind_of_actor(
        self, world, crowded, make_agency, make_officer
    ):
        """``case_for_actor`` reads one case with its own SQL (existence probes for one case): it must open
        exactly the cases ``visible_cases`` lists, for every kind of actor, grant and flag, and answer the
        break-glass question as the query on grants does."""
        from datetime import timedelta

        from django.http import Http404

        from safereturn.access import policy
        from safereturn.access.models import BreakGlassGrant

        commune_officer = world["commune_officer"]
        expired = crowded[5]
        BreakGlassGrant.objects.create(
            user=commune_officer.user,
            agency=commune_officer.agency,
            case=expired,
            justification="x",
            expires_at=timezone.now() - timedelta(minutes=1),
        )
        CaseParticipant.objects.filter(case=crowded[4], agency=world["commune_ct"]).update(is_active=False)
        closed = make_agency("legal_aid_centre", level="province", province_code=CAN_THO, is_active=False)
        world["closed_agency"] = actor_of(make_officer("case_worker", agency=closed))
        world["auditor"] = actor_of(make_officer("auditor", agency=world["health_ct"]))
        cases = list(Case.objects.all())
        names = [
            "supervisor", "commune_officer", "dn_officer", "national", "health_worker", "closed_agency", "auditor",
        ]  # fmt: skip
        for name in names:
            actor = world[name]
            visible = set(visible_cases(actor).values_list("pk", flat=True))
            assert name in ("closed_agency", "auditor") or visible, name
            for case in cases:
                try:
                    opened = policy.case_for_actor(actor, case.pk, related=("person", "province"))
                except Http404:
                    assert case.pk not in visible, (name, case.number)
                    continue
                assert case.pk in visible, (name, case.number)
                assert opened == case and opened.person.pk == case.person_id and opened.province.pk == case.province_id
                grant = BreakGlassGrant.objects.filter(case=case, user=actor.user, expires_at__gt=timezone.now())
                assert policy.has_break_glass(actor, opened) is grant.exists(), (name, case.number)
        for bad in ("not-a-uuid", "", None, 42):
            with pytest.raises(Http404):
                policy.case_for_actor(world["supervisor"], bad)


def _assert_listings_equal_the_scope(world, filters, sort):
    from django.core.paginator import Paginator

    from safereturn.cases import selectors

    actors = ["supervisor", "commune_officer", "dn_officer", "national", "health_worker"]
    for name in actors:
        actor = world[name]
        listing = selectors.case_list(actor, filters, sort)
        expected = list(
            visible_cases(actor).filter(**listing.conditions).order_by(*listing.order).values_list("pk", flat=True)
        )
        # Sliced before it is counted (the home page's five newest), then counted.
        uncounted = selectors.case_list(actor, filters, sort)
        assert [row[""]["id"] for row in uncounted[0:3]] == expected[:3], name
        assert [row[""]["id"] for row in uncounted[2:4]] == expected[2:4], name
        assert listing.count() == len(expected), name
        for size in (1, 3, 5):
            paginator = Paginator(listing, size)
            got = [row[""]["id"] for number in paginator.page_range for row in paginator.page(number)]
            assert got == expected, (name, size)
        # The API reads whole cases, in the same order.
        paginator = Paginator(selectors.case_list(actor, filters, sort, read="api"), 2)
        assert [case.pk for number in paginator.page_range for case in paginator.page(number)] == expected, name


def test_a_name_search_matches_every_word_of_the_full_or_other_names_and_follows_renames(world):
    from safereturn.cases import selectors

    officer = world["commune_officer"]
    huong = record_case(officer, province_id=CAN_THO, commune_id=31510, full_name="Nguyễn Thị Thu Hương")
    hoa = record_case(officer, province_id=CAN_THO, commune_id=31510, full_name="Nguyễn Thị Hoa")
    services.person_update(
        actor=officer, case=huong, expected_version=huong.person.version, changes={"other_names": "Mỹ Linh"}
    )

    def found(query):
        return {row[""]["number"] for row in selectors.case_list(officer, {"q": query})[0:50]}

    assert found("huong nguyen thi") == {huong.number}  # no accents, any order, a word left out
    assert found("NGUYỄN thị") == {huong.number, hoa.number}
    assert found("linh my nguyen") == {huong.number}  # words from the other names count
    assert found("huong linh tran") == set()
    nothing = selectors.case_list(officer, {"q": "— …"})  # no word to search for: no rows, no error
    assert nothing.count() == 0 and nothing[0:25] == []
    huong.refresh_from_db()
    services.person_update(
        actor=officer, case=huong, expected_version=huong.person.version, changes={"full_name": "Trần Thị Thu"}
    )
    assert found("nguyen thu") == set() and found("tran thu linh") == {huong.number}


def test_a_name_search_uses_the_gin_index_on_postgresql(world):
    if connection.vendor != "postgresql":
        pytest.skip("the GIN index exists on PostgreSQL only")
    from safereturn.cases.models import Person

    keys = ["a" * 32, "b" * 32]
    sql, params = Person.objects.filter(name_search__has_all_keys=keys).values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "person_name_search_gin" in plan
