"""What the case app tells officers (``notifications``), registered in ``CasesConfig.ready``."""

from django.utils.translation import gettext_lazy as _

from safereturn.notifications.kinds import NotificationKind

BREAK_GLASS = NotificationKind(
    code="break_glass",
    label=_("Emergency access used"),
    message=_("%(officer)s used emergency access to case %(number)s."),
    params=("officer", "number"),
    # Supervisors must learn of every use at once, whatever their e-mail preference.
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

KINDS = (BREAK_GLASS, CASE_RECEIVED_LEAD, ACCESS_ENDED_CONSENT_WITHDRAWN)
