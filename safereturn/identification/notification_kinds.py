"""What verification tells officers (``notifications``), registered in ``IdentificationConfig.ready``.

Parameters are codes and ISO dates (a task's kind is shown as its label in the reader's language),
the case number and an agency's name: never anything about the person.
"""

from django.utils.translation import gettext_lazy as _

from safereturn.notifications.kinds import NotificationKind

from .vocab import TaskKind


def _task_kind_label(params):
    code = params.get("kind")
    return {"kind": TaskKind(code).label if code in TaskKind.values else code}


def _kind(code, label, message, params):
    return NotificationKind(code=code, label=label, message=message, params=params, present=_task_kind_label)


KINDS = (
    _kind(
        "verification_assigned",
        _("Verification task assigned to your agency"),
        _("A verification task (%(kind)s) on case %(number)s was assigned to your agency, due %(due)s."),
        ("kind", "number", "due"),
    ),
    _kind(
        "verification_partner",
        _("Your agency is partner on a verification task"),
        _(
            "Your agency is named as partner on a verification task (%(kind)s) on case %(number)s, due %(due)s: "
            "you can open the case and work the task while it is open."
        ),
        ("kind", "number", "due"),
    ),
    _kind(
        "verification_due",
        _("Verification task due soon"),
        _("The verification task (%(kind)s) on case %(number)s is due %(due)s."),
        ("kind", "number", "due"),
    ),
    _kind(
        "verification_overdue",
        _("Verification task overdue"),
        _("The verification task (%(kind)s) on case %(number)s is overdue: it was due %(due)s."),
        ("kind", "number", "due"),
    ),
    _kind(
        "verification_escalated",
        _("Overdue verification task escalated"),
        _(
            "Escalation: the verification task (%(kind)s) on case %(number)s assigned to %(agency)s "
            "is overdue since %(due)s."
        ),
        ("kind", "number", "agency", "due"),
    ),
    _kind(
        "verification_due_date_changed",
        _("Due date of a verification task moved"),
        _(
            "The due date of the verification task (%(kind)s) on case %(number)s was moved "
            "from %(previous)s to %(due)s."
        ),
        ("kind", "number", "previous", "due"),
    ),
)
