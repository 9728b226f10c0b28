from django.urls import path

from .views import builds, committees, meetings, minutes

app_name = "panels"

C = "committees/<uuid:uuid>/"
M = "meetings/<uuid:uuid>/"
I = M + "items/<int:pk>/"  # noqa: E741

urlpatterns = [
    path("", committees.index, name="index"),
    # Committees, members and the work programme
    path("committees/new/", committees.committee_new, name="committee-new"),
    path(C, committees.committee, name="committee"),
    path(C + "edit/", committees.committee_edit, name="committee-edit"),
    path(C + "members/new/", committees.member_new, name="member-new"),
    path(C + "members/<int:pk>/", committees.member_edit, name="member-edit"),
    path(C + "meetings/new/", committees.meeting_new, name="meeting-new"),
    path(C + "work-programme/", committees.work_programme, name="work-programme"),
    path(C + "work-programme/new/", committees.work_entry_new, name="work-entry-new"),
    path(C + "work-programme/<int:pk>/", committees.work_entry_edit, name="work-entry-edit"),
    path(
        C + "work-programme/<int:pk>/delete/",
        committees.work_entry_delete,
        name="work-entry-delete",
    ),
    # A meeting: its agenda, items and papers
    path(M, meetings.meeting, name="meeting"),
    path(M + "edit/", meetings.meeting_edit, name="meeting-edit"),
    path(M + "items/new/", meetings.item_new, name="item-new"),
    path(I, meetings.item_edit, name="item-edit"),
    path(I + "move/", meetings.item_move, name="item-move"),
    path(I + "delete/", meetings.item_delete, name="item-delete"),
    path(I + "papers/upload/", meetings.paper_upload, name="paper-upload"),
    path(I + "papers/report/", meetings.paper_report, name="paper-report"),
    path(I + "papers/generated/", meetings.paper_generated_choose, name="paper-generated-choose"),
    path(I + "papers/generated/<slug:key>/", meetings.paper_generated, name="paper-generated"),
    path(M + "papers/<uuid:paper>/", meetings.paper, name="paper"),
    path(M + "papers/<uuid:paper>/file/", meetings.paper_file, name="paper-file"),
    path(M + "papers/<uuid:paper>/delete/", meetings.paper_delete, name="paper-delete"),
    # Minutes
    path(M + "minutes/", minutes.minutes, name="minutes"),
    path(M + "minutes/attendance/", minutes.attendance, name="attendance"),
    path(M + "minutes/officers/", minutes.officers, name="officers"),
    path(M + "minutes/items/<int:pk>/", minutes.minute, name="minute"),
    path(M + "actions/new/", minutes.action_new, name="action-new"),
    path(M + "actions/<uuid:action>/", minutes.action, name="action"),
    # Packs
    path(M + "packs/", builds.builds, name="builds"),
    path("packs/<uuid:uuid>/", builds.build, name="build"),
    path("packs/<uuid:uuid>/download/", builds.build_download, name="build-download"),
    path("packs/<uuid:uuid>/issue/", builds.build_issue, name="build-issue"),
    # For the public: no sign-in
    path("public/<uuid:uuid>/", builds.public_committee, name="public-committee"),
    path("public/packs/<uuid:uuid>/", builds.public_pack, name="public-pack"),
]
