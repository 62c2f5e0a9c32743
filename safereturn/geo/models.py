"""Administrative geography: today's 34 provinces and 3,321 communes (since 1 July 2025),
and the lineage of the 63 former provinces, their districts and communes, so an address
recorded before the reform rolls up to today's unit."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    """Tỉnh / thành phố trực thuộc trung ương (today's units)."""

    code = models.PositiveSmallIntegerField(_("code"), primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    division_type = models.CharField(_("division type"), max_length=50)
    codename = models.SlugField(max_length=100, unique=True)
    phone_code = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self):
        return self.name


class Commune(models.Model):
    """Xã / phường / đặc khu (today's units, directly under a province)."""

    code = models.PositiveIntegerField(_("code"), primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    division_type = models.CharField(_("division type"), max_length=50)
    codename = models.CharField(max_length=120)
    # Indexed foreign key: "all communes in province P" is one index range scan.
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="communes")

    class Meta:
        ordering = ["province_id", "name"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")

    def __str__(self):
        return self.name


class LegacyProvince(models.Model):
    """A province as it was before 1 July 2025, and the province it became part of."""

    code = models.PositiveSmallIntegerField(_("code"), primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    successor = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="legacy_provinces", verbose_name=_("today's province")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("former province")
        verbose_name_plural = _("former provinces")

    def __str__(self):
        return self.name


class LegacyDistrict(models.Model):
    """A district (quận, huyện, thị xã, thành phố thuộc tỉnh); districts were abolished on 1 July 2025."""

    code = models.PositiveIntegerField(_("code"), primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    legacy_province = models.ForeignKey(LegacyProvince, on_delete=models.PROTECT, related_name="districts")

    class Meta:
        ordering = ["code"]
        verbose_name = _("former district")
        verbose_name_plural = _("former districts")

    def __str__(self):
        return self.name


class LegacyCommune(models.Model):
    """A commune as it was before 1 July 2025.

    ``successor`` is the unit that took over it (for a commune split between several new
    units, the one the official conversion names as default); ``is_divided`` says it was split.
    """

    code = models.PositiveIntegerField(_("code"), primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    legacy_district = models.ForeignKey(LegacyDistrict, on_delete=models.PROTECT, related_name="communes")
    successor = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        related_name="legacy_communes",
        null=True,
        blank=True,
        verbose_name=_("today's commune"),
    )
    is_divided = models.BooleanField(default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("former commune")
        verbose_name_plural = _("former communes")

    def __str__(self):
        return self.name
