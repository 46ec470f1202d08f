"""Running many kiosks: systemd's notify protocol, the hang heartbeat, the nightly restart,
signed content packs and the Prometheus metrics file. Plain Python: no Qt here."""
