"""Support and shelter records for the bulk case seeder (``seed_demo --cases N``, see ``cases.py``): invented,
deterministic, written with the cases, chunk by chunk (COPY on PostgreSQL).

What a case gets, drawn from a generator seeded by the case's own id (so the cases' plan is not disturbed and
the same case always gets the same records):

* about a third of the cases a support status applies to (identified, being identified) get a ledger of 5 to 40
  records, recorded by an agency taking part in the case (the provincial health department, the commune
  committee that received the person, or the shelter while they stay there): essential needs day by day or by
  week, clothing once, travel home, medical and psychological care, legal aid, the initial hardship allowance
  (cash: approved by a supervisor of the recording agency, or still waiting when recent), schooling for
  children, vocational training and loans; amounts from the rate tables, in words as the service writes them;
  the funding source; a few supervisors' decisions extending the 120-day cap on food;
* people received needing accommodation, whose case the province's social work centre takes part in, are
  admitted there on the day received when a place of their group is free: the centre is never over its
  places, a person never has two stays at once; stays end within the cap (or are current at ``until``).

Every record is one the support and shelter services would accept (entitled by the engine, within its cap and
the rate in force, dates not overlapping); free text that may describe a person is encrypted with the model
fields' own encryption. Records have no timeline events, as seeded cases have no audit trail: only stays
write their admission and discharge to the timeline, as the shelter's officers' actions do.
"""

import datetime
import heapq
import json
import random

from django.db import connection
from django.utils import timezone

from safereturn.cases import vocab as case_vocab
from safereturn.directory.models import Membership, Role
from safereturn.documents.rendering import amount_in_words_vnd
from safereturn.geo.models import Province
from safereturn.shelters import services as shelter_services
from safereturn.shelters import vocab as shelter_vocab
from safereturn.shelters.models import FacilityPlaces, Stay, StayCapRule
from safereturn.support import entitlements as engine
from safereturn.support import seed as support_seed
from safereturn.support import spending, vocab
from safereturn.support.models import (
    EntitlementItem,
    SpendingMonth,
    SupportDecision,
    SupportRate,
    SupportRecord,
    SupportRegime,
)

SUPPORTED_STATUSES = {
    case_vocab.CaseStatus.IDENTIFIED,
    case_vocab.CaseStatus.UNDER_VERIFICATION,
    case_vocab.CaseStatus.BEING_IDENTIFIED,
}
SUPPORT_SHARE = 0.36  # of the cases with a support status (with the shelters' residents: about 35% of all cases)
SHELTER_KEY, LEAD_KEY, COMMUNE_KEY = "ttctxh", "syt", "ubnd"
HOSPITALS = ("Bệnh viện Đa khoa tỉnh", "Trung tâm Y tế khu vực", "Bệnh viện Phụ sản", "Bệnh viện Nhi")
SCHOOLS = ("Trường THCS xã", "Trường THPT huyện", "Trung tâm Giáo dục thường xuyên")
OUTCOMES = (
    "Khám sức khỏe tổng quát",
    "Điều trị ngoại trú",
    "Xét nghiệm và cấp thuốc",
    "Tư vấn sức khỏe sinh sản",
)
DISCHARGE = (
    (shelter_vocab.DischargeReason.RETURNED_HOME, 70),
    (shelter_vocab.DischargeReason.INDEPENDENT, 10),
    (shelter_vocab.DischargeReason.LEFT, 10),
    (shelter_vocab.DischargeReason.HOSPITAL, 3),
    (shelter_vocab.DischargeReason.OTHER, 2),
)
STAY_TIMELINE = shelter_vocab.TimelineKind

RECORD_COLUMNS = ("case_id", "item_id", "item_code", "regime_code", "beneficiary", "provider_kind",
                  "provider_agency_id", "provider_name", "date_from", "date_to", "quantity", "unit_rate", "amount",
                  "amount_in_words", "funding_source", "outcome", "status", "recorded_by_id",
                  "recording_agency_id", "approved_by_id", "approved_at", "created_at")  # fmt: skip
DECISION_COLUMNS = ("case_id", "kind", "item_code", "extra_units", "number", "decided_on", "signer_name",
                    "signer_title", "reason", "decided_by_id", "agency_id", "created_at")  # fmt: skip
STAY_COLUMNS = ("id", "case_id", "facility_id", "group", "admitted_on", "admitted_by_id", "cap_rule_id",
                "allowed_until", "discharged_on", "discharge_reason", "discharged_by_id", "created_at",
                "updated_at")  # fmt: skip
WRITTEN_MODELS = (SupportRecord, SupportDecision, Stay)


def _pick(rng, pairs):
    total = sum(w for _v, w in pairs)
    x = rng.random() * total
    for value, weight in pairs:
        x -= weight
        if x < 0:
            return value
    return pairs[-1][0]


def _ledger_length(rng):
    """5 to 40 records, most ledgers short (median about 10)."""
    return 5 + int(35 * rng.random() ** 2.2)


class _Facility:
    """A shelter's places by group and the days its current stays end (a heap per group)."""

    def __init__(self, agency, places):
        self.agency = agency
        self.places = places  # group → places
        self.ends = {group: [] for group in places}

    def free_on(self, group, day):
        """Whether a place of ``group`` is free on ``day`` (stays end in the morning of their last day)."""
        if not self.places.get(group):
            return False
        ends = self.ends[group]
        while ends and ends[0] <= day:
            heapq.heappop(ends)
        return len(ends) < self.places[group]

    def take(self, group, until_day):
        heapq.heappush(self.ends[group], until_day)


class SupportSeeder:
    """Plans and writes the support and shelter records of the cases the case seeder writes."""

    def __init__(self, ctx, writer, until, encrypt):
        self.ctx = ctx
        self.writer = writer
        self.until = until
        support_seed.load(SupportRegime, EntitlementItem, SupportRate, Province)
        engine.forget_snapshot()
        self.rules = engine.snapshot()
        self.items = {}  # (code, side) → ItemRow
        for item in self.rules.items:
            self.items[(item.code, item.side)] = item
        self.cap_rules = list(StayCapRule.objects.order_by("effective_from"))
        self.answers = {}
        self.words = {}
        self.encrypt_outcome = encrypt(SupportRecord, "outcome")
        self.encrypt_reason = encrypt(SupportDecision, "reason")
        self.users = {}  # (agency id, role) → user id
        self.user_names = {}  # user id → full name, as a decision's signer
        agencies = [a.pk for a in ctx.agencies.values()]
        memberships = Membership.objects.filter(agency_id__in=agencies, is_active=True).order_by("user__username")
        rows = memberships.values_list("agency_id", "role", "user_id", "user__full_name")
        for agency_id, role, user_id, name in rows:
            self.users.setdefault((agency_id, role), user_id)
            self.user_names.setdefault(user_id, name)
        self.facilities = {}  # province → _Facility (the province's social work centre)
        for province in ctx.provinces:
            centre = ctx.agencies.get((province, SHELTER_KEY))
            places = dict(FacilityPlaces.objects.filter(facility=centre).values_list("group", "places"))
            if centre is not None and places:
                self.facilities[province] = _Facility(centre, places)
        self.last_stay_end = {}  # person (planned) → the day their last stay ended
        self.counts = {"support records": 0, "support decisions": 0, "stays": 0}

    # ---- planning ----

    def _recorder(self, agency):
        for role in (Role.CASE_WORKER, Role.INTAKE_OFFICER, Role.SUPERVISOR):
            user = self.users.get((agency.pk, role))
            if user is not None:
                return user
        return None

    def _answers(self, case, status, received_on, child):
        side = "new" if received_on >= support_seed.NEW_FROM else "old"
        key = (status, side, child, case.province)
        answers = self.answers.get(key)
        if answers is None:
            facts = engine.Facts(status=status, received_on=received_on, province_id=case.province, child=child)
            found = engine.entitlements(facts, on=received_on, rules=self.rules)
            answers = self.answers[key] = {a.item_code: a for a in found if a.entitled}
        return side, answers

    def _status(self, case):
        if case.status == case_vocab.CaseStatus.IDENTIFIED:
            return vocab.Status.VICTIM
        if case.handover_place == case_vocab.HandoverPlace.MISSION_ABROAD:
            return vocab.Status.IDENTIFIED_ABROAD
        return vocab.Status.IDENTIFIED_IN_VN

    def _in_words(self, amount):
        words = self.words.get(amount)
        if words is None:
            words = self.words[amount] = amount_in_words_vnd(amount)
        return words

    def plan(self, case, participations, age_group):
        """``(records, decisions, stays)`` of one planned case (rows without ids; stays as dicts)."""
        received_on = case.received_at.date()
        child = age_group == "child"
        if case.status not in SUPPORTED_STATUSES or received_on >= self.until:
            return [], [], []
        rng = random.Random(case.id.int)
        taking_part = {agency.pk: agency for agency, _role, _basis in participations}
        centre = self.facilities.get(case.province)
        stay = None
        if centre is not None and centre.agency.pk in taking_part and case.needs and "accommodation" in case.needs:
            stay = self._stay(rng, case, centre, received_on, child)
        if stay is None and rng.random() >= SUPPORT_SHARE:
            return [], [], []
        lead = self.ctx.agencies.get((case.province, LEAD_KEY))
        recorder = next(
            (a for a in (lead, case.receiver) if a is not None and a.pk in taking_part and self._recorder(a)),
            None,
        )
        if recorder is None and stay is None:
            return [], [], []
        status = self._status(case)
        side, answers = self._answers(case, status, received_on, child)
        ledger = _Ledger(self, rng, case, answers, side, received_on, recorder, stay, child)
        ledger.build(_ledger_length(rng))
        return ledger.records, ledger.decisions, [stay] if stay else []

    def _stay(self, rng, case, centre, received_on, child):
        group = "children" if child else ("men" if case.person.sex == case_vocab.Sex.MALE else "women")
        person = case.person
        if self.last_stay_end.get(person, datetime.date.min) > received_on or not centre.free_on(group, received_on):
            return None
        rule = next(
            (r for r in reversed(self.cap_rules) if r.effective_from <= received_on
             and (r.effective_to is None or r.effective_to >= received_on)),
            None,
        )  # fmt: skip
        if rule is None:
            return None
        cap = shelter_services.cap_days(rule, received_on)
        allowed_until = received_on + datetime.timedelta(days=cap - 1)
        nights = 5 + int((cap - 5) * rng.random() ** 1.6)
        left_on = received_on + datetime.timedelta(days=nights)
        if left_on > self.until:  # still there at the end of the data
            left_on, reason = None, ""
        elif nights >= cap - 1:
            reason = shelter_vocab.DischargeReason.CAP_REACHED
        elif child and rng.random() < 0.7:
            reason = shelter_vocab.DischargeReason.CHILD_TO_GUARDIAN
        else:
            reason = _pick(rng, DISCHARGE)
        end = left_on or datetime.date.max
        centre.take(group, end)
        self.last_stay_end[person] = end
        worker = self._recorder(centre.agency)
        return {
            "facility": centre.agency,
            "group": group,
            "admitted_on": received_on,
            "worker": worker,
            "rule": rule,
            "allowed_until": allowed_until,
            "left_on": left_on,
            "reason": reason,
        }

    # ---- writing ----

    def spending_months(self):
        """The agencies' spending by month, summed again from every record (the services keep it as they go)."""
        return spending.rebuild(SupportRecord, SpendingMonth)

    def write(self, planned, case_ids_written, reserve_ids):
        """Write the rows planned for the cases of a chunk that were written (``case_ids_written``)."""
        records, decisions, stays = [], [], []
        for case_id, (r, d, s) in planned:
            if case_id in case_ids_written:
                records.extend(r)
                decisions.extend(d)
                stays.extend((case_id, stay) for stay in s)
        stay_rows, events = [], []
        for (case_id, stay), pk in zip(stays, reserve_ids(Stay, len(stays)), strict=True):
            admitted_at = _at(stay["admitted_on"], 15)
            left = stay["left_on"]
            stay_rows.append(
                (pk, case_id, stay["facility"].pk, stay["group"], stay["admitted_on"], stay["worker"],
                 stay["rule"].pk, stay["allowed_until"], left, stay["reason"], stay["worker"] if left else None,
                 admitted_at, _at(left, 10) if left else admitted_at)
            )  # fmt: skip
            data = {
                "stay": pk,
                "facility": stay["facility"].pk,
                "group": stay["group"],
                "admitted_on": stay["admitted_on"].isoformat(),
                "allowed_until": stay["allowed_until"].isoformat(),
                "over_capacity": False,
            }
            facility = stay["facility"].pk
            events.append(
                (case_id, STAY_TIMELINE.STAY_ADMITTED, admitted_at, stay["worker"], facility, json.dumps(data))
            )
            if left:
                data = {"stay": pk, "discharged_on": left.isoformat(), "reason": stay["reason"]}
                events.append(
                    (case_id, STAY_TIMELINE.STAY_DISCHARGED, _at(left, 10), stay["worker"], stay["facility"].pk,
                     json.dumps(data))
                )  # fmt: skip
        write = self.writer.write
        write(Stay, STAY_COLUMNS, stay_rows)
        write(SupportDecision, DECISION_COLUMNS, decisions)
        write(SupportRecord, RECORD_COLUMNS, records)
        self.counts["support records"] += len(records)
        self.counts["support decisions"] += len(decisions)
        self.counts["stays"] += len(stay_rows)
        return events


def _at(day, hour):
    """A moment of ``day`` in the demo's time zone (when an officer typed it in)."""
    return datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=timezone.get_default_timezone())


class _Ledger:
    """One case's records, built in the order an officer would record them."""

    def __init__(self, seeder, rng, case, answers, side, received_on, recorder, stay, child):
        self.s, self.rng, self.case, self.answers, self.side = seeder, rng, case, answers, side
        self.child = child
        self.received_on, self.recorder, self.stay = received_on, recorder, stay
        self.records, self.decisions = [], []
        self.last_day = seeder.until
        self.province_code = case.province

    def _add(self, code, day_from, day_to, quantity, *, unit_rate=None, provider="agency", provider_name="",
             outcome="", agency=None, status=vocab.RecordStatus.RECORDED):  # fmt: skip
        answer = self.answers.get(code)
        item = self.s.items.get((code, self.side))
        agency = agency or self.recorder
        if answer is None or item is None or agency is None or day_to > self.last_day:
            return False
        if unit_rate is None and answer.amount_per_unit is not None:
            unit_rate = answer.amount_per_unit
        amount = quantity * unit_rate if unit_rate else None
        if item.cash and amount:
            status = self._cash_status(day_to)
        recorded_by = self.s._recorder(agency)
        approved_by = approved_at = None
        if status in (vocab.RecordStatus.APPROVED, vocab.RecordStatus.REJECTED):
            approved_by = self.s.users.get((agency.pk, Role.SUPERVISOR))
            if approved_by is None or approved_by == recorded_by:
                status, approved_by = vocab.RecordStatus.AWAITING_APPROVAL, None
            else:
                approved_at = _at(min(day_to + datetime.timedelta(days=1 + int(self.rng.random() * 4)),
                                      self.last_day), 9)  # fmt: skip
        self.records.append(
            (
                self.case.id,
                item.pk,
                item.code,
                item.regime_code,
                vocab.Beneficiary.PERSON,
                provider,
                agency.pk if provider == "agency" else None,
                provider_name,
                day_from,
                day_to,
                quantity,
                unit_rate,
                amount,
                self.s._in_words(amount) if amount else "",
                self._funding() if unit_rate else "",
                self.s.encrypt_outcome(outcome) if outcome else "",
                status,
                recorded_by,
                agency.pk,
                approved_by,
                approved_at,
                _at(day_to, 16),
            )
        )
        return True

    def _funding(self):
        r = self.rng.random()
        return "state_budget" if r < 0.85 else "donor" if r < 0.97 else "other_lawful"

    def _cash_status(self, day):
        if (self.last_day - day).days < 10:
            return vocab.RecordStatus.AWAITING_APPROVAL
        return vocab.RecordStatus.REJECTED if self.rng.random() < 0.03 else vocab.RecordStatus.APPROVED

    def _day(self, offset):
        return self.received_on + datetime.timedelta(days=offset)

    def build(self, length):
        rng = self.rng
        others = self._others()
        travel = rng.random() < 0.6
        food_end = self._food(max(1, length - len(others) - 2 * travel))
        day = food_end + datetime.timedelta(days=1)
        if travel and day <= self.last_day:
            days = min(1 + int(rng.random() * 2), (self.last_day - day).days + 1)
            self._add("travel_food", day, day + datetime.timedelta(days=days - 1), days)
            fare = 10_000 * (12 + int(rng.random() * 80))
            self._add("travel_fare", day, day, 1, unit_rate=fare, provider="other", provider_name="Nhà xe khách")
        for code, kwargs in others:
            offset = int(rng.random() * max(1, (food_end - self.received_on).days + 1))
            when = min(self._day(offset), self.last_day)
            self._add(code, when, when, 1, **kwargs)

    def _others(self):
        """The records besides food and travel, as ``(item code, fields)``, for items the person is entitled to."""
        rng = self.rng
        others = []
        if rng.random() < 0.8:
            others.append(("clothing", {}))
        for _ in range(int(rng.random() * 2.5)):
            outcome = _one(rng, OUTCOMES) if rng.random() < 0.5 else ""
            hospital = {"provider": "hospital", "provider_name": _one(rng, HOSPITALS), "outcome": outcome}
            others.append(("medical_care", hospital))
        others += [("psychological", {})] * int(rng.random() * 3)
        if rng.random() < 0.2:
            others.append(("legal_aid", {"provider": "legal_aid", "provider_name": "Trung tâm Trợ giúp pháp lý"}))
        if rng.random() < 0.15:
            others.append(("legal_advice", {}))
        if rng.random() < 0.7:
            others.append(("hardship_allowance", {}))
        if self.child:
            school = {"provider": "school", "provider_name": _one(rng, SCHOOLS)}
            others += [("tuition_exemption", school), ("school_supplies", {}), ("schooling_support", school)]
        if rng.random() < 0.12:
            others.append(("vocational", {}))
        if rng.random() < 0.05:
            others.append(("loan", {"provider": "social_policy_bank", "provider_name": "Ngân hàng Chính sách xã hội"}))
        return [(code, fields) for code, fields in others if code in self.answers]

    def _food(self, count):
        """Food day by day or by week, from the day received (while staying: recorded by the shelter, for the
        days of the stay). Returns the last day given."""
        code = "food" if self.side == "new" else "food_shelter"
        answer = self.answers.get(code)
        if answer is None:
            return self.received_on
        start = self.received_on
        cap_end = _cap_end(start, answer.cap_units, answer.cap_unit)
        agency = None
        if self.stay is not None:
            agency = self.stay["facility"]
            stay_end = self.stay["left_on"] or self.last_day
            count_days = max(1, (stay_end - start).days)
            span = 1 if count_days <= count else 7
        else:
            span = 1 if self.rng.random() < 0.5 else 7
        end_limit = min(cap_end, self.last_day)
        if self.stay is not None:
            end_limit = min(end_limit, (self.stay["left_on"] or self.last_day))
        if span * count > (cap_end - start).days + 1 and answer.cap_units and self.rng.random() < 0.3:
            end_limit = min(self._extend(code, answer, cap_end), self.last_day)
        day, made, last = start, 0, start
        while made < count and day <= end_limit:
            to = min(day + datetime.timedelta(days=span - 1), end_limit)
            if self._add(code, day, to, (to - day).days + 1, agency=agency):
                made += 1
                last = to
            day = to + datetime.timedelta(days=1)
        return last

    def _extend(self, code, answer, cap_end):
        """A supervisor's decision extending the cap (only where the rules allow it); returns the new end."""
        item = self.s.items.get((code, self.side))
        decider = self.s.users.get((self.recorder.pk, Role.SUPERVISOR)) if self.recorder else None
        if item is None or not item.cap_extendable or decider is None:
            return cap_end
        extra = 30 if self.rng.random() < 0.6 else 60
        decided_on = cap_end - datetime.timedelta(days=int(self.rng.random() * 10))
        if decided_on > self.last_day:
            return cap_end
        reason = "Người bị mua bán chưa có nơi ở ổn định, cần tiếp tục hỗ trợ"
        number = f"{self.case.id.int % 900 + 1}/QĐ-TTCTXH"  # as the centre numbers its decisions
        self.decisions.append(
            (self.case.id, vocab.DecisionKind.EXTEND_CAP, code, extra, number, decided_on,
             self.s.user_names.get(decider, ""), "Giám đốc", self.s.encrypt_reason(reason),
             decider, self.recorder.pk, _at(decided_on, 11))
        )  # fmt: skip
        return cap_end + datetime.timedelta(days=extra)


def _cap_end(start, units, unit):
    """The last day of a cap counted from ``start``, as the engine counts it (no cap: the far future)."""
    if units is None:
        return datetime.date.max
    if unit == vocab.Unit.DAY:
        return start + datetime.timedelta(days=units - 1)
    if unit == vocab.Unit.MONTH:
        return engine.add_months(start, units) - datetime.timedelta(days=1)
    return datetime.date.max


def _one(rng, seq):
    return seq[int(rng.random() * len(seq))]


def reserve_ids(model, count):
    """Ids for new rows: from the table's sequence on PostgreSQL (safe alongside other writers)."""
    if not count:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count]
            )
            return sorted(row[0] for row in cursor.fetchall())
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        start = cursor.fetchone()[0] + 1
    return list(range(start, start + count))
