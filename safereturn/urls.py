import os

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from safereturn.geo.views import commune_options, legacy_commune_options, legacy_district_options

urlpatterns = [
    path("", include("safereturn.home.urls")),
    path("", include("safereturn.core.urls")),
    path("accounts/", include("safereturn.accounts.urls")),
    path("cases/", include("safereturn.cases.urls")),
    path("tips/", include("safereturn.tips.urls")),
    path("identification/", include("safereturn.identification.urls")),
    path("audit/", include("safereturn.oversight.urls")),
    path("protection/", include("safereturn.protection.urls")),
    path("support/", include("safereturn.support.urls")),
    path("shelters/", include("safereturn.shelters.urls")),
    path("reintegration/", include("safereturn.reintegration.urls")),
    path("referrals/", include("safereturn.referrals.urls")),
    path("notifications/", include("safereturn.notifications.urls")),
    path("", include("safereturn.coordination.urls")),
    path("geo/communes/", commune_options, name="commune_options"),
    path("geo/former-districts/", legacy_district_options, name="legacy_district_options"),
    path("geo/former-communes/", legacy_commune_options, name="legacy_commune_options"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("safereturn.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

# The benchmark's bare view (framework ceiling): only when `make bench` starts its server with
# SAFERETURN_BENCH_VIEWS=1, so a production deployment has no such URL.
if os.environ.get("SAFERETURN_BENCH_VIEWS", "").strip().lower() in {"1", "true", "yes", "on"}:
    from safereturn.demo.bench_views import bare

    urlpatterns.append(path("__bench__/bare/", bare, name="bench_bare"))
