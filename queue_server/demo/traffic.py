"""Simulated citizens and clerks for the demo, speaking the contract through the client."""

from __future__ import annotations

import logging
import random
import threading
import uuid

from queue_server.client.clerk import ClerkClient
from queue_server.client.errors import ClientError, Refused
from queue_server.client.kiosk import KioskClient
from queue_server.client.models import IdentityCard
from queue_server.engine.privacy import id_check_char

log = logging.getLogger(__name__)

HALL = "qixia"
DEMO_PASSWORD = "demo1234"
SIM_WINDOWS = range(2, 9)  # window 1 is the clerk console's
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["伟", "芳", "秀英", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛"]
TIMEOUT = 5.0


def synthetic_identity(rng: random.Random, salt: int = 0) -> IdentityCard:
    """A made-up person with a well-formed Qixia (320113) ID number: demo data only. `salt`
    shifts the sequence digits, so another run of the demo on the same day meets new people
    (the same ones would already hold tickets)."""
    birth = f"{rng.randint(1940, 2004)}{rng.randint(1, 12):02}{rng.randint(1, 28):02}"
    first17 = f"320113{birth}{(rng.randint(0, 999) + salt) % 1000:03}"
    return IdentityCard(first17 + id_check_char(first17), rng.choice(SURNAMES) + rng.choice(GIVEN))


def run_traffic(server: str, kiosk_token: str, stop: threading.Event) -> None:
    """Citizens take tickets; clerks at windows 2-8 call, serve and finish, until `stop`."""
    rng = random.Random(7)
    salt = random.SystemRandom().randrange(1000)  # people differ per run; the timing does not
    kiosk = KioskClient(server, kiosk_token, HALL, kiosk_id="SIM", timeout=TIMEOUT)
    clerk = ClerkClient(server, hall=HALL, timeout=TIMEOUT)
    try:
        clerk.login("clerk", DEMO_PASSWORD)
        windows = clerk.windows()
    except ClientError as err:
        log.warning("demo traffic cannot start: %s", err)
        return
    services = sorted(
        {code for w in windows if w.number <= max(SIM_WINDOWS) for code in w.services}
    )
    while not stop.wait(rng.uniform(1.5, 3.5)):
        # this order of draws gives the seed's sequence, whose first calls come within seconds
        service, identity = rng.choice(services), synthetic_identity(rng, salt)
        priority = "green" if rng.random() < 0.15 else "normal"
        try:
            kiosk.issue(service, uuid.uuid4().hex, identity, priority)
            clerk_step(clerk, rng.choice(SIM_WINDOWS))
        except Refused as err:  # e.g. a service's daily cap: the hall goes on
            log.info("demo traffic refused: %s", err)
        except ClientError as err:
            log.warning("demo traffic: %s", err)


def clerk_step(clerk: ClerkClient, number: int) -> None:
    """Move one simulated window on: call the next citizen, start serving, or finish."""
    current = clerk.window(number).current_ticket
    if current is None:
        clerk.call_next(number)
    elif current.status == "called":
        clerk.start(number)
    else:
        clerk.finish(number, "handled")
