"""Every seeded rule has its citation in Vietnamese (printed on official documents, shown on Vietnamese
screens); the English text stays for the English screens."""

import datetime

import pytest
from django.utils import translation

from safereturn.rules import seed
from safereturn.rules.models import (
    AgencyCompetenceRule,
    DeadlineRule,
    EmergencyAccessRule,
    MatchRequestRule,
    SharingException,
    SharingRule,
)

pytestmark = pytest.mark.django_db

RULE_MODELS = (DeadlineRule, AgencyCompetenceRule, EmergencyAccessRule, SharingRule, SharingException, MatchRequestRule)
ENGLISH_WORDS = ("Law ", "Decree ", "Circular", " Code", " on ", "as amended", "Art.", "cl.")
NEW_LAW_VI = "Luật Phòng, chống mua bán người số 53/2024/QH15, được sửa đổi, bổ sung bởi Luật số 86/2025/QH15"


@pytest.mark.parametrize("model", RULE_MODELS, ids=lambda m: m.__name__)
def test_every_seeded_rule_has_a_vietnamese_citation(model):
    rows = list(model.objects.all())
    assert rows
    for row in rows:
        assert row.citation_document_vi, row
        vietnamese = row.citation_in("vi")
        for word in ENGLISH_WORDS:
            assert word not in vietnamese, (word, vietnamese)


def test_citation_follows_the_screen_language_and_prints_in_vietnamese():
    rule = DeadlineRule.objects.get(step="identity", effective_from=seed.NEW_LAW_FROM)
    rule.citation_article, rule.citation_clause = "27", "2"
    with translation.override("vi"):
        assert rule.citation == f"{NEW_LAW_VI}, Điều 27, khoản 2"
    with translation.override("en"):
        assert rule.citation.startswith("Law 53/2024/QH15 on Prevention and Combat of Human Trafficking")
        assert rule.citation.endswith("Art. 27, cl. 2")
        assert rule.citation_in("vi") == f"{NEW_LAW_VI}, Điều 27, khoản 2"


def test_a_rule_without_a_vietnamese_citation_prints_its_document_and_filling_never_overwrites():
    rule = DeadlineRule.objects.create(
        step="identity",
        days=9,
        counting="working_days",
        effective_from=datetime.date(2040, 1, 1),
        citation_document="Nghị định số 1/2040/NĐ-CP",
    )
    assert rule.citation_in("vi") == "Nghị định số 1/2040/NĐ-CP"
    old = DeadlineRule.objects.filter(step="identity", effective_from=seed.OLD_LAW_FROM)
    old.update(citation_document_vi="Văn bản do quản trị viên sửa")
    assert seed.fill_vietnamese_citations(*RULE_MODELS) == 0
    assert old.get().citation_document_vi == "Văn bản do quản trị viên sửa"


def test_the_admin_lists_and_edits_the_vietnamese_citation(client, make_officer, force_sign_in):
    force_sign_in(make_officer("system_admin", is_staff=True, is_superuser=True))
    listing = client.get("/admin/rules/deadlinerule/").content.decode()
    assert NEW_LAW_VI in listing
    rule = DeadlineRule.objects.get(step="identity", effective_from=seed.NEW_LAW_FROM)
    form = client.get(f"/admin/rules/deadlinerule/{rule.pk}/change/").content.decode()
    assert 'name="citation_document_vi"' in form
