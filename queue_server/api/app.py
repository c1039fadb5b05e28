"""The FastAPI application factory."""

from __future__ import annotations

from fastapi import FastAPI

from queue_server.api import (
    errors,
    guards,
    jobs,
    routes_admin,
    routes_appointments,
    routes_auth,
    routes_balancing,
    routes_dashboard,
    routes_evaluations,
    routes_events,
    routes_halls,
    routes_reports,
    routes_ticket_events,
    routes_tickets,
    routes_windows,
)
from queue_server.api.alert_job import AlertWatch
from queue_server.api.state import AppState
from queue_server.engine.alerts import AlertConfig
from queue_server.web import admin_pages, dash_login, dashboard, evaluate, phone, report_pages


def _alert_watch(state: AppState) -> AlertWatch:
    config = state.notifier.config.alerts if state.notifier else AlertConfig()
    platform = state.platform is not None
    return AlertWatch(state.store, config, state.devices_seen, platform=platform)


def create_app(state: AppState) -> FastAPI:
    """An app serving `state` (its store, broker and settings); OpenAPI at /openapi.json."""
    app = FastAPI(
        lifespan=jobs.lifespan(state.store, state.platform, state.notifier, _alert_watch(state)),
        title="queue-server",
        version="1",
        description="Government service hall queue "
        "(政务服务中心排队叫号). Contract: queue_server/api/CONTRACT.md",
    )
    app.state.queue = state
    errors.install(app)
    guards.install(app)
    # Routes are matched in order, router by router: the busiest (clerks, kiosks) come first.
    for module in (
        routes_windows, routes_tickets, routes_halls, routes_appointments, routes_auth,
        routes_events, routes_evaluations, routes_dashboard,
    ):  # fmt: skip
        app.include_router(module.router)
    app.include_router(routes_ticket_events.router)
    app.include_router(routes_admin.router)  # administration and the audit log
    app.include_router(routes_reports.router)  # performance reports (JSON, CSV, Excel)
    app.include_router(routes_balancing.router)  # managers' window-switch suggestions
    app.include_router(phone.router)  # the phone ticket page /t/{token} and /static/
    app.include_router(evaluate.router)  # the evaluation page and the window pad (pages)
    dash_login.install(app)  # the manager's log-in (session cookie) and log-out
    app.include_router(dashboard.router)  # the manager's dashboard pages
    app.include_router(admin_pages.router)  # the administration and audit pages
    app.include_router(report_pages.router)  # the manager's report page
    return app
