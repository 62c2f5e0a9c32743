"""Pages of reintegration, under /reintegration/."""

app_name = "reintegration"

urlpatterns = []
