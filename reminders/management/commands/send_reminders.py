from datetime import date

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Council
from reminders.services import sweep


class Command(BaseCommand):
    help = (
        "Run the daily reminders sweep in this process: find what falls due, make one "
        "reminder for each and send it (inbox and email). The same sweep Celery beat runs; "
        "use it from cron when there is no Redis. Safe to run twice: nothing is sent twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            help="Work out what is due on this date (YYYY-MM-DD) instead of today.",
        )
        parser.add_argument("--council", help="Only this council (its slug).")

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("--date must look like 2026-11-23") from exc
        councils = None
        if options["council"]:
            councils = list(Council.objects.filter(slug=options["council"]))
            if not councils:
                raise CommandError(f"No council with slug {options['council']!r}")

        def report(summary: sweep.RunSummary) -> None:
            self.stdout.write(
                f"{summary.council}: {summary.young_people} young people checked, "
                f"{summary.created} reminders made, {summary.sent} sent, "
                f"{summary.cancelled} not sent (done already) in {summary.seconds:.2f}s"
            )

        summaries = sweep.run_all(today=today, councils=councils, report=report)
        self.stdout.write(
            self.style.SUCCESS(
                f"Sweep finished: {sum(s.created for s in summaries)} reminders made, "
                f"{sum(s.sent for s in summaries)} sent."
            )
        )
