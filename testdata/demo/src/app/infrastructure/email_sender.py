"""Transactional e-mail."""

import smtplib

from app.shared import render_user


def send_welcome(user) -> None:
    with smtplib.SMTP("localhost") as smtp:
        smtp.sendmail("noreply@example.com", [user.email], f"Welcome, {render_user(user)}!")
