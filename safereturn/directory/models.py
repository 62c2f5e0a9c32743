"""The agency directory: agency types, agencies and their jurisdiction, focal points, the
services facilities offer, and the officers who work in agencies with roles."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from safereturn.core.crypto import normalise
from safereturn.geo.models import Commune, Province


class Role(models.TextChoices):
    """Vai trò của cán bộ trong cơ quan."""

    INTAKE_OFFICER = "intake_officer", _("Intake officer")
    CASE_WORKER = "case_worker", _("Case worker")
    VERIFIER = "verifier", _("Verifier")
    SUPERVISOR = "supervisor", _("Supervisor / approver")
    REPORTING_OFFICER = "reporting_officer", _("Reporting officer")
    PROGRAMME_OFFICER = "programme_officer", _("Programme officer")
    AUDITOR = "auditor", _("Auditor")
    SYSTEM_ADMIN = "system_admin", _("System administrator")


# Roles that work with case contents (the access policy's CASE_ROLES): one is granted only by a
# supervisor of the agency concerned, or takes effect once that supervisor approves an administrator's
# request (separation of duties, decision 0021).
SUPERVISED_ROLES = frozenset({Role.INTAKE_OFFICER, Role.CASE_WORKER, Role.VERIFIER, Role.SUPERVISOR})


class JurisdictionLevel(models.TextChoices):
    NATIONAL = "national", _("National")
    PROVINCE = "province", _("Province")
    COMMUNE = "commune", _("Commune")


# The jurisdiction table: for each level, the place a record must share with the agency to lie in
# its jurisdiction ("province" or "commune", compared by code), or None for the whole country.
# ``Agency.covers``, the access policy's scopes (safereturn/access/policy/jurisdiction.py) and the
# participations' in-jurisdiction flag (safereturn/cases/participation.py) are all made from it.
JURISDICTION_FIELDS = {
    JurisdictionLevel.NATIONAL: None,
    JurisdictionLevel.PROVINCE: "province",
    JurisdictionLevel.COMMUNE: "commune",
}


class BilingualNameMixin(models.Model):
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    @property
    def name(self):
        return self.name_en if (get_language() or "vi").startswith("en") else self.name_vi


_UNIT_PREFIXES = ("Thành phố ", "Tỉnh ", "Phường ", "Xã ", "Đặc khu ", "Thị trấn ")


def _unit_core(name):
    """A province's or commune's name without its kind ("Tỉnh Đồng Tháp" → "Đồng Tháp")."""
    for prefix in _UNIT_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def agency_search_key(name, short_name=""):
    """What the directory's search compares: the name and symbol, accent-free and lower case."""
    return normalise(f"{name} {short_name}")


class AgencyType(BilingualNameMixin):
    """Loại cơ quan: reference data loaded by ``load_reference_data``."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    level = models.CharField(_("usual jurisdiction"), max_length=10, choices=JurisdictionLevel.choices)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("agency type")
        verbose_name_plural = _("agency types")


class Agency(models.Model):
    """Cơ quan, đơn vị — with the territory it is responsible for."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    short_name = models.CharField(
        _("document symbol"), max_length=30, blank=True, help_text=_("Used in document numbers, e.g. CAT, UBND")
    )
    agency_type = models.ForeignKey(AgencyType, on_delete=models.PROTECT, verbose_name=_("agency type"))
    jurisdiction_level = models.CharField(_("jurisdiction"), max_length=10, choices=JurisdictionLevel.choices)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, related_name="agencies", verbose_name=_("province")
    )
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="agencies", verbose_name=_("commune")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent agency"),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    opening_hours = models.CharField(
        _("opening hours"), max_length=200, blank=True, help_text=_("e.g. Thứ 2 – Thứ 6, 7:30–11:30, 13:30–17:00")
    )
    # The name and symbol without accents, lower case: officers search the directory as they type
    # ("so y te can tho" finds "Sở Y tế Cần Thơ"). Written on every save.
    search_key = models.CharField(max_length=300, blank=True, editable=False, db_index=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        constraints = [
            models.CheckConstraint(
                name="agency_jurisdiction_matches_level",
                condition=(
                    Q(jurisdiction_level="national", province__isnull=True, commune__isnull=True)
                    | Q(jurisdiction_level="province", province__isnull=False, commune__isnull=True)
                    | Q(jurisdiction_level="commune", province__isnull=False, commune__isnull=False)
                ),
            )
        ]
        indexes = [models.Index(fields=["jurisdiction_level", "province"])]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_key = agency_search_key(self.name, self.short_name)
        if kwargs.get("update_fields") is not None and {"name", "short_name"} & set(kwargs["update_fields"]):
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_key"}
        super().save(*args, **kwargs)

    @property
    def label(self):
        """The name, then the commune and province it sits in where the name does not already say them:
        "Ủy ban nhân dân Xã Tân Hồng, Đồng Tháp", never "…, Đồng Tháp, Đồng Tháp" (pickers and pages;
        select the commune and province with the agency)."""
        parts = [self.name]
        for unit in (self.commune if self.commune_id else None, self.province if self.province_id else None):
            if unit is not None and _unit_core(unit.name).casefold() not in " ".join(parts).casefold():
                parts.append(unit.name)
        return ", ".join(parts)

    @property
    def jurisdiction_field(self):
        """The place field of the jurisdiction table for this agency's level (None: everywhere)."""
        return JURISDICTION_FIELDS[self.jurisdiction_level]

    @property
    def jurisdiction_code(self):
        """The code of the province or commune the agency's jurisdiction is (None when national)."""
        field = self.jurisdiction_field
        return getattr(self, f"{field}_id") if field else None

    def covers(self, province_id, commune_id):
        """Whether a place lies in this agency's jurisdiction (the access policy asks the same question
        of many records at once, from the same table)."""
        field = self.jurisdiction_field
        if field is None:
            return True
        place = {"province": province_id, "commune": commune_id}[field]
        return self.jurisdiction_code is not None and self.jurisdiction_code == place

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.jurisdiction_level in (JurisdictionLevel.PROVINCE, JurisdictionLevel.COMMUNE) and not self.province_id:
            errors["province"] = _("A provincial or commune agency needs a province.")
        if self.jurisdiction_level == JurisdictionLevel.COMMUNE and not self.commune_id:
            errors["commune"] = _("A commune agency needs a commune.")
        if self.jurisdiction_level != JurisdictionLevel.COMMUNE and self.commune_id:
            errors["commune"] = _("Only a commune agency has a commune.")
        if self.jurisdiction_level == JurisdictionLevel.NATIONAL and self.province_id:
            errors["province"] = _("A national agency has no province.")
        if self.commune_id and self.province_id and self.commune.province_id != self.province_id:
            errors["commune"] = _("The commune is not in the selected province.")
        if self.parent_id and self.parent_id == self.pk:
            errors["parent"] = _("An agency cannot be its own parent.")
        if errors:
            raise ValidationError(errors)


class FocalPoint(models.Model):
    """Cán bộ đầu mối: the named contact of an agency for trafficking work."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="focal_points")
    full_name = models.CharField(_("full name"), max_length=150)
    title = models.CharField(_("title"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["agency", "full_name"]
        verbose_name = _("focal point")
        verbose_name_plural = _("focal points")

    def __str__(self):
        return f"{self.full_name} ({self.agency})"


class ServiceType(models.TextChoices):
    ACCOMMODATION = "accommodation", _("Temporary accommodation")
    ESSENTIAL_NEEDS = "essential_needs", _("Essential needs")
    MEDICAL = "medical", _("Medical care")
    PSYCHOLOGICAL = "psychological", _("Psychological support")
    LEGAL_ADVICE = "legal_advice", _("Legal advice")
    LEGAL_AID = "legal_aid", _("Legal aid")
    INTERPRETATION = "interpretation", _("Interpretation")
    SCHOOLING = "schooling", _("Schooling")
    VOCATIONAL = "vocational", _("Vocational training and job help")
    LOAN = "loan", _("Loan")
    LIFE_SKILLS = "life_skills", _("Life skills")
    CHILD_PROTECTION = "child_protection", _("Child protection")


class FacilityService(models.Model):
    """A service an agency or facility offers, with its capacity (e.g. beds)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="services")
    service_type = models.CharField(_("service"), max_length=30, choices=ServiceType.choices)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    serves_women = models.BooleanField(_("serves women and girls"), default=True)
    serves_men = models.BooleanField(_("serves men and boys"), default=True)
    serves_children = models.BooleanField(_("serves children"), default=True)
    notes = models.CharField(_("notes"), max_length=255, blank=True)

    class Meta:
        ordering = ["agency", "service_type"]
        verbose_name = _("facility service")
        verbose_name_plural = _("facility services")
        constraints = [
            models.UniqueConstraint(fields=["agency", "service_type"], name="facility_service_unique"),
        ]

    def __str__(self):
        return f"{self.agency}: {self.get_service_type_display()}"


class User(AbstractUser):
    """An officer. What they may do comes from their memberships, never from Django's flags alone."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    title = models.CharField(_("title"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.full_name or self.username

    def display_name(self):
        return self.full_name or self.get_full_name() or self.username


class Membership(models.Model):
    """A user's role in an agency. A user may hold several roles in several agencies."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # A case role an administrator asked for: inactive (it grants nothing) until a supervisor of the
    # agency approves it, or refuses it (decision 0021).
    pending = models.BooleanField(_("awaiting approval"), default=False)
    requested_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("requested by")
    )
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["agency__name", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "agency", "role"], name="membership_unique"),
            models.CheckConstraint(name="membership_pending_is_inactive", condition=~Q(pending=True, is_active=True)),
        ]
        indexes = [models.Index(fields=["agency", "role"])]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.agency}"
