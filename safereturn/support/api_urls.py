"""API endpoints of support: added to the API root (safereturn/api_urls.py) under the "api" namespace."""

urlpatterns = []
