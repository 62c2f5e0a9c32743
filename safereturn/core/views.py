from django.db import connection
from django.http import JsonResponse

from .access_marks import not_case_data


@not_case_data
def healthz(request):
    """For the load balancer: the process answers and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
