from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RulesConfig(AppConfig):
    name = "safereturn.rules"
    label = "rules"
    verbose_name = _("Legal rules")

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate, post_save

        from .loaders import load_after_migrate
        from .models import AgencyCompetenceRule
        from .selectors import forget_competence_rules

        # Each app's seeded rule rows after ``migrate`` (``loaders.rule_loaders``, registered by the apps).
        post_migrate.connect(load_after_migrate, dispatch_uid="rules_load_after_migrate")
        post_save.connect(forget_competence_rules, sender=AgencyCompetenceRule, dispatch_uid="forget_competence_save")
        post_delete.connect(forget_competence_rules, sender=AgencyCompetenceRule, dispatch_uid="forget_competence_del")
