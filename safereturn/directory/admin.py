from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from safereturn.audit.models import AuditAction
from safereturn.directory.audit import audit_record_for_request

from . import services
from .models import Agency, AgencyType, FacilityService, FocalPoint, Membership, User


class AuditedAdminMixin:
    """Every change made in the admin is an audit event (no identity data: ids and field names only)."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        audit_record_for_request(
            request,
            action=AuditAction.ADMIN_CHANGE,
            object_type=obj._meta.label_lower,
            object_id=obj.pk,
            details={"change": "changed" if change else "added", "fields": sorted(form.changed_data)},
        )

    def delete_model(self, request, obj):
        pk = obj.pk
        super().delete_model(request, obj)
        audit_record_for_request(
            request,
            action=AuditAction.ADMIN_CHANGE,
            object_type=obj._meta.label_lower,
            object_id=pk,
            details={"change": "deleted"},
        )


@admin.register(AgencyType)
class AgencyTypeAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name_vi", "name_en", "level"]
    search_fields = ["code", "name_vi", "name_en"]


class FocalPointInline(admin.TabularInline):
    model = FocalPoint
    extra = 0


class FacilityServiceInline(admin.TabularInline):
    model = FacilityService
    extra = 0


@admin.register(Agency)
class AgencyAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "agency_type", "jurisdiction_level", "province", "commune", "is_active"]
    list_filter = ["jurisdiction_level", "agency_type", "province", "is_active"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["commune", "parent"]
    list_select_related = ["agency_type", "province", "commune"]
    inlines = [FocalPointInline, FacilityServiceInline]


@admin.register(FocalPoint)
class FocalPointAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["full_name", "title", "agency", "phone", "email", "is_active"]
    search_fields = ["full_name", "agency__name"]
    list_filter = ["is_active"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["agency"]
    fields = ["agency", "role", "is_active"]


@admin.register(User)
class UserAdmin(AuditedAdminMixin, DjangoUserAdmin):
    list_display = ["username", "full_name", "email", "is_active", "last_login"]
    search_fields = ["username", "full_name", "email"]
    list_filter = ["is_active"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("full_name", "title", "email", "phone")}),
        (_("Status"), {"fields": ("is_active", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "full_name", "email", "password1", "password2")}),
    )
    readonly_fields = ["last_login", "date_joined"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Membership rows edited inline: keep admin access in step with the system administrator role.
        for formset in formsets:
            if formset.model is Membership and formset.has_changed():
                audit_record_for_request(
                    request,
                    action=AuditAction.MEMBERSHIP_CHANGED,
                    object_type="directory.user",
                    object_id=form.instance.pk,
                    details={"change": "memberships edited in admin"},
                )
        services.user_sync_admin_access(form.instance)
