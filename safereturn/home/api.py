"""The officer's work in the API: what "Việc của tôi" lists (``core.work_queues.all_items``)."""

import re

from django.utils import timezone
from django.utils.html import strip_tags
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from safereturn.access import policy
from safereturn.core.work_queues import all_items
from safereturn.identification.services import records_viewed

_HREF = re.compile(r'href="([^"]+)"')


class WorkItemSerializer(serializers.Serializer):
    due_date = serializers.DateField()
    overdue = serializers.BooleanField()
    text = serializers.CharField(help_text="The item as the page shows it, in the active language.")
    url = serializers.CharField(help_text="The page where it is done.")


def work_item(item, today):
    """An item renders itself as a safe link: its link and its words, and when it is due."""
    html = str(item)
    link = _HREF.search(html)
    return {
        "due_date": item.due_date,
        "overdue": item.due_date < today,
        "text": " ".join(strip_tags(html).split()),
        "url": link.group(1) if link else "",
    }


class MyWork(APIView):
    """Everything assigned to you and your agency, earliest due first, whatever the due date
    (``?mine=1``: assigned to you or to nobody in particular)."""

    permission_classes = [permissions.IsAuthenticated]
    access_policy = "case_data"

    @extend_schema(responses={200: WorkItemSerializer(many=True)})
    def get(self, request):
        actor = policy.actor_for_request(request)
        scope = "officer" if request.query_params.get("mine") else "agency"
        today = timezone.localdate()
        rows = [work_item(item, today) for item in all_items(actor, scope=scope)]
        if actor is not None:
            records_viewed(actor=actor, case=None, what=f"my_work:{scope}:{len(rows)}", channel="api")
        return Response(WorkItemSerializer(rows, many=True).data)
