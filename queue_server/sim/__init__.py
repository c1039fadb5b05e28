"""Discrete-event simulation that drives the real engine and store in memory on a virtual
clock: `scenario` (the TOML format), `draws` (arrivals, service times), `world` (the district
and store of a run), `runner` (the event loop), `outcome` (what is measured), `report`
(table, JSON), `charts`, `staffing_advice`, `switching` (window-switch suggestions)."""
