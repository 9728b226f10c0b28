import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from audit import services as audit
from audit.models import Action, AppendOnlyError, AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(world):
    return audit.record(action=Action.VIEW, actor=world.pa, obj=world.yp_own)


def test_it_records_who_did_what_to_which_record(world, event):
    assert event.actor == world.pa
    assert event.actor_email == "pa@home.example"
    assert event.council == world.council
    assert event.object_type == "pathways.youngperson"
    assert event.object_id == str(world.yp_own.pk)


def test_an_entry_cannot_be_changed_through_the_model(event):
    event.action = Action.DELETE
    with pytest.raises(AppendOnlyError):
        event.save()


def test_an_entry_cannot_be_deleted_through_the_model(event):
    with pytest.raises(AppendOnlyError):
        event.delete()


def test_entries_cannot_be_changed_or_deleted_in_bulk(event):
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action=Action.DELETE)
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_the_database_refuses_to_change_an_entry(event):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET action = 'delete' WHERE id = %s", [event.pk])
    event.refresh_from_db()
    assert event.action == Action.VIEW


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite refuses deletes in the model only"
)
def test_the_database_refuses_to_delete_an_entry(event):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_no_url_accepts_a_change_to_an_entry(world, event, administrator_client):
    url = f"/admin/audit/auditevent/{event.pk}/change/"
    response = administrator_client.post(url, {"action": "delete"})
    assert response.status_code == 403
    response = administrator_client.post(
        f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
    event.refresh_from_db()
    assert event.action == Action.VIEW


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL trigger")
def test_the_database_refuses_to_truncate_the_log_outside_the_test_settings(event):
    # The test settings allow TRUNCATE on every connection (the runner empties tables with it);
    # a session that has not said so, as in production, is refused.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL leavingcare.allow_audit_truncate = 'off'")
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred checks pending
        with pytest.raises(DatabaseError, match="TRUNCATE refused"), transaction.atomic():
            cursor.execute("TRUNCATE audit_auditevent")
    assert AuditEvent.objects.filter(pk=event.pk).exists()
