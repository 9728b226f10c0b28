from celery import shared_task
from django.db import connection


@shared_task(name="core.ping")
def ping() -> dict:
    """A round trip through the broker, the worker and the database, for health checks."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        (one,) = cursor.fetchone()
    return {"pong": True, "database": connection.vendor, "select": one}
