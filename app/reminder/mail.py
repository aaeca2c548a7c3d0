"""Sending mail: SMTP when FOI_SMTP_HOST is set, otherwise one .eml file per message in FOI_MAIL_DIR."""

import os
import smtplib
import ssl
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol

from app.config import Settings


class Mailer(Protocol):
    def send(self, message: EmailMessage) -> None: ...


class SmtpMailer:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def send(self, message: EmailMessage) -> None:
        s = self.settings
        assert s.smtp_host is not None
        with smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=s.smtp_timeout_seconds) as smtp:
            if s.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            if s.smtp_username and s.smtp_password:
                smtp.login(s.smtp_username, s.smtp_password)
            smtp.send_message(message)


class MailDirMailer:
    """The embedded default: `make run` needs no mail server; officers' mail lands in var/mail/."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def send(self, message: EmailMessage) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        name = str(message["Message-ID"]).strip("<>").replace("/", "_").replace("@", "_at_")
        final = self.directory / f"{name}.eml"
        partial = self.directory / f".{name}.eml.partial"
        partial.write_bytes(bytes(message))
        os.replace(partial, final)  # atomic: a reader never sees half a message


def mailer_for(settings: Settings) -> Mailer:
    return SmtpMailer(settings) if settings.smtp_host else MailDirMailer(settings.mail_dir)
