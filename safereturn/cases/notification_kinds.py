"""What the case app tells officers (``notifications``), registered in ``CasesConfig.ready``."""

from django.utils.translation import gettext_lazy as _

from safereturn.notifications.kinds import NotificationKind

from .vocab import MatchRequestStatus

BREAK_GLASS = NotificationKind(
    code="break_glass",
    label=_("Emergency access used"),
    message=_("%(officer)s used emergency access to case %(number)s."),
    params=("officer", "number"),
    # Supervisors must learn of every use at once, whatever their e-mail preference.
    mandatory=True,
)

EMERGENCY_REQUESTED = NotificationKind(
    code="emergency_requested",
    label=_("Emergency access asked for"),
    message=_("%(officer)s asks for emergency access to case %(number)s: approve or refuse it."),
    params=("officer", "number"),
    mandatory=True,
)

EMERGENCY_APPROVED = NotificationKind(
    code="emergency_approved",
    label=_("Emergency access approved"),
    message=_("Your request for emergency access to case %(number)s was approved: it is open now."),
    params=("number",),
    mandatory=True,
)

EMERGENCY_REFUSED = NotificationKind(
    code="emergency_refused",
    label=_("Emergency access refused"),
    message=_("Your request for emergency access to case %(number)s was refused."),
    params=("number",),
    mandatory=True,
)

EMERGENCY_REVIEWED_NOT_JUSTIFIED = NotificationKind(
    code="emergency_not_justified",
    label=_("Emergency access found not justified"),
    message=_("A supervisor found the emergency access of %(officer)s to case %(number)s not justified."),
    params=("officer", "number"),
    mandatory=True,
)

DUPLICATE_CHECKS_ALERT = NotificationKind(
    code="duplicate_checks_alert",
    label=_("Many checks for earlier records"),
    message=_(
        "%(officer)s checked for earlier records of persons %(count)s times in %(minutes)s minutes; "
        "further checks are refused for now."
    ),
    params=("officer", "count", "minutes"),
    # The check tells whether a person is held elsewhere: its use as a lookup must be seen at once.
    mandatory=True,
)

CASE_RECEIVED_LEAD = NotificationKind(
    code="case_received_lead",
    label=_("Case received in the province (lead agency)"),
    message=_(
        "Case %(number)s was received by %(agency)s on %(received)s. As the province's lead agency, verify it "
        "with the provincial police within the legal deadline."
    ),
    params=("number", "agency", "received"),
)

ACCESS_ENDED_CONSENT_WITHDRAWN = NotificationKind(
    code="case_access_ended_consent",
    label=_("Your agency's access to a case ended"),
    message=_("Your agency no longer takes part in case %(number)s: the person withdrew the consent it relied on."),
    params=("number",),
)

MATCH_REQUESTED = NotificationKind(
    code="match_requested",
    label=_("Confirm a possible earlier record"),
    message=_(
        "%(agency)s recorded case %(number)s and asks whether its person is someone your agency already holds a "
        "record of. Answer by %(due)s."
    ),
    params=("agency", "number", "due"),
)


def _answer_label(params):
    code = params.get("answer")
    return {"answer": MatchRequestStatus(code).label if code in MatchRequestStatus.values else code}


MATCH_ANSWERED = NotificationKind(
    code="match_answered",
    label=_("Answer about a possible earlier record"),
    message=_("%(agency)s answered about case %(number)s: %(answer)s."),
    params=("agency", "number", "answer"),
    present=_answer_label,
)

MATCH_REMINDER = NotificationKind(
    code="match_reminder",
    label=_("Reminder: a request to confirm a possible earlier record is overdue"),
    message=_(
        "%(agency)s is still waiting for your agency's answer about case %(number)s: it was due on %(due)s. "
        "Compare the records and answer."
    ),
    params=("agency", "number", "due"),
)

MATCH_ESCALATED = NotificationKind(
    code="match_escalated",
    label=_("A request to confirm a possible earlier record is still unanswered"),
    message=_(
        "Your agency has not answered %(agency)s about case %(number)s, due on %(due)s, although its officers "
        "were reminded. As a supervisor, see that it is answered."
    ),
    params=("agency", "number", "due"),
)

KINDS = (
    BREAK_GLASS,
    EMERGENCY_REQUESTED,
    EMERGENCY_APPROVED,
    EMERGENCY_REFUSED,
    EMERGENCY_REVIEWED_NOT_JUSTIFIED,
    DUPLICATE_CHECKS_ALERT,
    CASE_RECEIVED_LEAD,
    ACCESS_ENDED_CONSENT_WITHDRAWN,
    MATCH_REQUESTED,
    MATCH_ANSWERED,
    MATCH_REMINDER,
    MATCH_ESCALATED,
)
