from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from safereturn.core.access_marks import not_case_data

from .selectors import communes_in_province, legacy_communes_in_district, legacy_districts_in_province

# htmx sends the changed <select>'s own value under its own name: the place of reception is
# ``province``, the residence ``home_province`` (an endpoint that read only ``province`` left the
# residence commune list empty). Every picker's name is read.
PROVINCE_PARAMETERS = ("province", "home_province", "province_id")


def _code(request, names):
    for name in names:
        value = request.GET.get(name)
        if value:
            try:
                return int(value)
            except ValueError:
                return 0
    return 0


def _options(request, units, placeholder):
    return render(request, "geo/commune_options.html", {"communes": units, "placeholder": placeholder})


@not_case_data
@login_required
def commune_options(request):
    """<option>s of a province's communes, for the htmx-driven commune pickers."""
    province = _code(request, PROVINCE_PARAMETERS)
    communes = communes_in_province(province).order_by("name") if province else []
    return _options(request, communes, _("— choose a commune —"))


@not_case_data
@login_required
def legacy_district_options(request):
    """<option>s of a former province's districts (units before 1 July 2025)."""
    province = _code(request, ("former_province", "legacy_province"))
    districts = legacy_districts_in_province(province) if province else []
    return _options(request, districts, _("— choose a district —"))


@not_case_data
@login_required
def legacy_commune_options(request):
    """<option>s of a former district's communes (units before 1 July 2025)."""
    district = _code(request, ("former_district", "legacy_district"))
    communes = legacy_communes_in_district(district) if district else []
    return _options(request, communes, _("— choose a commune —"))
