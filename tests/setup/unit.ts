// Unit tests run offline and never touch Docker: nothing to start here. Kept as the one place
// for cross-cutting unit setup (e.g. a console.error guard) so individual files stay plain.
process.env.NEXT_TELEMETRY_DISABLED = "1";
