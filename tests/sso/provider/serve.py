"""Start the test identity provider: ``python -m tests.sso.provider.serve SPEC.json``.

The spec names the provider's users (username, password, the claims it asserts) and the
client applications registered with it (client id and secret, redirect URIs, signing
algorithm). The process binds a free port on 127.0.0.1, prints ``READY <issuer>`` and serves
until it is ended. ``PROVIDER_CLOCK_SHIFT`` moves its clock as far as the test's pinned clock
is from the machine's (tests/clock.py), so both agree on "now" as two real servers would.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, make_server


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        sys.stderr.write("provider: " + (format % args) + "\n")


def main() -> None:
    spec = json.loads(Path(sys.argv[1]).read_text())
    shift = float(os.environ.get("PROVIDER_CLOCK_SHIFT") or 0)
    if shift:
        import time_machine

        time_machine.travel(time.time() + shift, tick=True).start()

    application = {}
    server = make_server(
        "127.0.0.1",
        0,
        lambda environ, start_response: application["wsgi"](environ, start_response),
        handler_class=QuietHandler,
    )
    issuer = f"http://127.0.0.1:{server.server_port}/o"
    os.environ["PROVIDER_ISSUER"] = issuer
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.sso.provider.settings"

    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    from . import validator

    call_command("migrate", verbosity=0, interactive=False)
    for person in spec["users"]:
        User.objects.create_user(username=person["username"], password=person["password"])
        validator.DIRECTORY[person["username"]] = person["claims"]
    for app in spec["applications"]:
        algorithm = app.get("algorithm", Application.RS256_ALGORITHM)
        Application.objects.create(
            name=app["client_id"],
            client_id=app["client_id"],
            client_secret=app["client_secret"],
            # HS256 signs with the client secret itself, so the provider must keep it plain.
            hash_client_secret=algorithm != Application.HS256_ALGORITHM,
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
            redirect_uris=" ".join(app["redirect_uris"]),
            algorithm=algorithm,
            skip_authorization=app.get("skip_authorization", True),
        )
        if app.get("forge_signature"):
            validator.FORGED_SIGNATURE.add(app["client_id"])
    validator.FOREIGN_KEY_PEM = spec.get("foreign_key_pem", "")

    application["wsgi"] = get_wsgi_application()
    print(f"READY {issuer}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
