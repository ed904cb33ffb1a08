// End-to-end: the portal's pages show what the API returns. Runs with
// `node --test e2e/*.test.mjs` (see scripts/test.sh): one process, one portal
// (started unless QUALITY_PULSE_URL points at one already running) for all
// the test modules below.
import './servicePages.mjs';
import './squadAndOrgPages.mjs';
import './learningLoop.mjs';
import './initiatives.mjs';
