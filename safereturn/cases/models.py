"""Persons, cases (hồ sơ), intake, participants, consent, timeline, notes and documents.

Identity fields are ``Encrypted*Field``s: the database never holds them in clear text.
Exact lookups go through blind indexes (HMAC) kept beside them.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safereturn.audit.timeline import TimelineEvent
from safereturn.core.fields import EncryptedDateField, EncryptedJSONField, EncryptedTextField
from safereturn.directory.models import Agency
from safereturn.geo.models import Commune, LegacyCommune, Province

from . import vocab
from .timeline import event_kinds


class BlindKeysField(models.TextField):
    """Blind-index keys separated by spaces; ``field__has_all_keys=[...]`` finds rows holding every one.

    On PostgreSQL the lookup is ``string_to_array(field, ' ') @> ARRAY[...]``, which a GIN index on
    that expression serves (migration cases/0006): the keys' row lists are intersected in the index.
    """


@BlindKeysField.register_lookup
class HasAllKeys(models.Lookup):
    lookup_name = "has_all_keys"
    prepare_rhs = False

    def _keys(self):
        keys = sorted(set(self.rhs))
        if not keys or not all(isinstance(key, str) and key.isalnum() for key in keys):
            raise ValueError("has_all_keys takes a non-empty list of alphanumeric keys")
        return keys

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        keys = self._keys()
        sql = " AND ".join(f"(' ' || {lhs} || ' ') LIKE %s" for _key in keys)
        params = [param for key in keys for param in (*lhs_params, f"% {key} %")]
        return f"({sql})", params

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"string_to_array({lhs}, ' ') @> %s::text[]", (*lhs_params, self._keys())


class Person(models.Model):
    """A person received (người được tiếp nhận). One person may have several cases."""

    full_name = EncryptedTextField(_("full name"))
    other_names = EncryptedTextField(_("other names"), blank=True, default="")
    date_of_birth = EncryptedDateField(_("date of birth"), null=True, blank=True)
    # Clear so that age groups and duplicate blocking need no decryption; a year alone does not identify.
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True, db_index=True)
    sex = models.CharField(_("sex"), max_length=10, choices=vocab.Sex.choices, default=vocab.Sex.UNKNOWN)
    nationality = models.CharField(_("nationality"), max_length=2, default="VN")
    ethnicity = models.CharField(_("ethnicity"), max_length=50, blank=True)
    id_number = EncryptedTextField(_("ID number"), blank=True, default="")
    # Blind indexes are matched whole; their indexes are declared in Meta so that PostgreSQL gets no
    # second, prefix-pattern index (Django adds one to an indexed CharField), written for nothing.
    id_number_index = models.CharField(max_length=32, blank=True)
    phone = EncryptedTextField(_("phone"), blank=True, default="")
    phone_index = models.CharField(max_length=32, blank=True)
    address = EncryptedTextField(_("address"), blank=True, default="")
    home_province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("home province")
    )
    home_commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("home commune")
    )
    # An address given with the units before 1 July 2025 (province, district, commune): the former
    # commune as recorded; home_province/home_commune hold the units it is in today.
    home_former_commune = models.ForeignKey(
        LegacyCommune,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("former commune of residence"),
    )
    relatives = EncryptedJSONField(_("relatives"), null=True, blank=True)
    # The blind keys of the tokens of the full and other names: what a name search matches.
    name_search = BlindKeysField(blank=True, default="", editable=False)
    merged_into = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged")
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    created_by_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", null=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        indexes = [
            models.Index(fields=["id_number_index"], name="person_id_number_index"),
            models.Index(fields=["phone_index"], name="person_phone_index"),
        ]

    def __str__(self):
        return f"person #{self.pk}"


class PersonNameKey(models.Model):
    """Blind-indexed keys of a person's name tokens, for accent-insensitive search and duplicate blocking."""

    # Indexed by the unique constraint, person first.
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_keys", db_index=False)
    key = models.CharField(max_length=32)
    # The person's year of birth, copied: the duplicate check reads (key, year) ranges from the
    # index alone. Null is "not known" and is always read, so a missing copy costs time, not recall.
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)

    class Meta:
        # Person first: a new person's keys go in at the index's end, and the constraint also serves
        # the foreign key. Lookups by key go through (key, birth_year, person). Keys are random
        # (HMAC), so each index led by the key is written all over; one such index is enough.
        constraints = [models.UniqueConstraint(fields=["person", "key"], name="person_name_key_person_unique")]
        indexes = [models.Index(fields=["key", "birth_year", "person"], name="person_name_key_year")]

    def __str__(self):
        return self.key


class Case(models.Model):
    """Hồ sơ: one trafficking episode of one person, from intake to closure."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Unique through Meta's constraint: as unique=True, PostgreSQL would get a second, prefix-pattern
    # index that no query uses.
    number = models.CharField(_("case number"), max_length=32)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cases", db_index=False)
    status = models.CharField(
        _("status"), max_length=24, choices=vocab.CaseStatus.choices, default=vocab.CaseStatus.BEING_IDENTIFIED
    )
    channel = models.CharField(_("intake channel"), max_length=24, choices=vocab.Channel.choices)
    handover_place = models.CharField(
        _("handover place"), max_length=20, choices=vocab.HandoverPlace.choices, blank=True
    )
    received_at = models.DateTimeField(_("received at"))
    # Free text officers fill with where and with whom the person was received (names, addresses):
    # encrypted like identity data (decision 20).
    reception_place = EncryptedTextField(_("place of reception"), blank=True)
    receiving_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("receiving agency")
    )
    responsible_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("responsible agency")
    )
    # The case's place in the territory, for jurisdiction and reports.
    # Indexed by Meta's indexes, which lead with these columns.
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="+", verbose_name=_("province"), db_index=False
    )
    commune = models.ForeignKey(
        Commune,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune"),
        db_index=False,
    )
    route = models.CharField(_("route"), max_length=20, choices=vocab.Route.choices)
    destination_country = models.CharField(_("destination country"), max_length=2, blank=True)
    exploitation_forms = models.CharField(_("forms of exploitation"), max_length=255, blank=True)
    recruitment_methods = models.CharField(_("recruitment methods"), max_length=255, blank=True)
    control_methods = models.CharField(_("control methods"), max_length=400, blank=True)
    accompanying_children = models.PositiveSmallIntegerField(_("accompanying children"), default=0)
    accompanying_details = EncryptedJSONField(_("accompanying children and relatives"), null=True, blank=True)
    immediate_needs_met = models.CharField(_("immediate needs met"), max_length=255, blank=True)
    risk_level = models.CharField(_("first risk screening"), max_length=10, choices=vocab.RiskLevel.choices)
    risk_notes = EncryptedTextField(_("risk notes"), blank=True, default="")
    circumstances = EncryptedTextField(_("circumstances"), blank=True, default="")
    # Denormalised from the person at intake so lists filter without joins or decryption.
    person_sex = models.CharField(_("sex"), max_length=10, choices=vocab.Sex.choices, default=vocab.Sex.UNKNOWN)
    age_group = models.CharField(_("age group"), max_length=10, choices=vocab.AgeGroup.choices)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [models.UniqueConstraint(fields=["number"], name="case_number_unique")]
        indexes = [
            # Covering: a province's cases in a date range are counted and paged, whatever the
            # list's other filters, from the index alone (no table reads).
            models.Index(
                fields=["province", "-received_at"],
                include=["id", "number", "status", "channel", "route", "age_group", "person_sex", "commune"],
                name="case_province_received_cover",
            ),
            # Children (the age group) are a fifth of a province's cases and the people this work
            # most often looks for: their list counts their entries, not the province's.
            models.Index(
                fields=["province", "age_group", "-received_at"],
                include=["id", "number", "status", "channel", "route", "person_sex", "commune"],
                name="case_province_age_cover",
            ),
            # One small index per form of exploitation (a case has one or two), the filter that
            # trafficking statistics turn on: a province's list of one form counts that form's
            # entries, not the province's, and from the index alone.
            *(
                models.Index(
                    fields=["province", "-received_at"],
                    include=["id", "number", "status", "channel", "route", "age_group", "person_sex", "commune"],
                    condition=models.Q(exploitation_forms__contains=f"|{form}|"),
                    name=f"case_expl_{form}",
                )
                for form in vocab.ExploitationForm.values
            ),
            models.Index(fields=["province", "status", "-received_at"]),
            # Status and channel (how the person came back) are what lists and reports filter on
            # most, so each leads an index of its own: a year of one channel reads that channel's
            # entries only (a quarter of the province's year, for rescues abroad), not the year's.
            models.Index(
                fields=["province", "channel", "-received_at"],
                include=["id", "number", "status", "route", "age_group", "person_sex", "commune"],
                name="case_province_channel_cover",
            ),
            # Covering: a name search's persons lead to their cases, counted and paged from the index.
            models.Index(
                fields=["person"],
                include=["id", "province", "commune", "received_at", "number", "status"],
                name="case_person_cover",
            ),
            models.Index(fields=["commune", "-received_at"]),
            models.Index(fields=["status", "-received_at"]),
            models.Index(fields=["-received_at"]),
        ]

    def __str__(self):
        return self.number

    @property
    def exploitation_list(self):
        return vocab.decode_codes(self.exploitation_forms)


# The case's fields that lists filter on, and their copies on its participations.
LIST_COPIES = {
    "status": "case_status",
    "channel": "case_channel",
    "age_group": "case_age_group",
    "person_sex": "case_person_sex",
    "exploitation_forms": "case_exploitation_forms",
}


class CaseParticipant(models.Model):
    """An agency taking part in a case, and in what capacity; access follows active participation."""

    # Both indexed by Meta's constraint and indexes, which lead with them.
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="participants", db_index=False)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="case_participations", db_index=False)
    role = models.CharField(_("role"), max_length=24, choices=vocab.ParticipantRole.choices)
    is_active = models.BooleanField(default=True)
    since = models.DateTimeField(default=timezone.now)
    until = models.DateTimeField(null=True, blank=True)
    # Whether the case lies in the agency's own jurisdiction. A supervisor who oversees that
    # jurisdiction reaches such cases through it; only participations outside it are listed
    # separately, which keeps the scope query index-friendly. Kept true by save(), by
    # case_update when the commune changes and when an agency's jurisdiction changes. False is the
    # safe value: the participation is then checked on its own.
    in_agency_jurisdiction = models.BooleanField(default=False, editable=False)
    # Copies of the case's date received and number, which never change after intake: an agency's
    # cases are listed newest first, and counted, from its participations alone.
    case_received_at = models.DateTimeField(null=True, editable=False)
    case_number = models.CharField(max_length=32, blank=True, editable=False)
    # Copies of what lists filter on, so that an agency's list filtered by them is counted from its
    # participations' index, not by reading each of its cases. They change with the case: written by
    # save(), and by participation.copy_case_fields wherever a service changes them (LIST_COPIES).
    case_status = models.CharField(max_length=24, blank=True, editable=False)
    case_channel = models.CharField(max_length=24, blank=True, editable=False)
    case_age_group = models.CharField(max_length=10, blank=True, editable=False)
    case_person_sex = models.CharField(max_length=10, blank=True, editable=False)
    case_exploitation_forms = models.CharField(max_length=255, blank=True, editable=False)
    # Why the agency may see the case (``cases.sharing``): it received the person, the law's duty (the
    # rule row), the person's consent (the consent it relies on: its withdrawal ends the participation)
    # or a legal exception an officer recorded (the exception row).
    basis = models.CharField(
        _("basis for sharing"), max_length=12, choices=vocab.ShareBasis.choices, blank=True, default="", db_default=""
    )
    # Indexed, as every foreign key (decision 12): deleting a consent or a rule row finds its participations.
    consent = models.ForeignKey(
        "Consent", on_delete=models.SET_NULL, null=True, blank=True, related_name="participations"
    )
    sharing_rule = models.ForeignKey(
        "rules.SharingRule", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sharing_exception = models.ForeignKey(
        "rules.SharingException", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "agency", "role"], name="case_participant_unique")]
        indexes = [
            models.Index(fields=["agency", "is_active", "case"]),
            models.Index(
                fields=["agency", "case"],
                condition=models.Q(is_active=True, in_agency_jurisdiction=False),
                name="participant_outside_juris",
            ),
            models.Index(
                fields=["agency", "-case_received_at", "-case_number", "case"],
                condition=models.Q(is_active=True),
                include=["case_status", "case_channel", "case_age_group", "case_person_sex", "case_exploitation_forms"],
                name="participant_agency_recent",
            ),
        ]

    def __str__(self):
        return f"{self.agency} ({self.role})"

    def save(self, *args, **kwargs):
        self.in_agency_jurisdiction = self.agency.covers(self.case.province_id, self.case.commune_id)
        self.case_received_at, self.case_number = self.case.received_at, self.case.number
        # The listed fields change after intake, so from the row, not from a case read earlier.
        stored = Case.objects.filter(pk=self.case_id).values_list(*LIST_COPIES).first()
        if stored is not None:
            for copy, value in zip(LIST_COPIES.values(), stored, strict=True):
                setattr(self, copy, value)
        super().save(*args, **kwargs)


class Consent(models.Model):
    """Sự đồng ý: to processing, and to sharing with named agency types; withdrawal ends it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    processing = models.BooleanField(_("consents to processing"))
    share_with = models.CharField(_("may be shared with (agency types)"), max_length=600, blank=True)
    given_on = models.DateField(_("date given"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_by_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    withdrawn_on = models.DateField(_("date withdrawn"), null=True, blank=True)
    withdrawn_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    notes = EncryptedTextField(_("notes"), blank=True, default="")

    class Meta:
        ordering = ["-given_on", "-id"]

    def __str__(self):
        return f"consent #{self.pk}"

    @property
    def share_with_list(self):
        return vocab.decode_codes(self.share_with)


class CaseEvent(TimelineEvent):
    """The case timeline: typed events (kinds from ``timeline.event_kinds``), no identity data in clear."""

    subject_field = "case"
    kinds = event_kinds

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")

    class Meta(TimelineEvent.Meta):
        indexes = [models.Index(fields=["case", "-occurred_at"])]


class CaseNote(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    category = models.CharField(_("category"), max_length=20, choices=vocab.NoteCategory.choices)
    body = EncryptedTextField(_("note"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"note #{self.pk}"


class CaseDocument(models.Model):
    """An uploaded file, stored encrypted; its name is encrypted too."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=vocab.DocumentKind.choices)
    original_name = EncryptedTextField(_("file name"))
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"document #{self.pk}"


class IntakeDraft(models.Model):
    """An intake in progress (bản nháp tiếp nhận): the answers an officer has given so far, step by step,
    kept on the server so that a dropped connection loses nothing. Only its owner reads it; it holds
    identity data, so every answer is kept encrypted (one encrypted JSON document, like ``Person``'s
    encrypted fields). Drafts older than ``SAFERETURN_INTAKE_DRAFT_DAYS`` are deleted by a periodic task."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    answers = EncryptedJSONField(_("answers"), default=dict)
    step = models.PositiveSmallIntegerField(_("furthest step reached"), default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("intake draft")
        verbose_name_plural = _("intake drafts")

    def __str__(self):
        return f"{self._meta.verbose_name} {self.pk}"


class MatchRequest(models.Model):
    """A question to the agency holding a possible earlier record of a new case's person, which the
    asking officer may not see: is it the same person? On "yes" the new case joins that record (the
    person counts once). The asking side never learns the earlier record before the answer."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="match_requests")
    candidate = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(default=0)
    asking_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    holding_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=10, choices=vocab.MatchRequestStatus.choices, default=vocab.MatchRequestStatus.PENDING
    )
    due_date = models.DateField(_("answer due"))
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    # When an unanswered request was last pressed (``services.match_requests_remind``): each stage once.
    reminded_at = models.DateTimeField(_("answering officers reminded"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("supervisors told"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [models.Index(fields=["holding_agency", "status", "due_date"])]
        constraints = [models.UniqueConstraint(fields=["case", "candidate"], name="match_request_once_per_candidate")]

    def __str__(self):
        return f"match request #{self.pk}"
