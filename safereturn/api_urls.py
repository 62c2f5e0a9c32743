"""The API root: each bounded context registers its endpoints here."""

from django.urls import path

from safereturn.cases import api as cases_api
from safereturn.cases import emergency_api, match_api
from safereturn.cases import person_views as cases_person_api
from safereturn.coordination.api_urls import urlpatterns as coordination_api
from safereturn.directory.api import AgencyListView, MeView
from safereturn.home import api as home_api
from safereturn.identification import api as identification_api
from safereturn.notifications import api as notifications_api
from safereturn.protection.api_urls import urlpatterns as protection_api
from safereturn.referrals.api_urls import urlpatterns as referrals_api
from safereturn.reintegration.api_urls import urlpatterns as reintegration_api
from safereturn.shelters.api_urls import urlpatterns as shelters_api
from safereturn.support.api_urls import urlpatterns as support_api
from safereturn.tips import api as tips_api

app_name = "api"

urlpatterns = [
    path("me/", MeView.as_view(), name="me"),
    path("agencies/", AgencyListView.as_view(), name="agencies"),
    path("cases/", cases_api.CaseListCreate.as_view(), name="cases"),
    path("cases/<uuid:case_id>/", cases_api.CaseDetail.as_view(), name="case"),
    path("cases/<uuid:case_id>/reveal/", cases_api.CaseReveal.as_view(), name="case-reveal"),
    path("cases/<uuid:case_id>/timeline/", cases_api.CaseTimeline.as_view(), name="case-timeline"),
    path("cases/<uuid:case_id>/notes/", cases_api.CaseNotes.as_view(), name="case-notes"),
    path("cases/<uuid:case_id>/documents/", cases_api.CaseDocuments.as_view(), name="case-documents"),
    path(
        "cases/<uuid:case_id>/documents/<int:document_id>/",
        cases_api.CaseDocumentDownload.as_view(),
        name="case-document",
    ),
    path("cases/<uuid:case_id>/link-person/", cases_api.CaseLinkPerson.as_view(), name="case-link-person"),
    path("cases/<uuid:case_id>/person/", cases_person_api.CasePerson.as_view(), name="case-person"),
    path("cases/<uuid:case_id>/consents/", cases_person_api.CaseConsents.as_view(), name="case-consents"),
    path(
        "cases/<uuid:case_id>/consents/<int:consent_id>/withdraw/",
        cases_person_api.CaseConsentWithdraw.as_view(),
        name="case-consent-withdraw",
    ),
    path("my-work/", home_api.MyWork.as_view(), name="my-work"),
    path("match-requests/", match_api.MatchRequestList.as_view(), name="match-requests"),
    path("match-requests/<int:request_id>/", match_api.MatchRequestDetail.as_view(), name="match-request-detail"),
    path(
        "match-requests/<int:request_id>/answer/", match_api.MatchRequestAnswer.as_view(), name="match-request-answer"
    ),
    path("break-glass/", emergency_api.BreakGlass.as_view(), name="break-glass"),
    path("emergency-access/", emergency_api.EmergencyAccessList.as_view(), name="emergency-access"),
    path(
        "emergency-access/<int:grant_id>/",
        emergency_api.EmergencyAccessDetail.as_view(),
        name="emergency-access-detail",
    ),
    path(
        "emergency-access/<int:grant_id>/decision/",
        emergency_api.EmergencyAccessDecision.as_view(),
        name="emergency-access-decision",
    ),
    path(
        "emergency-access/<int:grant_id>/review/",
        emergency_api.EmergencyAccessReview.as_view(),
        name="emergency-access-review",
    ),
    path(
        "cases/<uuid:case_id>/verification-tasks/",
        identification_api.CaseVerificationTasks.as_view(),
        name="case-verification-tasks",
    ),
    path(
        "cases/<uuid:case_id>/verification-tasks/<int:task_id>/",
        identification_api.CaseVerificationTask.as_view(),
        name="case-verification-task",
    ),
    path(
        "cases/<uuid:case_id>/verification-tasks/<int:task_id>/due-date/",
        identification_api.CaseVerificationTaskDueDate.as_view(),
        name="case-verification-task-due-date",
    ),
    path("cases/<uuid:case_id>/evidence/", identification_api.CaseEvidence.as_view(), name="case-evidence"),
    path("cases/<uuid:case_id>/decisions/", identification_api.CaseDecisions.as_view(), name="case-decisions"),
    path(
        "cases/<uuid:case_id>/decisions/<int:decision_id>/print/<slug:fmt>/",
        identification_api.CaseDecisionDocument.as_view(),
        name="case-decision-document",
    ),
    path("cases/<uuid:case_id>/transitions/", identification_api.CaseTransition.as_view(), name="case-transitions"),
    path("verification-queue/", identification_api.VerificationQueue.as_view(), name="verification-queue"),
    path("tips/", tips_api.TipListCreate.as_view(), name="tips"),
    path("tips/<uuid:tip_id>/", tips_api.TipDetail.as_view(), name="tip"),
    path("tips/<uuid:tip_id>/timeline/", tips_api.TipTimeline.as_view(), name="tip-timeline"),
    path("tips/<uuid:tip_id>/triage/", tips_api.TipTriage.as_view(), name="tip-triage"),
    path("tips/<uuid:tip_id>/forward/", tips_api.TipForward.as_view(), name="tip-forward"),
    path("tips/<uuid:tip_id>/link-case/", tips_api.TipLinkCase.as_view(), name="tip-link-case"),
    path("tips/<uuid:tip_id>/close/", tips_api.TipClose.as_view(), name="tip-close"),
    path("tips/<uuid:tip_id>/reveal/", tips_api.TipReveal.as_view(), name="tip-reveal"),
    path("register-entries/", tips_api.RegisterListCreate.as_view(), name="register-entries"),
    path("register-entries/<uuid:entry_id>/", tips_api.RegisterEntryDetail.as_view(), name="register-entry"),
    path(
        "register-entries/<uuid:entry_id>/link-case/",
        tips_api.RegisterEntryLinkCase.as_view(),
        name="register-entry-link-case",
    ),
    path("notifications/", notifications_api.NotificationList.as_view(), name="notifications"),
    path(
        "notifications/<int:notification_id>/read/",
        notifications_api.NotificationRead.as_view(),
        name="notification-read",
    ),
    path("notifications/read-all/", notifications_api.NotificationsReadAll.as_view(), name="notifications-read-all"),
    path(
        "notifications/unread-count/",
        notifications_api.NotificationsUnreadCount.as_view(),
        name="notifications-unread-count",
    ),
]

# The protection, support, shelters, reintegration, referrals and coordination contexts keep their endpoints
# in their own api_urls modules.
urlpatterns += [*protection_api, *support_api, *shelters_api, *reintegration_api, *referrals_api, *coordination_api]
