"""E-mail notifications after a sync cycle ([notify]): result ready, report reminder, weekly digest.

plan.py   who gets which mail now (from the results store; no I/O beyond reading it)
texts.py  the mails' Indonesian words (never a score, never another person's data)
log.py    the store's notifications_sent table: what was sent or given up, so nothing goes twice
smtp.py   one SMTP connection: pacing, retries on temporary (4xx) answers, permanent (5xx) refusals
run.py    send_due: the edge after a cycle; it never raises, so mail can never fail a cycle
"""
