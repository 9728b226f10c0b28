import pytest
from django.db import connection


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the worker shares PostgreSQL")
def test_a_task_goes_through_redis_to_a_real_worker_and_back(producer, start_worker):
    worker = start_worker()
    result = producer.send_task("core.ping", queue=worker.queue)
    assert result.get(timeout=30) == {"pong": True, "database": "postgresql", "select": 1}
