"""Pages of protection, under /protection/."""

app_name = "protection"

urlpatterns = []
