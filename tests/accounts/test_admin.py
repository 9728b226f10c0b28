from datetime import timedelta

import pytest

from accounts.models import Team, User
from accounts.roles import Role
from audit.models import Action, AuditEvent

pytestmark = pytest.mark.django_db


def test_an_administrator_sees_only_their_own_councils_users(world, administrator_client):
    html = administrator_client.get("/admin/accounts/user/").content.decode()
    assert "pa@home.example" in html
    assert "pa@other.example" not in html


def test_another_councils_admin_object_is_not_found(world, administrator_client):
    response = administrator_client.get(
        f"/admin/accounts/user/{world.other_council_user.pk}/change/"
    )
    assert response.status_code == 404


def test_non_administrators_cannot_use_the_admin(world, service_manager_client):
    response = service_manager_client.get("/admin/accounts/user/")
    assert response.status_code == 302
    follow = service_manager_client.get(response["Location"])
    assert follow.status_code == 403


def test_creating_a_team_in_the_admin_is_audited_and_lands_in_the_admins_council(
    world, administrator_client
):
    response = administrator_client.post("/admin/accounts/team/add/", {"name": "Team C"})
    assert response.status_code == 302
    team = Team.objects.get(name="Team C")
    assert team.council == world.council
    event = AuditEvent.objects.get(action=Action.CREATE, object_type="accounts.team")
    assert event.actor == world.administrator
    assert event.council == world.council
    assert event.detail["via"] == "admin"


def test_changing_a_user_and_their_roles_in_the_admin_is_audited(world, administrator_client):
    user = world.pa
    data = {
        "email": user.email,
        "full_name": "Petra Renamed",
        "job_title": "",
        "phone": "",
        "team": world.team_a.pk,
        "is_active": "on",
        "roles-TOTAL_FORMS": "2",
        "roles-INITIAL_FORMS": "1",
        "roles-MIN_NUM_FORMS": "0",
        "roles-MAX_NUM_FORMS": "1000",
        "roles-0-id": user.roles.get().pk,
        "roles-0-user": user.pk,
        "roles-0-role": Role.PERSONAL_ADVISER,
        "roles-1-user": user.pk,
        "roles-1-role": Role.TEAM_MANAGER,
    }
    response = administrator_client.post(f"/admin/accounts/user/{user.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(pk=user.pk)
    assert user.full_name == "Petra Renamed"
    assert user.role_codes == {Role.PERSONAL_ADVISER, Role.TEAM_MANAGER}
    actions = set(
        AuditEvent.objects.filter(object_type="accounts.user", object_id=str(user.pk)).values_list(
            "action", flat=True
        )
    )
    assert actions == {Action.UPDATE}
    assert AuditEvent.objects.filter(object_type="accounts.user").count() == 2


def test_the_admin_offers_only_the_admins_own_teams(world, administrator_client):
    html = administrator_client.get("/admin/accounts/user/add/").content.decode()
    assert "Team A" in html
    assert "Other team" not in html


def test_a_person_created_in_the_admin_has_no_usable_password_until_they_reset_it(
    world, administrator_client
):
    data = {
        "email": "New.Person@home.example",
        "full_name": "New Person",
        "job_title": "",
        "phone": "",
        "team": "",
        "is_active": "on",
        "roles-TOTAL_FORMS": "1",
        "roles-INITIAL_FORMS": "0",
        "roles-MIN_NUM_FORMS": "0",
        "roles-MAX_NUM_FORMS": "1000",
        "roles-0-role": Role.PARTICIPATION_OFFICER,
    }
    response = administrator_client.post("/admin/accounts/user/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(email="new.person@home.example")
    assert user.council == world.council
    assert not user.has_usable_password()


def test_the_by_team_filter_lists_only_the_admins_own_teams(world, administrator_client):
    html = administrator_client.get("/admin/accounts/user/").content.decode()
    filters = html.split('id="changelist-filter"', 1)[1]
    assert "Team A" in filters and "Team B" in filters
    assert "Other team" not in filters


def new_person(email: str) -> dict:
    return {
        "email": email,
        "full_name": "New Person",
        "job_title": "",
        "phone": "",
        "team": "",
        "is_active": "on",
        "roles-TOTAL_FORMS": "0",
        "roles-INITIAL_FORMS": "0",
        "roles-MIN_NUM_FORMS": "0",
        "roles-MAX_NUM_FORMS": "1000",
    }


@pytest.mark.parametrize(
    "email",
    ["pa@other.example", "PA@Other.example", "pa@home.example"],  # another council's, or ours
)
def test_a_taken_email_gets_a_message_that_says_nothing_about_other_councils(
    world, administrator_client, email
):
    from accounts.admin import UserAdminForm

    response = administrator_client.post("/admin/accounts/user/add/", new_person(email))
    html = response.content.decode()
    assert response.status_code == 200
    assert UserAdminForm.EMAIL_TAKEN in html
    assert "already exists" not in html
    assert User.objects.filter(email__iexact=email).count() == 1


def test_a_person_created_in_the_admin_is_emailed_an_invitation_that_sets_their_password(
    world, administrator_client, django_capture_on_commit_callbacks
):
    from django.core import mail
    from django.test import Client

    data = new_person("invited@home.example") | {"full_name": "Ivy Invited"}
    with django_capture_on_commit_callbacks(execute=True):
        response = administrator_client.post("/admin/accounts/user/add/", data)
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["invited@home.example"]
    assert "Home Borough Council" in message.body
    link = next(line for line in message.body.splitlines() if "/password-reset/" in line)
    user = User.objects.get(email="invited@home.example")
    assert AuditEvent.objects.filter(
        object_id=str(user.pk), detail__invitation_sent=True, actor=world.administrator
    ).exists()

    visitor = Client()
    form_page = visitor.get(link.split("8000", 1)[1], follow=True)
    assert "Choose a new password" in form_page.content.decode()
    new = "an-invited-persons-password-2026"
    visitor.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    user.refresh_from_db()
    assert user.check_password(new)
    # The link works once.
    again = visitor.get(link.split("8000", 1)[1], follow=True).content.decode()
    assert "new_password1" not in again


def test_an_invitation_link_expires(world, administrator_client, settings):
    import time_machine

    from accounts.services.invitations import invitation_link
    from tests.clock import NOW

    user = world.pa_colleague
    user.set_unusable_password()
    user.save()
    link = invitation_link(user).split("8000", 1)[1]
    from django.test import Client

    later = NOW + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    with time_machine.travel(NOW + timedelta(days=1), tick=False):  # a day on: it still works
        assert "new_password1" in Client().get(link, follow=True).content.decode()

    with time_machine.travel(later, tick=False):
        page = Client().get(link, follow=True).content.decode()
    assert "new_password1" not in page
