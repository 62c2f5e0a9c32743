from django.contrib import admin

from .models import Commune, LegacyCommune, LegacyDistrict, LegacyProvince, Province


class ReadOnlyAdmin(admin.ModelAdmin):
    """Geography is loaded from packages, never edited by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Province)
class ProvinceAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "division_type"]
    search_fields = ["name", "codename"]


@admin.register(Commune)
class CommuneAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "province"]
    list_filter = ["province"]
    search_fields = ["name", "codename"]


@admin.register(LegacyProvince)
class LegacyProvinceAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "successor"]


@admin.register(LegacyDistrict)
class LegacyDistrictAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "legacy_province"]
    search_fields = ["name"]


@admin.register(LegacyCommune)
class LegacyCommuneAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "legacy_district", "successor", "is_divided"]
    search_fields = ["name"]
    list_select_related = ["legacy_district", "successor"]
