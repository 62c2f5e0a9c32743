"""``built_once``: what a module builds once is there for each of its tests, and what one test changes
(rows or Python objects) never reaches the next."""

import pytest

from safereturn.cases.models import Case
from safereturn.directory.models import Agency
from safereturn.testing.fixtures import built_once, per_test_copy
from safereturn.testing.personas import Personas, record_case

BUILT_NAME = Personas.police.name


@pytest.fixture(scope="module")
def module_personas(django_db_setup, django_db_blocker):
    yield from built_once(django_db_blocker, lambda: Personas().build("police", "police_verifier"))


@pytest.fixture
def personas(module_personas, db):
    return per_test_copy(module_personas)


@pytest.mark.parametrize("run", ["first", "second"])
def test_each_test_finds_the_world_as_built_whatever_the_one_before_did(personas, module_personas, run):
    police = personas.police
    assert police.pk == module_personas.police.pk and police is not module_personas.police
    assert police.name == BUILT_NAME and Agency.objects.get(pk=police.pk).name == BUILT_NAME
    assert personas.made() == ["police", "police_verifier"]
    assert not Case.objects.exists()
    # Change everything: the row and the object, a new case, a persona made in this test only.
    police.name = f"Renamed in the {run} test"
    police.save()
    record_case(personas.actor("police_verifier"))
    assert personas.commune.pk and Case.objects.count() == 1
