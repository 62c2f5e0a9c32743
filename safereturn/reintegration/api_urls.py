"""API endpoints of reintegration: added to the API root (safereturn/api_urls.py) under the "api" namespace."""

urlpatterns = []
