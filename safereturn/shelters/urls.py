"""Pages of shelters, under /shelters/."""

app_name = "shelters"

urlpatterns = []
