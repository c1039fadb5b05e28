"""Notifications to citizens: pluggable senders (`senders`), the rules per hall (`rules`) and
the durable outbox job that derives messages from tickets and bookings and sends them
(`outbox`)."""
