from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from safereturn.core.access_marks import not_case_data

from .selectors import communes_in_province


@not_case_data
@login_required
def commune_options(request):
    """<option>s of a province's communes, for the htmx-driven commune pickers."""
    try:
        province = int(request.GET.get("province") or request.GET.get("province_id") or 0)
    except ValueError:
        province = 0
    communes = communes_in_province(province).order_by("name") if province else []
    return render(request, "geo/commune_options.html", {"communes": communes})
