"""Scenario 4's shelter for the support browser tests (not a test module): Hải Phòng's social support
centre, its case worker and its director, and the woman rescued at the port, received 119 days ago and
staying at the centre since. Helpers that read a page the way a Vietnamese officer would: no English word,
no raw code."""

import datetime
import re

import pytest
from axe_selenium_python import Axe
from django.core.management import call_command
from django.utils import timezone
from selenium.webdriver.common.by import By

from safereturn.directory.models import FacilityService, Role
from safereturn.shelters import services as shelters
from safereturn.shelters.models import FacilityPlaces
from safereturn.support.entitlements import forget_snapshot
from safereturn.testing.personas import actor_of, record_case

from .conftest import PASSWORD, too_wide
from .test_shell import SERIOUS, _serious_violations

RECEIVED_DAYS_AGO = 119  # today is the 120th day of essential needs counted from reception: the last one

# English words an officer could meet on a support page if a string escaped translation. Words that are
# also Vietnamese without diacritics ("in", "to", "an", "ban", "chi"...) are left out on purpose.
ENGLISH = frozenset(
    """the of and for with from by this that these are was not yes none only there here than into record records
    recorded recording payment payments paid pay service services support supports amount amounts item items
    date dates status decision decisions approve approved approval awaiting reject rejected quantity rate rates
    unit units total totals year years month months day days print printed save choose entitled entitlement
    entitlements until remaining remains left cap near reached legal basis today rules rule provider provided
    agency agencies funding source outcome receipt reason extend extended extension allow allowed above below
    spending regime regimes show nothing yet person child children accompanying food clothing problem enter
    field required case cases confirm given back page error errors must cannot need needs needed allowance
    hardship travel tuition school supplies medical care legal aid advice lessons loan vocational state budget
    donor lawful other hospital centre center bank policy one off time times at least all in-kind anywhere while
    facility community signed sign home help log out next previous submit cancel delete edit view open close
    more less""".split()  # noqa: SIM905 (a list of words, one string)
)
RAW_CODE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
ASCII_WORD = re.compile(r"(?<![\w-])[A-Za-z]+(?:-[A-Za-z]+)*(?![\w-])")

TEXT_OF_PAGE = """
const root = arguments[0] ? document.querySelector(arguments[0]) : document.body;
const parts = [root.innerText];
for (const o of root.querySelectorAll('option')) parts.push(o.textContent);
for (const e of root.querySelectorAll('[title], [aria-label], [placeholder], input[type=submit], img[alt]'))
  for (const a of ['title', 'aria-label', 'placeholder', 'value', 'alt'])
    if (e.hasAttribute(a) && (a !== 'value' || e.type === 'submit')) parts.push(e.getAttribute(a));
if (!arguments[0]) parts.push(document.title);
return parts.join('\\n');
"""


def not_vietnamese(browser, scope=None):
    """English words and raw codes shown on the page, or in the part of it ``scope`` selects (its text, the
    options of its lists, its titles and labels for assistive technology), each with the line it sits in."""
    found = []
    for line in browser.execute_script(TEXT_OF_PAGE, scope).splitlines():
        codes = RAW_CODE.findall(line)
        words = [w for w in ASCII_WORD.findall(line) if w.lower() in ENGLISH]
        if codes or words:
            found.append((codes + words, line.strip()[:120]))
    return found


def serious_violations(browser, scope=None):
    """axe-core's serious and critical violations on the page, or in the part ``scope`` selects."""
    if scope is None:
        return _serious_violations(browser)
    axe = Axe(browser)
    axe.inject()
    return [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]], v["nodes"][0].get("failureSummary", ""))
        for v in axe.run(context=scope)["violations"]
        if v["impact"] in SERIOUS
    ]


def page_problems(browser, label, width, scope=None):
    """What is wrong with the page shown: sideways scroll (the whole page), then in the part ``scope``
    selects (the whole page if None): serious or critical axe violations, English words or raw codes."""
    problems = []
    if (wide := too_wide(browser)) is not None:
        problems.append((width, label, "scrolls sideways", wide))
    if found := serious_violations(browser, scope):
        problems.append((width, label, "axe", found))
    if found := not_vietnamese(browser, scope):
        problems.append((width, label, "not Vietnamese", found))
    return problems


@pytest.fixture(name="shelter")
def shelter_fixture(reference_data, make_agency, make_officer, totp_device):
    """The centre with places, its case worker and director, the woman at the centre (being identified,
    received 119 days ago, admitted the same day), the support rules loaded."""
    call_command("load_support_rules", verbosity=0)
    forget_snapshot()
    agency = make_agency(
        "social_support_facility",
        province_code=31,
        short_name="TTCTXH",
        name="Trung tâm Công tác xã hội Hải Phòng (thử)",
    )
    FacilityService.objects.create(agency=agency, service_type="accommodation", capacity=40)
    for group, places in (("women", 20), ("men", 12), ("children", 8)):
        FacilityPlaces.objects.create(facility=agency, group=group, places=places)
    worker = make_officer(Role.CASE_WORKER, agency=agency, password=PASSWORD, full_name="Phạm Thu Hà")
    director = make_officer(Role.SUPERVISOR, agency=agency, password=PASSWORD, full_name="Vũ Minh Châu")
    acting = actor_of(worker)
    received = timezone.now() - datetime.timedelta(days=RECEIVED_DAYS_AGO)
    woman = record_case(
        acting,
        full_name="Đoàn Thị Hạnh",
        sex="female",
        birth_year=2001,
        channel="rescue_domestic",
        received_at=received,
        province_id=31,
        route="cross_border",
        destination_country="CN",
        risk_level="high",
    )
    shelters.stay_admit(actor=acting, case=woman, group="women", admitted_on=timezone.localdate(received))
    return {
        "agency": agency,
        "worker": (worker, totp_device(worker)[1]),
        "director": (director, totp_device(director)[1]),
        "woman": woman,
        "received_on": timezone.localdate(received),
    }


def day(date):
    return date.strftime("%d/%m/%Y")


def main_text(browser):
    return browser.find_element(By.TAG_NAME, "main").text
