"""The JSON API for young people's records: the same permissions, scoping, rules and audit as
the pages, for other systems and for staff who script their work.

- Session authentication only (the browsable API and Swagger UI use the signed-in session;
  unsafe methods need the CSRF token).
- Records are found through ``pathways.selectors``: outside the user's reach is 404, readable
  but not editable (a colleague's young person, read for cover) is 403.
- Writes go through the same services as the pages (``pathways.services.young_people``,
  ``.work`` and ``.plans``); their
  ``ValidationError`` becomes 400 with ``{field: [messages]}`` (``non_field_errors`` for the
  rest) and nothing is saved. A value another record already has (a person ID) is such a
  400, also when two requests race for it.
- A stale ``lock_version`` on PATCH gives 409 Conflict with the reason and the current record.
- Every read of a young person's record is audited; a list of young people is audited as one
  VIEW event with the number returned.
- Every create (POST of a young person, episode, contact, situation, review or plan) honours
  an optional ``Idempotency-Key`` header (``core.once.created_once``): a repeat of the same
  request with the same key gets the first answer again and creates nothing; the same key
  with a different request is 422.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.permissions import SAFE_METHODS, IsAuthenticated
from rest_framework.response import Response
from rest_framework.settings import api_settings

from accounts.permissions import HasPerm
from accounts.roles import Perm
from audit import services as audit
from core import once

from . import selectors, services
from .models import YoungPerson
from .selectors import plans as plan_selectors
from .selectors import work as work_selectors
from .selectors import young_people as young_people_selectors
from .serializers import (
    CareEpisodeInputSerializer,
    CareEpisodeSerializer,
    ContactInputSerializer,
    ContactSerializer,
    ErrorSerializer,
    PlanDecisionSerializer,
    PlanDetailSerializer,
    PlanSerializer,
    ReviewInputSerializer,
    ReviewSerializer,
    SituationInputSerializer,
    SituationSerializer,
    StaleYoungPersonSerializer,
    ValidationErrorsSerializer,
    YoungPersonCreateSerializer,
    YoungPersonFilterSerializer,
    YoungPersonSerializer,
    YoungPersonUpdateSerializer,
)
from .services import plans as plan_services
from .services import work as work_services
from .services import young_people as young_people_services

NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY

CASEWORK = HasPerm.of(Perm.YOUNG_PEOPLE_VIEW_OWN)
RECORD_WORK = HasPerm.of(Perm.YOUNG_PEOPLE_EDIT_OWN)
MANAGE_YOUNG_PEOPLE = HasPerm.of(
    Perm.YOUNG_PEOPLE_EDIT_TEAM, Perm.YOUNG_PEOPLE_EDIT_COUNCIL, any_of=True
)
APPROVE_PLANS = HasPerm.of(Perm.PLANS_APPROVE)

REFUSED = {
    400: OpenApiResponse(ValidationErrorsSerializer, description="Refused: {field: [messages]}"),
    403: OpenApiResponse(ErrorSerializer, description="Not allowed to change this record"),
    404: OpenApiResponse(ErrorSerializer, description="No such record within your reach"),
    415: OpenApiResponse(
        ErrorSerializer, description="A body that is not JSON, a form or multipart form data"
    ),
}
IDEMPOTENCY_KEY = OpenApiParameter(
    name=once.KEY_HEADER,
    type=OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=False,
    pattern=r"^[!-~]{1,255}$",
    description="Optional. A key you choose for this request (1 to 255 visible ASCII "
    "characters, for example a new UUID), so that sending it again is safe: a repeat with "
    "the same key and the same body gets the first answer again (same status and body, "
    "with the header Idempotent-Replayed: true) and creates nothing. Keys are yours alone "
    "and kept for 24 hours; a refused request (400) keeps nothing.",
)
CREATE_REFUSED = {
    **REFUSED,
    422: OpenApiResponse(
        ErrorSerializer,
        description="The Idempotency-Key was used for a different request: use a new key",
    ),
}
READ_ERRORS = {
    403: OpenApiResponse(ErrorSerializer, description="Your role sees no individual records"),
    404: OpenApiResponse(ErrorSerializer, description="No such record within your reach"),
}


# Errors -----------------------------------------------------------------------------------


def errors_from(exc: DjangoValidationError) -> dict[str, list[str]]:
    """A service's ValidationError as DRF's ``{field: [messages]}``."""
    if hasattr(exc, "error_dict"):
        return {
            (NON_FIELD if field == NON_FIELD_ERRORS else field): messages
            for field, messages in exc.message_dict.items()
        }
    return {NON_FIELD: exc.messages}


@contextmanager
def refused_as_400(nest: tuple[str, frozenset[str]] | None = None) -> Iterator[None]:
    """Turn a service's ValidationError into 400. With ``nest=(name, fields)``, messages
    for ``fields`` go under ``name`` (a nested object in the request)."""
    try:
        yield
    except DjangoValidationError as exc:
        errors = errors_from(exc)
        if nest:
            name, fields = nest
            inner = {f: errors.pop(f) for f in list(errors) if f in fields}
            if inner:
                errors[name] = inner
        raise serializers.ValidationError(errors) from exc


# Base views -------------------------------------------------------------------------------


class RecordAPIView(generics.GenericAPIView):
    """Every endpoint here is for caseworkers (roles that see individual records); writes
    also need ``write_permission``. Scoping to the record is the selectors' job."""

    read_permission: type = CASEWORK
    write_permission: type = RECORD_WORK
    filter_backends: list = []

    def get_permissions(self):
        extra = (
            self.read_permission if self.request.method in SAFE_METHODS else self.write_permission
        )
        return [IsAuthenticated(), CASEWORK(), extra()]

    def young_person(self, *, for_edit: bool = False) -> YoungPerson:
        return selectors.young_person_for(
            self.request.user, uuid=self.kwargs["uuid"], for_edit=for_edit
        )

    def output(self, serializer_class, instance, *, status_code: int = status.HTTP_200_OK):
        context = self.get_serializer_context()
        return Response(serializer_class(instance, context=context).data, status=status_code)

    def incoming(self, serializer_class):
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer


class YoungPersonRecordsView(RecordAPIView):
    """A list of one kind of record about one young person, and recording a new one."""

    output_serializer: type[serializers.Serializer]
    input_serializer: type[serializers.Serializer]

    def get_serializer_class(self):
        return self.input_serializer if self.request.method == "POST" else self.output_serializer

    def records_of(self, young_person: YoungPerson):
        raise NotImplementedError

    def get_queryset(self):
        return self.records_of(self.young_person())

    def get(self, request, uuid):
        young_person = self.young_person()
        services.record_view(young_person=young_person, by=request.user, request=request)
        page = self.paginate_queryset(self.records_of(young_person))
        data = self.output_serializer(page, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(data)


# Young people -----------------------------------------------------------------------------


class YoungPeopleView(RecordAPIView, generics.ListAPIView):
    """The young people you may see (your caseload, your team or the council, by role)."""

    write_permission = MANAGE_YOUNG_PEOPLE

    def get_serializer_class(self):
        if self.request.method == "POST":
            return YoungPersonCreateSerializer
        return YoungPersonSerializer

    def get_queryset(self):
        filters = YoungPersonFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return young_people_selectors.api_young_people_for(
            self.request.user, **filters.validated_data
        )

    @extend_schema(
        parameters=[YoungPersonFilterSerializer],
        responses={
            200: YoungPersonSerializer(many=True),
            400: OpenApiResponse(
                ValidationErrorsSerializer, description="A filter that cannot be read"
            ),
            **READ_ERRORS,
        },
    )
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        data = self.get_serializer(page, many=True).data
        audit.record_list_view(
            actor=request.user, request=request, list_name="api:young-people", count=len(page)
        )
        return self.get_paginated_response(data)

    @extend_schema(
        request=YoungPersonCreateSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={201: YoungPersonSerializer, **CREATE_REFUSED},
        description="Managers only (team or service manager), as on the page: a team manager "
        "allocates only to a personal adviser in their team, and a young person they create not "
        "yet allocated joins their team; a service manager allocates to any personal adviser in "
        "the council.",
    )
    def post(self, request):
        def create():
            fields = dict(self.incoming(YoungPersonCreateSerializer).validated_data)
            adviser = fields.pop("personal_adviser", None)
            with refused_as_400():  # the same write as the page: one step, nothing half-saved
                young_person = young_people_services.create_young_person(
                    by=request.user, fields=fields, personal_adviser=adviser, request=request
                )
            return self.output(
                YoungPersonSerializer, young_person, status_code=status.HTTP_201_CREATED
            )

        return once.created_once(request, create)


class YoungPersonView(RecordAPIView):
    """One young person's record; reading it is audited."""

    def get_serializer_class(self):
        if self.request.method == "PATCH":
            return YoungPersonUpdateSerializer
        return YoungPersonSerializer

    @extend_schema(responses={200: YoungPersonSerializer, **READ_ERRORS})
    def get(self, request, uuid):
        young_person = self.young_person()
        services.record_view(young_person=young_person, by=request.user, request=request)
        return self.output(YoungPersonSerializer, young_person)

    @extend_schema(
        request=YoungPersonUpdateSerializer,
        responses={
            200: YoungPersonSerializer,
            **REFUSED,
            409: OpenApiResponse(
                StaleYoungPersonSerializer,
                description="Someone saved the record after you read it: the current record",
            ),
        },
    )
    def patch(self, request, uuid):
        young_person = self.young_person(for_edit=True)
        fields = dict(self.incoming(YoungPersonUpdateSerializer).validated_data)
        expected_version = fields.pop("lock_version")
        if not fields:
            raise serializers.ValidationError({NON_FIELD: ["Send at least one field to change"]})
        try:
            with refused_as_400():  # the same write as the page
                young_person = young_people_services.update_young_person(
                    young_person=young_person,
                    by=request.user,
                    expected_version=expected_version,
                    fields=fields,
                    request=request,
                )
        except services.StaleEdit as stale:
            current = self.young_person(for_edit=True)
            services.record_view(young_person=current, by=request.user, request=request)
            body = {
                "detail": str(stale),
                "current": YoungPersonSerializer(
                    current, context=self.get_serializer_context()
                ).data,
            }
            return Response(body, status=status.HTTP_409_CONFLICT)
        return self.output(YoungPersonSerializer, self.young_person())


# Records about a young person -------------------------------------------------------------


@extend_schema(methods=["GET"], responses={200: CareEpisodeSerializer(many=True), **READ_ERRORS})
class EpisodesView(YoungPersonRecordsView):
    """Care episodes. Adding one recomputes the legal status."""

    output_serializer = CareEpisodeSerializer
    input_serializer = CareEpisodeInputSerializer

    def records_of(self, young_person):
        return young_people_selectors.episodes_of(young_person)

    @extend_schema(
        request=CareEpisodeInputSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={201: CareEpisodeSerializer, **CREATE_REFUSED},
    )
    def post(self, request, uuid):
        young_person = self.young_person(for_edit=True)

        def create():
            data = self.incoming(CareEpisodeInputSerializer).validated_data
            with refused_as_400():
                episode = young_people_services.add_episode(
                    young_person=young_person, by=request.user, request=request, **data
                )
            return self.output(CareEpisodeSerializer, episode, status_code=status.HTTP_201_CREATED)

        return once.created_once(request, create)


SITUATION_FIELDS = frozenset({"recorded_on", "in_touch", "activity", "accommodation"})


@extend_schema(methods=["GET"], responses={200: ContactSerializer(many=True), **READ_ERRORS})
class ContactsView(YoungPersonRecordsView):
    """Contacts, newest first, each with the situation recorded at it (if any)."""

    output_serializer = ContactSerializer
    input_serializer = ContactInputSerializer

    def records_of(self, young_person):
        return work_selectors.contacts_of(young_person)

    @extend_schema(
        request=ContactInputSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={201: ContactSerializer, **CREATE_REFUSED},
        description="A situation given with the contact is checked against DfE's cross-rules; "
        "its problems come back under `situation`. Contact and situation are saved together "
        "or not at all.",
    )
    def post(self, request, uuid):
        young_person = self.young_person(for_edit=True)

        def create():
            incoming = self.incoming(ContactInputSerializer)
            data = incoming.validated_data
            with refused_as_400(nest=("situation", SITUATION_FIELDS)):
                contact = work_services.record_contact(
                    young_person=young_person,
                    by=request.user,
                    occurred_at=data["occurred_at"],
                    kind=data["kind"],
                    notes=data["notes"],
                    seen_alone=data["seen_alone"],
                    change_of_circumstances=data["change_of_circumstances"],
                    situation=incoming.situation_input(),
                    request=request,
                )
            return self.output(ContactSerializer, contact, status_code=status.HTTP_201_CREATED)

        return once.created_once(request, create)


@extend_schema(methods=["GET"], responses={200: SituationSerializer(many=True), **READ_ERRORS})
class SituationsView(YoungPersonRecordsView):
    """The young person's situation as DfE codes, as a dated history (newest first)."""

    output_serializer = SituationSerializer
    input_serializer = SituationInputSerializer

    def records_of(self, young_person):
        return work_selectors.situations_of(young_person)

    @extend_schema(
        request=SituationInputSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={201: SituationSerializer, **CREATE_REFUSED},
        description="Checked against DfE's SSDA903 cross-rules; a broken rule gives 400 with "
        "a message naming it.",
    )
    def post(self, request, uuid):
        young_person = self.young_person(for_edit=True)

        def create():
            incoming = self.incoming(SituationInputSerializer)
            with refused_as_400():
                situation = work_services.record_situation(
                    young_person=young_person,
                    by=request.user,
                    data=incoming.to_situation_input(),
                    request=request,
                )
            return self.output(SituationSerializer, situation, status_code=status.HTTP_201_CREATED)

        return once.created_once(request, create)


@extend_schema(methods=["GET"], responses={200: ReviewSerializer(many=True), **READ_ERRORS})
class ReviewsView(YoungPersonRecordsView):
    """Reviews of the pathway plan, newest first."""

    output_serializer = ReviewSerializer
    input_serializer = ReviewInputSerializer

    def records_of(self, young_person):
        return work_selectors.reviews_of(young_person)

    @extend_schema(
        request=ReviewInputSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={201: ReviewSerializer, **CREATE_REFUSED},
    )
    def post(self, request, uuid):
        young_person = self.young_person(for_edit=True)

        def create():
            data = self.incoming(ReviewInputSerializer).validated_data
            with refused_as_400():
                review = work_services.record_review(
                    young_person=young_person, by=request.user, request=request, **data
                )
            return self.output(ReviewSerializer, review, status_code=status.HTTP_201_CREATED)

        return once.created_once(request, create)


@extend_schema(methods=["GET"], responses={200: PlanSerializer(many=True), **READ_ERRORS})
class PlansView(YoungPersonRecordsView):
    """Pathway plan versions, newest first."""

    output_serializer = PlanSerializer
    input_serializer = serializers.Serializer

    def records_of(self, young_person):
        return plan_selectors.plans_of(young_person)

    @extend_schema(
        request=None,
        parameters=[IDEMPOTENCY_KEY],
        responses={201: PlanDetailSerializer, **CREATE_REFUSED},
        description="Starts a new version, copied from the last one. Only one plan can be "
        "open (draft, awaiting sign-off or returned) at a time.",
    )
    def post(self, request, uuid):
        young_person = self.young_person(for_edit=True)

        def create():
            with refused_as_400():
                plan = plan_services.start_plan(
                    young_person=young_person, by=request.user, request=request
                )
            return self.output(
                PlanDetailSerializer,
                plan_selectors.plan_with_sections(plan),
                status_code=status.HTTP_201_CREATED,
            )

        return once.created_once(request, create)


# Pathway plans ----------------------------------------------------------------------------


class PlanView(RecordAPIView):
    """One version of a pathway plan with its sections and actions; reading it is audited
    as a view of the young person's record."""

    serializer_class = PlanDetailSerializer

    @extend_schema(responses={200: PlanDetailSerializer, **READ_ERRORS})
    def get(self, request, uuid):
        plan = selectors.plan_for(request.user, uuid=uuid)
        services.record_view(young_person=plan.young_person, by=request.user, request=request)
        return self.output(PlanDetailSerializer, plan_selectors.plan_with_sections(plan))


class PlanSubmitView(RecordAPIView):
    """Submit a draft or returned plan for a manager's sign-off."""

    read_permission = RECORD_WORK
    serializer_class = serializers.Serializer

    @extend_schema(request=None, responses={200: PlanDetailSerializer, **REFUSED})
    def post(self, request, uuid):
        plan = selectors.plan_for(request.user, uuid=uuid, for_edit=True)
        with refused_as_400():
            plan = plan_services.submit_plan(plan=plan, by=request.user, request=request)
        return self.output(PlanDetailSerializer, plan_selectors.plan_with_sections(plan))


class PlanDecideView(RecordAPIView):
    """Approve a submitted plan, or return it with comments (managers who sign off plans)."""

    read_permission = APPROVE_PLANS
    write_permission = APPROVE_PLANS
    serializer_class = PlanDecisionSerializer

    @extend_schema(request=PlanDecisionSerializer, responses={200: PlanDetailSerializer, **REFUSED})
    def post(self, request, uuid):
        plan = selectors.plan_for(request.user, uuid=uuid, for_edit=True)
        data = self.incoming(PlanDecisionSerializer).validated_data
        with refused_as_400():
            plan = plan_services.decide_plan(
                plan=plan,
                by=request.user,
                approve=data["decision"] == "approve",
                comment=data["comment"],
                request=request,
            )
        return self.output(PlanDetailSerializer, plan_selectors.plan_with_sections(plan))
