from django.core.management.base import BaseCommand

from devtools import demo
from devtools.bench_data import build_county


class Command(BaseCommand):
    help = (
        "Create a synthetic demo council with teams, a user for every role and synthetic young "
        "people. Safe to run twice. With --young-people N, also build a synthetic county of N "
        "young people for benchmarks (see docs/benchmarks.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--young-people",
            type=int,
            default=0,
            help="Also generate a benchmark county of this many young people.",
        )
        parser.add_argument(
            "--personal-advisers",
            type=int,
            default=150,
            help="Personal advisers in the benchmark county (default 150).",
        )
        parser.add_argument(
            "--years",
            type=int,
            default=10,
            help="Years of history in the benchmark county (default 10).",
        )

    def handle(self, *args, **options):
        users = demo.seed_people()
        created = demo.seed_young_people(users=users)
        casework = demo.seed_casework(users=users)
        demo.seed_panel(users=users)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready ({created} young people and casework for {casework} added). Sign in at /sign-in/ with "
                f"password {demo.DEMO_PASSWORD!r} as:"
            )
        )
        for spec in demo.DEMO_USERS:
            roles = ", ".join(r.label.lower() for r in spec.roles)
            council = demo.COUNCILS[spec.council]
            self.stdout.write(f"  {spec.email:<38} {roles} ({council})")
        if options["young_people"]:
            summary = build_county(
                young_people=options["young_people"],
                personal_advisers=options["personal_advisers"],
                years=options["years"],
                log=self.stdout.write,
            )
            self.stdout.write(self.style.SUCCESS(summary))
