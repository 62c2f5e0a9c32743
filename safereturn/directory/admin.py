from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from safereturn.audit.models import AuditAction
from safereturn.core.errors import Denied
from safereturn.directory.audit import audit_record_for_request
from safereturn.geo.models import Province

from . import selectors, services
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


# An officer's second-factor devices are theirs alone: no administrator reads or adds them (decision
# 0021). django-otp registers its device admins; they are taken off this site.
for _device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device_model):
        admin.site.unregister(_device_model)


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

    # A provincial administrator changes only their province's agencies, and keeps them there: moving
    # an agency (their own included) to another province or to the national level would bring other
    # officers, or the whole country, within their reach (decision 0021).
    def get_queryset(self, request):
        administered = selectors.agencies_administered_by(request.user)
        return super().get_queryset(request).filter(pk__in=administered.values("pk"))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        provinces = selectors.administered_provinces(request.user)
        if db_field.name == "province" and provinces is not None:
            kwargs["queryset"] = Province.objects.filter(code__in=provinces)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        provinces = selectors.administered_provinces(request.user)
        if provinces is not None and obj.province_id not in provinces:
            raise PermissionDenied(_("You can manage only the officers and agencies of your own province."))
        super().save_model(request, obj, form, change)


@admin.register(FocalPoint)
class FocalPointAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["full_name", "title", "agency", "phone", "email", "is_active"]
    search_fields = ["full_name", "agency__name"]
    list_filter = ["is_active"]


class MembershipInline(admin.TabularInline):
    """An officer's roles. Saved through ``directory.services`` (``UserAdmin.save_formset``): a case role
    an administrator gives waits for a supervisor's approval; nobody edits their own roles; a
    provincial administrator chooses only agencies of their province (decision 0021)."""

    model = Membership
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["agency"]
    fields = ["agency", "role", "is_active", "pending"]
    readonly_fields = ["pending"]

    def _editable(self, request, obj):
        return obj is None or obj.pk != request.user.pk

    def has_add_permission(self, request, obj=None):
        return self._editable(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # a role ends (inactive) and stays on record; it is never deleted

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agency":
            kwargs["queryset"] = selectors.agencies_administered_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class OfficerCreationForm(forms.ModelForm):
    """A new officer without a password: they choose it themselves through "Forgot password"."""

    class Meta:
        model = User
        fields = ["username", "full_name", "email"]

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_unusable_password()
        if commit:
            user.save()
        return user


@admin.register(User)
class UserAdmin(AuditedAdminMixin, DjangoUserAdmin):
    """Officers. An administrator never sets another officer's password nor sees their second-factor
    devices: officers set their own password (password reset by e-mail) and enrol their own devices."""

    list_display = ["username", "full_name", "email", "is_active", "last_login"]
    search_fields = ["username", "full_name", "email"]
    list_filter = ["is_active"]
    inlines = [MembershipInline]
    add_form = OfficerCreationForm
    fieldsets = (
        (None, {"fields": ("username",)}),
        (_("Personal info"), {"fields": ("full_name", "title", "email", "phone")}),
        (_("Status"), {"fields": ("is_active", "last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("username", "full_name", "email")}),)
    readonly_fields = ["last_login", "date_joined"]

    def get_queryset(self, request):
        # A provincial administrator sees and changes only the officers of their province.
        return super().get_queryset(request).filter(pk__in=selectors.users_administered_by(request.user).values("pk"))

    def user_change_password(self, request, id, form_url=""):
        raise PermissionDenied

    def save_formset(self, request, form, formset, change):
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        user = form.instance
        try:
            for inline_form in formset.forms:
                if not inline_form.has_changed() or inline_form in formset.deleted_forms:
                    continue
                data = inline_form.cleaned_data
                if inline_form.instance.pk is None:
                    membership = services.membership_grant(
                        user=user, agency=data["agency"], role=data["role"], by=request.user
                    )
                    if not data.get("is_active", True):
                        services.membership_revoke(membership=membership, by=request.user)
                    continue
                stored = Membership.objects.select_related("agency", "user").get(pk=inline_form.instance.pk)
                if (stored.agency_id, stored.role) != (data["agency"].pk, data["role"]):
                    stored = services.membership_change(
                        membership=stored, agency=data["agency"], role=data["role"], by=request.user
                    )
                if "is_active" in inline_form.changed_data:
                    if data["is_active"]:
                        services.membership_grant(user=user, agency=stored.agency, role=stored.role, by=request.user)
                    else:
                        services.membership_revoke(membership=stored, by=request.user)
        except Denied as exc:
            raise PermissionDenied(str(exc)) from exc
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        return None
