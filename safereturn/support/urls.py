"""Pages of support, under /support/."""

app_name = "support"

urlpatterns = []
