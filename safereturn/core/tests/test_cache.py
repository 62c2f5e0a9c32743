"""The Redis cache keeps one client per connection pool (core.cache)."""

import socket
import uuid

import pytest

from safereturn.core.cache import RedisCache


def redis_up():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not redis_up(), reason="needs Redis on 127.0.0.1:6379")
def test_the_redis_cache_reuses_its_client_and_still_works():
    cache = RedisCache("redis://127.0.0.1:6379/14", {"KEY_PREFIX": f"test-{uuid.uuid4()}"})
    client = cache._cache.get_client()
    assert cache._cache.get_client(write=True) is client
    cache.set("case-page", {"n": 1}, 30)
    assert cache.get("case-page") == {"n": 1}
    assert cache.delete("case-page") and cache.get("case-page") is None
