"""Mail backends that fail, as a mail server that is down or refuses a message would."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class RefusingBackend(BaseEmailBackend):
    """Connects, then refuses every message."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPDataError(554, b"Transaction failed")


class UnreachableBackend(BaseEmailBackend):
    """Cannot connect at all."""

    def open(self):
        raise ConnectionRefusedError(111, "Connection refused")

    def send_messages(self, email_messages):
        self.open()
