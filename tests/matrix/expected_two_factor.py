"""Two-factor authentication (accounts/services/two_factor.py). The personas' sessions need no second
factor (no app set up, councils with it off), so the code and recovery-code steps send them on
(302), there are no new recovery codes to show (302 to the account page), and anyone may set
up an app or see their own status."""

from .expected import everyone

EXPECTED = {
    "accounts:two-factor": everyone(302),  # nothing to give: on to the page asked for
    "accounts:two-factor-recovery": everyone(302),
    "accounts:two-factor-set-up": everyone(200),
    "accounts:two-factor-recovery-codes": everyone(302),  # shown once, right after making them
    "accounts:two-factor-account": everyone(200),
    "accounts:two-factor-new-recovery-codes": everyone(405),  # POST only
}
